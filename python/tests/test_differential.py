"""Differential against botocore's generate_db_auth_token over random
inputs: the same signature and the same parameters (botocore puts the
signature last; we sort as the JS SDK does). Excluded, as documented:
port 443 (botocore signs the host without it) and upper-case hosts
(botocore signs them lower-cased but prints them as given)."""

from __future__ import annotations

import datetime as dt
import random
from urllib.parse import parse_qsl

import boto3
import botocore.auth
import pytest

from rds_iam_edge import sign_token

REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1", "sa-east-1", "me-central-1"]
USER_CHARS = "abcXYZ019_-.~ !\"#$%&'()*+,/:;<=>?@[\\]^`{|}é€中😀"
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="


def _host(rng: random.Random) -> str:
    labels = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rng.randint(1, 12)))
        for _ in range(rng.randint(1, 5))
    ]
    return ".".join(labels)


def _split(token: str) -> tuple[str, list[tuple[str, str]]]:
    host, query = token.split("/?", 1)
    return host, sorted(parse_qsl(query, keep_blank_values=True, strict_parsing=True))


@pytest.mark.parametrize("seed", range(6))
def test_random_inputs_agree_with_botocore(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    akid = "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    secret = "".join(rng.choice(B64) for _ in range(40))
    session = "".join(rng.choice(B64) for _ in range(rng.randint(20, 900))) if seed % 2 else None
    client = boto3.client(
        "rds", region_name="us-east-1", aws_access_key_id=akid, aws_secret_access_key=secret, aws_session_token=session
    )
    for _ in range(40):
        now = rng.randint(0, 2**32)
        host = _host(rng)
        port = rng.choice([1, 80, 3306, 5432, 65535, rng.randint(1, 65535)])
        if port == 443:
            port = 444
        user = "".join(rng.choice(USER_CHARS) for _ in range(rng.randint(1, 20)))
        region = rng.choice(REGIONS)
        frozen = dt.datetime.fromtimestamp(now, dt.timezone.utc).replace(tzinfo=None)
        monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda frozen=frozen: frozen)
        theirs = client.generate_db_auth_token(DBHostname=host, Port=port, DBUsername=user, Region=region)
        creds = {"access_key_id": akid, "secret_access_key": secret, "session_token": session}
        ours = sign_token(hostname=host, port=port, username=user, region=region, credentials=creds, now=now)
        assert _split(ours) == _split(theirs), (host, port, user, region, now)
        # Byte for byte once botocore's order (signature last) is undone.
        head, _, signature = theirs.rpartition("&X-Amz-Signature=")
        signed_headers = "&X-Amz-SignedHeaders=host"
        assert ours == head.replace(signed_headers, "") + "&X-Amz-Signature=" + signature + signed_headers
