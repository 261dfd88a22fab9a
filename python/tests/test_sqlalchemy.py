"""rds_iam_edge.sqlalchemy.RDSIAMAuth: the seed's (sqlalchemy-rds-iam) test
behaviours, ported to real signing instead of a mocked boto3 client, plus
async engines, every driver's connect parameters and the refused-login retry."""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any

import boto3
import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.ext.asyncio import create_async_engine

from conftest import CREDS, NOW, SECRET
from rds_iam_edge import RdsIamError, RdsIamWarning, inspect_token, verify_token
from rds_iam_edge.sqlalchemy import RDSIAMAuth

HOST = "test-db.xxxxx.us-west-2.rds.amazonaws.com"
# A real CA file (the SSL contexts load it).
CA = ssl.get_default_verify_paths().openssl_cafile


def auth(**options: Any) -> RDSIAMAuth:
    return RDSIAMAuth(**{"region_name": "us-west-2", "credentials": CREDS, "clock": lambda: NOW, **options})


# -- the seed's behaviours ------------------------------------------------


def test_initialization() -> None:
    a = RDSIAMAuth(region_name="us-west-2")
    assert a.region_name == "us-west-2"
    assert a.cache_timeout == 600
    assert RDSIAMAuth(region_name="us-west-2", cache_timeout=300).cache_timeout == 300
    assert RDSIAMAuth(region="eu-west-1").region_name == "eu-west-1"


def test_generate_auth_token() -> None:
    token = auth().generate_auth_token(user="test_user", host=HOST, port=5432)
    info = inspect_token(token)
    assert (info.hostname, info.port, info.username, info.region) == (HOST, 5432, "test_user", "us-west-2")
    assert verify_token(token, secret_access_key=SECRET, now=NOW).ok


def test_token_caching() -> None:
    a = auth()
    first = a.generate_auth_token(user="test_user", host=HOST, port=5432)
    assert a.generate_auth_token(user="test_user", host=HOST, port=5432) == first
    assert sum(s["signings"] for s in a.stats().values()) == 1


def test_cache_behavior_with_different_params() -> None:
    a = auth()
    token1 = a.generate_auth_token(user="user1", host=HOST, port=5432)
    assert a.generate_auth_token(user="user1", host=HOST, port=5432) == token1
    token2 = a.generate_auth_token(user="user2", host=HOST, port=5432)
    token3 = a.generate_auth_token(user="user2", host=HOST, port=5433)
    assert len({token1, token2, token3}) == 3
    assert a.generate_auth_token(user="user2", host=HOST, port=5432) == token2
    assert sum(s["signings"] for s in a.stats().values()) == 3


def test_engine_integration() -> None:
    a = auth()
    engine = create_engine(f"postgresql+psycopg2://test_user@{HOST}:5432/test_db")
    a.register_for_engine(engine)
    assert event.contains(engine, "do_connect", a.provide_token)


def test_invalid_cache_timeout_values() -> None:
    for bad in (-1, 1.5, "600", True):
        with pytest.raises(ValueError, match="cache_timeout") as caught:
            RDSIAMAuth(region_name="us-west-2", cache_timeout=bad)  # type: ignore[arg-type]
        assert isinstance(caught.value, RdsIamError)
        assert caught.value.field == "cache_timeout"


def test_cache_timeout_zero_disables_caching() -> None:
    clock = [float(NOW)]
    a = auth(cache_timeout=0, clock=lambda: clock[0])
    tokens = set()
    for _ in range(3):
        tokens.add(a.generate_auth_token(user="test_user", host=HOST, port=5432))
        clock[0] += 1  # a new second, so each signing differs
    assert len(tokens) == 3


def test_cache_timeout_bounds_the_cached_life() -> None:
    clock = [float(NOW)]
    a = auth(cache_timeout=300, clock=lambda: clock[0])
    first = a.generate_auth_token(user="u", host=HOST, port=5432)
    clock[0] += 299
    assert a.generate_auth_token(user="u", host=HOST, port=5432) == first
    clock[0] += 1
    assert a.generate_auth_token(user="u", host=HOST, port=5432) != first


def test_region_resolution(tmp_path: Path) -> None:
    (tmp_path / "config").write_text("[default]\nregion = us-east-1\n")
    (tmp_path / "credentials").write_text(
        f"[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = {SECRET}\n"
    )
    assert RDSIAMAuth(region_name="us-west-2")._get_region() == "us-west-2"
    assert RDSIAMAuth(boto_session=boto3.Session())._get_region() == "us-east-1"
    assert RDSIAMAuth(boto_session=boto3.Session(region_name="eu-north-1"))._get_region() == "eu-north-1"
    # The endpoint's region comes before the session's; the session's before the environment's.
    session_auth = RDSIAMAuth(boto_session=boto3.Session(region_name="eu-north-1"))
    assert inspect_token(session_auth.generate_auth_token(user="u", host=HOST, port=5432)).region == "us-west-2"
    assert inspect_token(session_auth.generate_auth_token(user="u", host="localhost", port=5432)).region == "eu-north-1"
    (tmp_path / "config").write_text("")
    assert RDSIAMAuth(boto_session=boto3.Session())._get_region() is None
    # The region argument of generate_auth_token takes precedence.
    with pytest.warns(RdsIamWarning, match="REGION_MISMATCH"):  # signed as asked, and said
        token = auth().generate_auth_token(user="test_user", host=HOST, port=5432, region="eu-west-1")
    assert inspect_token(token).region == "eu-west-1"
    # Without any: the endpoint's own region.
    token = RDSIAMAuth(credentials=CREDS).generate_auth_token(user="u", host=HOST, port=5432)
    assert inspect_token(token).region == "us-west-2"
    with pytest.raises(RdsIamError) as caught:
        RDSIAMAuth(credentials=CREDS).generate_auth_token(user="u", host="localhost", port=5432)
    assert caught.value.code == "REGION_UNAVAILABLE"


def test_boto_session_credentials(tmp_path: Path) -> None:
    (tmp_path / "credentials").write_text("[x]\naws_access_key_id = AKIDX\naws_secret_access_key = sx\n")
    a = RDSIAMAuth(boto_session=boto3.Session(profile_name="x"), region_name="us-west-2")
    token = a.generate_auth_token(user="u", host=HOST, port=5432)
    assert inspect_token(token).access_key_id == "AKIDX"


# -- drivers, async, TLS, retry ----------------------------------------------


class RecordingDialect:
    """A stand-in for the dialect's connect only (the real ones run in e2e)."""

    def __init__(self, dialect: Any, refuse: int = 0, error: Exception | None = None) -> None:
        self.name, self.driver, self.is_async = dialect.name, dialect.driver, False
        self.refuse, self.error = refuse, error
        self.calls: list[dict[str, Any]] = []

    def connect(self, *cargs: Any, **cparams: Any) -> str:
        self.calls.append(dict(cparams))
        if len(self.calls) <= self.refuse:
            raise self.error or RuntimeError("refused")
        return "connection"


def connect_params(url: str, **options: Any) -> tuple[RecordingDialect, dict[str, Any]]:
    engine = create_engine(url)
    cargs, cparams = engine.dialect.create_connect_args(engine.url)
    dialect = RecordingDialect(engine.dialect)
    assert auth(**options).provide_token(dialect, None, cargs, cparams) == "connection"
    return dialect, dialect.calls[-1]


@pytest.mark.parametrize(
    ("url", "password_key"),
    [
        (f"postgresql+psycopg2://app@{HOST}:5432/db", "password"),
        (f"postgresql+psycopg://app@{HOST}/db", "password"),
        (f"postgresql+pg8000://app@{HOST}:5432/db", "password"),
        (f"mysql+pymysql://app@{HOST}:3306/db", "password"),
        (f"mysql+mysqldb://app@{HOST}/db", "passwd"),
    ],
)
def test_each_driver_gets_the_token_and_tls(url: str, password_key: str) -> None:
    dialect, params = connect_params(url, ssl_ca=CA)
    token = params[password_key]
    info = inspect_token(token)
    default_port = 3306 if url.startswith("mysql") else 5432
    assert (info.username, info.hostname, info.port) == ("app", HOST, default_port)
    tls = {k: v for k, v in params.items() if k.startswith("ssl")}
    if dialect.driver.startswith("psycopg"):
        assert tls == {"sslmode": "verify-full", "sslrootcert": CA}
    elif dialect.driver == "mysqldb":
        assert tls == {"ssl_mode": "VERIFY_IDENTITY", "ssl": {"ca": CA}}
    else:
        context = tls["ssl_context" if dialect.driver == "pg8000" else "ssl"]
        assert isinstance(context, ssl.SSLContext)
        assert context.check_hostname


def test_libpq_without_a_ca_uses_its_lookup_else_the_system_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("PGSSLROOTCERT", raising=False)
    for driver in ("psycopg2", "psycopg"):
        _, params = connect_params(f"postgresql+{driver}://app@{HOST}/db")
        assert (params["sslmode"], params["sslrootcert"]) == ("verify-full", "system")
    (tmp_path / ".postgresql").mkdir()
    (tmp_path / ".postgresql" / "root.crt").write_text("")
    _, params = connect_params(f"postgresql+psycopg2://app@{HOST}/db")
    assert "sslrootcert" not in params  # libpq reads ~/.postgresql/root.crt itself
    (tmp_path / ".postgresql" / "root.crt").unlink()
    monkeypatch.setenv("PGSSLROOTCERT", str(tmp_path / "bundle.pem"))
    _, params = connect_params(f"postgresql+psycopg2://app@{HOST}/db")
    assert "sslrootcert" not in params  # libpq reads PGSSLROOTCERT itself


def test_tls_settings_given_by_the_caller_win_and_tls_can_be_relaxed() -> None:
    engine = create_engine(f"postgresql+psycopg2://app@{HOST}/db", connect_args={"sslmode": "disable"})
    _, cparams = engine.dialect.create_connect_args(engine.url)
    cparams.update({"sslmode": "disable"})
    dialect = RecordingDialect(engine.dialect)
    auth().provide_token(dialect, None, [], cparams)
    assert dialect.calls[-1]["sslmode"] == "disable"
    _, params = connect_params(f"postgresql+psycopg2://app@{HOST}/db", tls="require")
    assert params["sslmode"] == "require"
    assert "sslrootcert" not in params
    _, params = connect_params(f"postgresql+psycopg2://app@{HOST}/db", tls=False)
    assert "sslmode" not in params


def test_a_refused_login_is_retried_once_with_a_fresh_token() -> None:
    class Refused(Exception):
        pgcode = "28P01"

    # The credentials were rotated: the first fetch still returns the old ones.
    fetched: list[int] = []

    def rotating() -> dict[str, str]:
        fetched.append(1)
        return {**CREDS, "secret_access_key": "old" if len(fetched) == 1 else SECRET}

    a = auth(credentials=rotating)
    engine = create_engine(f"postgresql+psycopg2://app@{HOST}/db")
    cargs, cparams = engine.dialect.create_connect_args(engine.url)
    dialect = RecordingDialect(engine.dialect, refuse=1, error=Refused())
    assert a.provide_token(dialect, None, cargs, cparams) == "connection"
    assert len(dialect.calls) == 2
    assert verify_token(dialect.calls[1]["password"], secret_access_key=SECRET, now=NOW).ok
    assert not verify_token(dialect.calls[0]["password"], secret_access_key=SECRET, now=NOW).ok
    # A refusal that a fresh token cannot fix is raised after one retry at most.
    always = RecordingDialect(engine.dialect, refuse=10, error=Refused())
    with pytest.raises(Refused):
        a.provide_token(always, None, cargs, dict(cparams))
    assert len(always.calls) <= 2
    # Other errors are not retried.
    other = RecordingDialect(engine.dialect, refuse=1, error=OSError("network"))
    with pytest.raises(OSError, match="network"):
        a.provide_token(other, None, cargs, dict(cparams))
    assert len(other.calls) == 1


def test_mysql_refusals_are_recognised() -> None:
    import pymysql

    from rds_iam_edge import login_refused_error

    assert login_refused_error(pymysql.err.OperationalError(1045, "Access denied"))
    assert not login_refused_error(pymysql.err.OperationalError(2003, "Can't connect"))
    import psycopg
    import psycopg2

    # libpq's refusals carry no SQLSTATE: the server's message is all there is.
    message = (
        'connection to server at "db" (10.0.0.1), port 5432 failed: FATAL:  PAM authentication failed for user "u"'
    )
    assert login_refused_error(psycopg2.OperationalError(message))
    assert login_refused_error(psycopg.OperationalError(message.replace("PAM", "password")))
    assert not login_refused_error(psycopg2.OperationalError("could not translate host name"))
    assert not login_refused_error(ValueError(message))  # only the drivers' own errors


def test_async_engines_register_on_their_sync_engine() -> None:
    a = auth()
    engine = create_async_engine(f"postgresql+asyncpg://app@{HOST}:5432/db")
    a.register_for_engine(engine)
    assert event.contains(engine.sync_engine, "do_connect", a.provide_token)


def test_dsql_engines_sign_dsql_tokens() -> None:
    a = RDSIAMAuth(service="dsql", credentials=CREDS)
    host = "abcdefghijklmnopqrst.dsql.us-east-1.on.aws"
    admin = inspect_token(a.generate_auth_token(user="admin", host=host, port=5432))
    other = inspect_token(a.generate_auth_token(user="app", host=host, port=5432))
    assert (admin.service, admin.action, admin.region) == ("dsql", "DbConnectAdmin", "us-east-1")
    assert other.action == "DbConnect"


def test_bad_options_name_their_field() -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"service": "elasticache"}, "service"),
        ({"tls": "yes"}, "tls"),
        ({"region": "a", "region_name": "b"}, "region"),
        ({"boto_session": boto3.Session(), "credentials": CREDS}, "credentials"),
    ]
    for options, field in cases:
        with pytest.raises(RdsIamError) as caught:
            RDSIAMAuth(**options)
        assert caught.value.field == field
    assert SECRET not in repr(auth())


def test_endpoints_share_one_credential_fetch() -> None:
    fetched: list[int] = []

    def credentials() -> dict[str, str]:
        fetched.append(1)
        return CREDS

    a = auth(credentials=credentials)
    for user, port in [("a", 5432), ("b", 5432), ("a", 5433)]:
        a.generate_auth_token(user=user, host=HOST, port=port)
    assert len(fetched) == 1
    assert len(a.stats()) == 3


def test_endpoints_are_bounded_and_an_evicted_provider_still_serves_its_holder() -> None:
    a = auth(max_endpoints=2)
    held = a.provider_for("a", HOST, 5432, None)
    for user in ("b", "c", "d"):
        a.generate_auth_token(user=user, host=HOST, port=5432)
    assert len(a.stats()) == 2
    assert inspect_token(held.get()).username == "a"
