"""End to end for the Python package on the local IAM login stand-in
(e2e/servers.sh): SQLAlchemy with psycopg2, psycopg 3, asyncpg and pg8000
to PostgreSQL over verified TLS, PyMySQL to MariaDB (TLS and the cleartext
plugin), PgBouncer as RDS Proxy, pools of 20 across three
token lifetimes without a failed login, refusals, and the one retry that a
stale token earns. Run by `make test-python-e2e` (which starts the servers).
"""

# ruff: noqa: S106, S108 - the stand-in's fixed paths and deliberately wrong secrets

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from rds_iam_edge.sqlalchemy import RDSIAMAuth

SERVERS = json.loads(Path(os.environ.get("RDS_IAM_E2E_SERVERS", "/tmp/rds-iam-edge-e2e/servers.json")).read_text())
KEYS = json.loads(Path(SERVERS["keys"]).read_text())
HOST = SERVERS["hostname"]
CA = SERVERS["ca"]
REGION = "us-east-1"
# Short-lived tokens, so a test of seconds spans several token lifetimes.
SHORT = {"expires_in": 4, "safety_margin": 1, "refresh_ahead": 1}


def creds(which: str = "temporary", **changes: str) -> dict[str, str]:
    k = KEYS[which]
    c = {"access_key_id": k["accessKeyId"], "secret_access_key": k["secretAccessKey"]}
    if "sessionToken" in k:
        c["session_token"] = k["sessionToken"]
    return {**c, **changes}


def auth(**options: Any) -> RDSIAMAuth:
    return RDSIAMAuth(**{"region": REGION, "credentials": creds(), "ssl_ca": CA, **options})


def last_check(server: str) -> str:
    lines = Path(SERVERS[server]["checkerLog"]).read_text().strip().splitlines()
    return lines[-1] if lines else ""


def url(driver: str, server: str = "postgres", user: str = "iam_user") -> str:
    port = SERVERS[server]["port"]
    if server == "mariadb":
        return f"mysql+{driver}://{user}@{HOST}:{port}/"
    return f"postgresql+{driver}://{user}@{HOST}:{port}/{SERVERS[server]['database']}"


WHO = {"postgres": "select current_user", "pgbouncer": "select current_user", "mariadb": "select current_user()"}
EXPECTED = {"postgres": "iam_user", "pgbouncer": "iam_user", "mariadb": "iam_user@%"}


def login(engine: sa.Engine, server: str) -> str:
    with engine.connect() as conn:
        return str(conn.execute(sa.text(WHO[server])).scalar())


@pytest.mark.parametrize(
    ("driver", "server", "which"),
    [
        ("psycopg2", "postgres", "temporary"),
        ("psycopg", "postgres", "longTerm"),
        ("pg8000", "postgres", "temporary"),
        ("pymysql", "mariadb", "temporary"),
        ("psycopg2", "pgbouncer", "longTerm"),
        ("psycopg", "pgbouncer", "temporary"),
    ],
)
def test_logs_in(driver: str, server: str, which: str) -> None:
    # (mysqlclient is not here: libmariadb takes the stand-in's "localhost" to
    # mean its unix socket, which no RDS host name is; its parameters are
    # checked in python/tests/test_sqlalchemy.py.)
    a = auth(credentials=creds(which))
    engine = sa.create_engine(url(driver, server), poolclass=sa.pool.NullPool)
    a.register_for_engine(engine)
    assert login(engine, server) == EXPECTED[server]
    assert " accept " in f" {last_check(server)} "
    a.close()


def test_the_seed_example_as_written_with_our_import(monkeypatch: pytest.MonkeyPatch) -> None:
    # The seed's README: RDSIAMAuth() with the default chain (here: the environment).
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEYS["longTerm"]["accessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", KEYS["longTerm"]["secretAccessKey"])
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("PGSSLROOTCERT", CA)  # the RDS CA bundle's place in real use
    from rds_iam_edge.sqlalchemy import RDSIAMAuth as Seed

    auth = Seed()
    engine = sa.create_engine(url("psycopg2"))
    auth.register_for_engine(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select 1")).scalar() == 1


def _pool_run(engine: sa.Engine, seconds: float) -> tuple[int, list[BaseException]]:
    """20 threads check connections out of a pool of 20 that recycles them
    every 0.5 s, so logins keep happening across token lifetimes."""
    failures: list[BaseException] = []
    logins = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        while time.monotonic() < stop:
            try:
                assert login(engine, "postgres") == "iam_user"
                with lock:
                    logins[0] += 1
            except BaseException as error:
                failures.append(error)
                return
            time.sleep(0.05)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return logins[0], failures


@pytest.mark.parametrize("driver", ["psycopg2", "psycopg"])
def test_a_pool_of_20_across_three_token_lifetimes(driver: str) -> None:
    signed: list[int] = []
    a = auth(**SHORT, on_event=lambda e: signed.append(1) if e["type"] == "sign" else None)
    engine = sa.create_engine(url(driver), pool_size=20, max_overflow=0, pool_recycle=0.5, pool_pre_ping=False)
    a.register_for_engine(engine)
    logins, failures = _pool_run(engine, 3 * SHORT["expires_in"] + 1)
    engine.dispose()
    (stats,) = a.stats().values()
    a.close()
    assert failures == []
    assert logins > 60
    assert len(signed) >= 3  # three (or more) token lifetimes were crossed
    assert stats["refused_logins"] == 0
    assert stats["failures"] == {}


def test_asyncpg_pool_of_20_across_three_token_lifetimes() -> None:
    signed: list[int] = []
    a = auth(**SHORT, on_event=lambda e: signed.append(1) if e["type"] == "sign" else None)

    async def main() -> tuple[int, list[BaseException]]:
        engine = create_async_engine(url("asyncpg"), pool_size=20, max_overflow=0, pool_recycle=0.5)
        a.register_for_engine(engine)
        failures: list[BaseException] = []
        logins = 0
        stop = time.monotonic() + 3 * SHORT["expires_in"] + 1

        async def worker() -> None:
            nonlocal logins
            while time.monotonic() < stop:
                try:
                    async with engine.connect() as conn:
                        assert (await conn.execute(sa.text("select current_user"))).scalar() == "iam_user"
                    logins += 1
                except BaseException as error:
                    failures.append(error)
                    return
                await asyncio.sleep(0.05)

        await asyncio.gather(*(worker() for _ in range(20)))
        await engine.dispose()
        return logins, failures

    logins, failures = asyncio.run(main())
    a.close()
    assert failures == []
    assert logins > 60
    assert len(signed) >= 3


@pytest.mark.parametrize("driver", ["asyncpg", "psycopg_async"])
def test_async_engines_log_in(driver: str) -> None:
    a = auth()

    async def main() -> str:
        engine = create_async_engine(url(driver), poolclass=sa.pool.NullPool)
        a.register_for_engine(engine)
        async with engine.connect() as conn:
            who = (await conn.execute(sa.text("select current_user"))).scalar()
        await engine.dispose()
        return str(who)

    assert asyncio.run(main()) == "iam_user"
    a.close()


@pytest.mark.parametrize(("driver", "server"), [("psycopg2", "postgres"), ("pymysql", "mariadb")])
def test_a_wrong_secret_is_refused(driver: str, server: str) -> None:
    a = auth(credentials=creds("longTerm", secret_access_key="not-the-secret"))
    engine = sa.create_engine(url(driver, server), poolclass=sa.pool.NullPool)
    a.register_for_engine(engine)
    with pytest.raises(sa.exc.OperationalError):
        login(engine, server)
    assert "code=SIGNATURE_MISMATCH" in last_check(server)
    a.close()


@pytest.mark.parametrize(
    ("driver", "server"), [("psycopg2", "postgres"), ("pymysql", "mariadb"), ("asyncpg", "postgres")]
)
def test_a_stale_token_is_replaced_and_the_login_retried_once(driver: str, server: str) -> None:
    # Credentials rotated under us: the first fetch still returns a dead secret.
    fetches: list[int] = []

    def rotating() -> dict[str, str]:
        fetches.append(1)
        return creds("longTerm", secret_access_key="rotated-away") if len(fetches) == 1 else creds("longTerm")

    a = auth(credentials=rotating)
    if driver == "asyncpg":

        async def main() -> str:
            engine = create_async_engine(url(driver, server), poolclass=sa.pool.NullPool)
            a.register_for_engine(engine)
            async with engine.connect() as conn:
                who = (await conn.execute(sa.text(WHO[server]))).scalar()
            await engine.dispose()
            return str(who)

        who = asyncio.run(main())
    else:
        engine = sa.create_engine(url(driver, server), poolclass=sa.pool.NullPool)
        a.register_for_engine(engine)
        who = login(engine, server)
    assert who == EXPECTED[server]
    (stats,) = a.stats().values()
    assert (stats["refused_logins"], stats["forced_refreshes"], stats["signings"]) == (1, 1, 2)
    a.close()
