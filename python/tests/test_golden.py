"""The golden vectors, byte for byte, through every Python signing path."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from conftest import REPO, VECTORS
from rds_iam_edge import RdsIamError, TokenSigner, inspect_token, sign_token, verify_token

# Golden inputs the signer refuses (tests/data/tokens/refused.json: the SDK
# signed them, but they break a kind's naming rules), with the error they get.
# Their tokens still inspect and verify.
REFUSED = {
    case_id: (want["code"], want["field"])
    for case_id, want in json.loads((REPO / "tests" / "data" / "tokens" / "refused.json").read_text()).items()
    if not case_id.startswith("/")
}


def _input(case: dict[str, Any]) -> dict[str, Any]:
    creds = {"access_key_id": case["accessKeyId"], "secret_access_key": case["secretAccessKey"]}
    if case["sessionToken"]:
        creds["session_token"] = case["sessionToken"]
    fields: dict[str, Any] = {
        "service": case["kind"],
        "hostname": case["host"],
        "region": case["region"],
        "credentials": creds,
        "expires_in": case["expiresIn"],
    }
    if case["kind"] == "rds":
        fields["port"] = case["port"]
    if case["kind"] != "dsql":
        fields["username"] = case["user"]
    if case["kind"] == "dsql":
        fields["admin"] = case["action"] == "DbConnectAdmin"
    if case["kind"] == "elasticache":
        fields["serverless"] = case["serverless"]
    return fields


@pytest.mark.parametrize("case", VECTORS, ids=[c["id"] for c in VECTORS])
def test_sign_token_matches(case: dict[str, Any]) -> None:
    expected = case["expected_token"]
    fields = _input(case)
    if case["id"] in REFUSED:
        with pytest.raises(RdsIamError) as caught:
            sign_token(**fields, now=case["epoch"])
        assert (caught.value.code, caught.value.field) == REFUSED[case["id"]]
        return
    # Epoch seconds as int, as float with the case's milliseconds, and as a datetime.
    assert sign_token(**fields, now=case["epoch"]) == expected
    assert sign_token(**fields, now=case["epoch_ms"] / 1000) == expected
    aware = dt.datetime.fromtimestamp(case["epoch_ms"] / 1000, dt.timezone.utc)
    assert sign_token(**fields, now=aware) == expected
    assert sign_token(**fields, now=aware.astimezone(dt.timezone(dt.timedelta(hours=-7)))) == expected


@pytest.mark.parametrize("case", VECTORS, ids=[c["id"] for c in VECTORS])
def test_token_signer_matches(case: dict[str, Any]) -> None:
    if case["id"] in REFUSED:
        with pytest.raises(RdsIamError):
            TokenSigner(**_input(case))
        return
    signer = TokenSigner(**_input(case))
    assert signer.sign(case["epoch"]) == case["expected_token"]
    assert signer.sign(case["epoch"]) == case["expected_token"]  # the kept key


@pytest.mark.parametrize("case", VECTORS, ids=[c["id"] for c in VECTORS])
def test_inspect_and_verify(case: dict[str, Any]) -> None:
    token = case["expected_token"]
    info = inspect_token(token)
    assert info.service == case["kind"]
    assert info.hostname == case["host"]
    assert info.port == case["port"]
    assert info.username == case["user"]
    assert info.region == case["region"]
    assert info.access_key_id == case["accessKeyId"]
    assert info.signed_at.timestamp() == case["epoch"]
    assert info.expires_in == case["expiresIn"]
    assert info.has_session_token == bool(case["sessionToken"])
    assert case["sessionToken"] is None or case["sessionToken"] not in repr(info)
    ok = verify_token(token, secret_access_key=case["secretAccessKey"], now=case["epoch"])
    assert ok.ok, ok
    bad = verify_token(token, secret_access_key=case["secretAccessKey"] + "x", now=case["epoch"])
    assert (bad.ok, bad.code) == (False, "SIGNATURE_MISMATCH")
