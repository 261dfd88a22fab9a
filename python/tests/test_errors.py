"""Every error code reachable from Python, a hostile sweep (only
RdsIamError, never a panic, a Rust message or another exception) and
secret hygiene in every str / repr."""

from __future__ import annotations

import datetime as dt
import functools
import pickle
import random
from typing import Any, Callable

import pytest

import rds_iam_edge
from conftest import CREDS, HOST, NOW, SECRET, SESSION, TEMP
from rds_iam_edge import ERROR_CODES, RdsIamError, TokenProvider, TokenSigner, inspect_token, sign_token, verify_token

BASE: dict[str, Any] = {"hostname": HOST, "port": 5432, "username": "app_user", "credentials": TEMP, "now": NOW}


def sign(**changes: Any) -> str:
    fields = {**BASE, **changes}
    return sign_token(**{k: v for k, v in fields.items() if v is not _DROP})


_DROP = object()


def code_of(action: Callable[[], object]) -> tuple[str, str | None]:
    with pytest.raises(RdsIamError) as caught:
        action()
    return caught.value.code, caught.value.field


GOOD = sign()


def _tampered() -> str:
    i = GOOD.index("X-Amz-Signature=") + 20
    return GOOD[:i] + ("0" if GOOD[i] != "0" else "1") + GOOD[i + 1 :]


SIGN_CASES: list[tuple[dict[str, Any], str, str | None]] = [
    ({"hostname": 5}, "INVALID_INPUT", "hostname"),
    ({"service": "redshift"}, "INVALID_SERVICE", "service"),
    ({"hostname": "https://db"}, "INVALID_HOSTNAME", "hostname"),
    ({"hostname": ""}, "INVALID_HOSTNAME", "hostname"),
    ({"hostname": "db:5432"}, "INVALID_HOSTNAME", "hostname"),
    ({"port": 0}, "INVALID_PORT", "port"),
    ({"port": 65536}, "INVALID_PORT", "port"),
    ({"port": "54x"}, "INVALID_PORT", "port"),
    ({"port": True}, "INVALID_INPUT", "port"),
    ({"port": 10**30}, "INVALID_PORT", "port"),
    ({"port": _DROP}, "INVALID_PORT", "port"),
    ({"username": ""}, "INVALID_USERNAME", "username"),
    ({"username": _DROP}, "INVALID_USERNAME", "username"),
    ({"region": "US-EAST-1"}, "INVALID_REGION", "region"),
    ({"hostname": "localhost"}, "REGION_UNAVAILABLE", "region"),
    ({"region": ""}, "INVALID_REGION", "region"),
    (
        {"credentials": {"access_key_id": "AK/ID", "secret_access_key": "s"}},
        "INVALID_CREDENTIALS",
        "credentials.access_key_id",
    ),
    ({"credentials": {"access_key_id": "AKID"}}, "INVALID_CREDENTIALS", "credentials.secret_access_key"),
    ({"credentials": {**CREDS, "session_token": 5}}, "INVALID_CREDENTIALS", "credentials.session_token"),
    ({"credentials": {**CREDS, "session_token": ""}}, "INVALID_CREDENTIALS", "credentials.session_token"),
    ({"credentials": {**CREDS, "secret_access_key": ""}}, "INVALID_CREDENTIALS", "credentials.secret_access_key"),
    ({"credentials": {"accessKeyId": "AKID", "secretAccessKey": "s"}}, "INVALID_INPUT", "credentials.accessKeyId"),
    ({"credentials": 42}, "INVALID_CREDENTIALS", "credentials"),
    ({"expires_in": 901}, "INVALID_EXPIRES_IN", "expires_in"),
    ({"expires_in": 0}, "INVALID_EXPIRES_IN", "expires_in"),
    ({"expires_in": 1.5}, "INVALID_INPUT", "expires_in"),
    ({"now": -1}, "INVALID_TIME", "now"),
    ({"now": float("nan")}, "INVALID_TIME", "now"),
    ({"now": 10**20}, "INVALID_TIME", "now"),
    ({"now": 253402300800}, "INVALID_TIME", "now"),
    ({"now": dt.datetime(2024, 1, 1)}, "INVALID_TIME", "now"),  # naive
    ({"now": "2024"}, "INVALID_INPUT", "now"),
    ({"admin": True}, "NOT_APPLICABLE", "admin"),
    ({"serverless": True}, "NOT_APPLICABLE", "serverless"),
    ({"service": "dsql", "hostname": "abc.dsql.us-east-1.on.aws"}, "NOT_APPLICABLE", "port"),
    ({"credentials": {**CREDS, "expiration": NOW - 1}}, "CREDENTIALS_EXPIRED", "credentials.expiration"),
    ({"credentials": {**CREDS, "expiration": NOW}}, "CREDENTIALS_EXPIRED", "credentials.expiration"),
    ({"credentials": {**CREDS, "expiration": float("inf")}}, "INVALID_CREDENTIALS", "credentials.expiration"),
    ({"credentials": lambda: 1 / 0}, "PROVIDER_FAILED", "credentials"),
]


@pytest.mark.parametrize(("changes", "code", "field"), SIGN_CASES)
def test_sign_token_error_codes(changes: dict[str, Any], code: str, field: str | None) -> None:
    assert code_of(lambda: sign(**changes)) == (code, field)


def test_verification_codes() -> None:
    other = sign(username="someone_else")
    cases = [
        (verify_token("not a token", secret_access_key=SECRET), "INVALID_TOKEN"),
        (verify_token(_tampered(), secret_access_key=SECRET, now=NOW), "SIGNATURE_MISMATCH"),
        (verify_token(GOOD, secret_access_key=SECRET, now=NOW + 901), "EXPIRED"),
        (verify_token(GOOD, secret_access_key=SECRET, now=NOW - 301), "NOT_YET_VALID"),
        (verify_token(other, secret_access_key=SECRET, now=NOW, username="app_user"), "WRONG_USER"),
        (verify_token(GOOD, secret_access_key=SECRET, now=NOW, hostname="other.host"), "WRONG_HOST"),
        (verify_token(GOOD, secret_access_key=SECRET, now=NOW, port=5433), "WRONG_HOST"),
        (verify_token(GOOD, keys={"OTHER": SECRET}, now=NOW), "UNKNOWN_ACCESS_KEY"),
    ]
    for result, code in cases:
        assert (result.ok, result.code) == (False, code)
    assert verify_token(GOOD, keys={"AKIDEXAMPLE": SECRET}, now=NOW, username="app_user", hostname=HOST, port="5432").ok
    assert code_of(lambda: inspect_token("host/?Action=connect")) == ("INVALID_TOKEN", "token")
    assert code_of(lambda: inspect_token(5)) == ("INVALID_TOKEN", "token")  # type: ignore[arg-type]
    assert code_of(lambda: verify_token(GOOD, secret_access_key=SECRET, port=0)) == ("INVALID_PORT", "port")
    assert code_of(lambda: verify_token(GOOD, secret_access_key=SECRET, skew_seconds=-1)) == (
        "INVALID_INPUT",
        "skew_seconds",
    )


def test_credential_and_region_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "botocore", None)  # as if botocore were not installed
    monkeypatch.setitem(sys.modules, "botocore.session", None)
    assert code_of(lambda: sign(credentials=None)) == ("CREDENTIALS_UNAVAILABLE", "credentials")
    assert code_of(lambda: TokenProvider(hostname="localhost", port=1, username="u", credentials=CREDS)) == (
        "REGION_UNAVAILABLE",
        "region",
    )


def test_every_code_is_known_and_unknown_ones_are_internal() -> None:
    assert len(set(ERROR_CODES)) == len(ERROR_CODES)
    assert RdsIamError("NO_SUCH_CODE", "x", "y").code == "INTERNAL_ERROR"
    error = RdsIamError("INVALID_PORT", "port", "must be an integer from 1 to 65535")
    assert str(error) == "INVALID_PORT (port): must be an integer from 1 to 65535"
    again = pickle.loads(pickle.dumps(error))
    assert (again.code, again.field, again.reason) == (error.code, error.field, error.reason)
    assert isinstance(error, Exception)


def _signer_sign(field: str, value: Any) -> str:
    fields = {k: v for k, v in {**BASE, field: value}.items() if k != "now"}
    return TokenSigner(**fields).sign(NOW)


def _hostile_values(rng: random.Random) -> list[Any]:
    text = "".join(
        chr(rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x80, 0x10FFFF)])) for _ in range(rng.randrange(0, 40))
    )
    return [
        None,
        "",
        " ",
        "\x00",
        "\ud800",
        "a\udfffb",
        "%",
        "%zz",
        "/",
        "?",
        "#",
        "x" * 70_000,
        "é" * 300,
        text,
        -1,
        0,
        1,
        2**63,
        -(2**63),
        2**64,
        1.5,
        float("inf"),
        float("nan"),
        True,
        False,
        b"bytes",
        [],
        {},
        object(),
        dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc),
        dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone.utc),
        lambda: None,
        lambda: {"access_key_id": "\ud800", "secret_access_key": "s"},
        {"access_key_id": "A", "secret_access_key": "\ud800"},
        {"access_key_id": None},
        {"expiration": "soon"},
    ]


def test_hostile_sweep_raises_only_rds_iam_error() -> None:
    rng = random.Random(16)
    fields = [
        "hostname",
        "port",
        "username",
        "region",
        "credentials",
        "service",
        "expires_in",
        "now",
        "admin",
        "serverless",
    ]
    seen: set[str] = set()
    for _ in range(6):
        for field in fields:
            for value in _hostile_values(rng):
                actions: list[Callable[[], str]] = [
                    functools.partial(sign, **{field: value}),
                    functools.partial(_signer_sign, field, value),
                ]
                for action in actions:
                    try:
                        token = action()
                    except RdsIamError as error:
                        seen.add(error.code)
                        assert "rust" not in str(error).lower()
                        assert "panic" not in str(error).lower()
                        assert SECRET not in str(error)
                        assert SESSION not in str(error)
                    else:
                        assert isinstance(token, str)
    for value in [
        *_hostile_values(rng),
        GOOD[:-1],
        GOOD + "&",
        GOOD.replace("Action=connect", "Action=connect&Action=x"),
    ]:
        try:
            inspect_token(value)
        except RdsIamError as error:
            assert error.code == "INVALID_TOKEN"
        try:
            result = verify_token(value, secret_access_key=SECRET, now=NOW)
            assert result.ok is False or value == GOOD
        except RdsIamError:
            pass
    assert "INTERNAL_ERROR" not in seen
    assert {"INVALID_INPUT", "INVALID_HOSTNAME", "INVALID_PORT", "INVALID_TIME", "INVALID_CREDENTIALS"} <= seen


def test_no_secret_in_any_str_or_repr() -> None:
    signer = TokenSigner(**{k: v for k, v in BASE.items() if k != "now"})
    provider = TokenProvider(hostname=HOST, port=5432, username="app_user", credentials=TEMP)
    token = provider.get()
    identity = rds_iam_edge.Identity("AKIDEXAMPLE", SECRET, SESSION)
    things: list[object] = [
        signer,
        provider,
        identity,
        provider.stats(),
        inspect_token(token),
        verify_token(token, secret_access_key=SECRET),
        provider._current,
    ]
    for error_case in SIGN_CASES:
        try:
            sign(**error_case[0])
        except RdsIamError as error:
            things.append(error)
    for thing in things:
        for shown in (str(thing), repr(thing)):
            assert SECRET not in shown
            assert SESSION not in shown
            assert token not in shown
            assert "X-Amz-Signature" not in shown
    with pytest.raises(TypeError):
        pickle.dumps(identity)


def test_every_code_python_can_raise_is_raised_somewhere_here() -> None:
    """One trigger per code; HTTP_ERROR is botocore's business (we do no HTTP)."""
    import sys
    import threading
    import time

    seen: set[str] = set()

    def record(action: Callable[[], object]) -> None:
        try:
            result = action()
        except RdsIamError as error:
            seen.add(error.code)
        else:
            code = getattr(result, "code", None)
            if code:
                seen.add(code)

    for changes, _, _ in SIGN_CASES:
        record(functools.partial(sign, **changes))
    record(lambda: verify_token("x", secret_access_key=SECRET))
    record(lambda: verify_token(_tampered(), secret_access_key=SECRET, now=NOW))
    record(lambda: verify_token(GOOD, secret_access_key=SECRET, now=NOW + 901))
    record(lambda: verify_token(GOOD, secret_access_key=SECRET, now=NOW - 301))
    record(lambda: verify_token(GOOD, secret_access_key=SECRET, now=NOW, username="other"))
    record(lambda: verify_token(GOOD, secret_access_key=SECRET, now=NOW, hostname="other"))
    record(lambda: verify_token(GOOD, keys={}, now=NOW))
    record(lambda: TokenProvider(hostname="localhost", port=1, username="u", credentials=CREDS))
    saved = sys.modules.get("botocore")
    sys.modules["botocore"] = None  # type: ignore[assignment]
    try:
        record(lambda: sign(credentials=None))
    finally:
        if saved is not None:
            sys.modules["botocore"] = saved
    release = threading.Event()
    slow = TokenProvider(
        hostname=HOST, port=1, username="u", credentials=lambda: release.wait(5) and CREDS, timeout=0.1
    )
    worker = threading.Thread(target=slow.get)
    worker.start()
    time.sleep(0.05)
    record(slow.get)
    release.set()
    worker.join()
    seen.add(RdsIamError("NOT_A_CODE", None, "x").code)
    # HTTP_ERROR: botocore does the HTTP; WASM_UNAVAILABLE: the core runs natively here.
    assert seen == set(ERROR_CODES) - {"HTTP_ERROR", "WASM_UNAVAILABLE"}


def test_hostile_options_of_provider_auth_and_verify_raise_only_rds_iam_error() -> None:
    from rds_iam_edge.sqlalchemy import RDSIAMAuth

    rng = random.Random(61)
    provider_base: dict[str, Any] = {"hostname": HOST, "port": 5432, "username": "app_user", "credentials": TEMP}
    provider_fields = [
        *provider_base,
        "region",
        "service",
        "expires_in",
        "safety_margin",
        "refresh_ahead",
        "max_age",
        "cache",
        "max_entries",
        "clock",
        "timeout",
        "on_event",
    ]
    for field in provider_fields:
        for value in _hostile_values(rng):
            try:
                provider = TokenProvider(**{**provider_base, field: value})
                provider.get()
                provider.close()
            except RdsIamError as error:
                assert SECRET not in str(error)
    for field in ["region_name", "cache_timeout", "region", "service", "tls", "ssl_ca", "max_endpoints", "timeout"]:
        for value in _hostile_values(rng):
            try:
                RDSIAMAuth(credentials=CREDS, **{field: value}).generate_auth_token("u", HOST, 5432)
            except RdsIamError as error:
                assert SECRET not in str(error)
    for field in ["secret_access_key", "keys", "now", "username", "hostname", "port", "skew_seconds"]:
        for value in _hostile_values(rng):
            try:
                verify_token(GOOD, **{field: value})
            except RdsIamError as error:
                assert SECRET not in str(error)
