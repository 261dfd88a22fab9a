"""Every accepted credentials shape signs the same token; the default chain
is botocore's when installed, else the AWS_* environment variables."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.credentials import Credentials, RefreshableCredentials

from conftest import HOST, NOW, SECRET, SESSION, TEMP
from rds_iam_edge import Identity, RdsIamError, TokenProvider, inspect_token, sign_token

EXPECTED = sign_token(hostname=HOST, port=5432, username="app_user", credentials=TEMP, now=NOW)


def sign(credentials: Any) -> str:
    return sign_token(hostname=HOST, port=5432, username="app_user", credentials=credentials, now=NOW)


def refreshable(expiry: dt.datetime) -> RefreshableCredentials:
    def refresh() -> dict[str, str]:
        return {"access_key": "AKIDEXAMPLE", "secret_key": SECRET, "token": SESSION, "expiry_time": expiry.isoformat()}

    return RefreshableCredentials.create_from_metadata(refresh(), refresh, "test")


def test_every_shape_signs_the_same_token() -> None:
    future = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    shapes: list[Any] = [
        TEMP,
        {**TEMP, "expiration": future},
        Identity("AKIDEXAMPLE", SECRET, SESSION),
        Credentials("AKIDEXAMPLE", SECRET, SESSION),
        Credentials("AKIDEXAMPLE", SECRET, SESSION).get_frozen_credentials(),
        refreshable(future),
        lambda: TEMP,
        lambda: Credentials("AKIDEXAMPLE", SECRET, SESSION),
    ]
    for shape in shapes:
        assert sign(shape) == EXPECTED, shape


def test_a_boto3_session_and_the_default_chain(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "credentials").write_text(
        f"[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = {SECRET}\naws_session_token = {SESSION}\n"
        "[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = other\n"
    )
    (tmp_path / "config").write_text("[default]\nregion = eu-west-1\n[profile other]\nregion = ap-south-1\n")
    assert sign(boto3.Session()) == EXPECTED
    assert sign(None) == EXPECTED  # botocore's chain finds the shared file
    assert inspect_token(sign(boto3.Session(profile_name="other"))).access_key_id == "AKIDOTHER"
    # The provider takes the session's region when the endpoint names none.
    p = TokenProvider(hostname="localhost", port=5432, username="u", credentials=boto3.Session(profile_name="other"))
    assert p.region == "ap-south-1"
    assert inspect_token(p.get()).access_key_id == "AKIDOTHER"


def test_the_environment_when_botocore_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "botocore", None)
    monkeypatch.setitem(sys.modules, "botocore.session", None)
    with pytest.raises(RdsIamError) as caught:
        sign(None)
    assert (caught.value.code, caught.value.field) == ("CREDENTIALS_UNAVAILABLE", "credentials")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_SESSION_TOKEN", SESSION)
    assert sign(None) == EXPECTED


def test_botocore_finding_nothing_is_credentials_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    class Empty:
        def get_credentials(self) -> None:
            return None

    monkeypatch.setattr(botocore.session, "get_session", lambda: Empty())
    for credentials in (None, Empty()):
        with pytest.raises(RdsIamError) as caught:
            sign(credentials)
        assert caught.value.code == "CREDENTIALS_UNAVAILABLE"


def test_refreshable_credentials_bound_the_token_life() -> None:
    # botocore judges expiry by the real clock: an hour from now, the provider's clock 59 min on.
    start = int(time.time())
    expiry = dt.datetime.fromtimestamp(start + 3600, dt.timezone.utc)
    p = TokenProvider(
        hostname=HOST, port=5432, username="u", credentials=refreshable(expiry), clock=lambda: start + 3300
    )
    p.get()
    assert p.stats()["usable_until"] == start + 3600 - 60


def test_provider_errors_keep_their_text_out() -> None:
    def leaky() -> dict[str, str]:
        raise RuntimeError(f"could not load {SECRET}")

    with pytest.raises(RdsIamError) as caught:
        sign(leaky)
    assert caught.value.code == "PROVIDER_FAILED"
    assert SECRET not in str(caught.value)
    assert "RuntimeError" in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_identity_digest_is_the_cores_keyed_digest_of_the_whole_identity() -> None:
    import hashlib
    import hmac

    from rds_iam_edge import _core
    from rds_iam_edge._credentials import _DIGEST_KEY

    def independent(akid: str, secret: str, session: str | None) -> bytes:
        # src/identity.rs: HMAC(key, len8(akid) akid len8(secret) secret (0x00 | 0x01 len8(token) token))
        data = b""
        for part in (akid, secret):
            data += len(part.encode()).to_bytes(8, "big") + part.encode()
        data += b"\x00" if session is None else b"\x01" + len(session.encode()).to_bytes(8, "big") + session.encode()
        return hmac.new(_DIGEST_KEY, data, hashlib.sha256).digest()

    variants = [
        ("AKID", SECRET, None),
        ("AKID", SECRET, SESSION),
        ("AKID", SECRET + "x", None),
        ("AKIDX", SECRET, None),
    ]
    digests = {Identity(*v).digest for v in variants}
    assert len(digests) == len(variants)
    for v in variants:
        assert Identity(*v).digest == independent(*v) == _core.identity_digest(_DIGEST_KEY, *v)
    assert SECRET.encode() not in b"".join(digests)
