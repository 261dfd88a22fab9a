"""Python benchmark, in one run on one machine: ``sign_token`` (and a kept
``TokenSigner``) against botocore's ``generate_db_auth_token`` on the same
input, and a cached ``TokenProvider`` hit. Medians of per-call times taken
over batches; prints JSON. ``--quick`` runs tiny batches only to check the
harness works and the tokens agree (its numbers mean nothing).

    .venv/bin/python bench/python_bench.py [--quick]
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import statistics
import sys
import time
from typing import Callable
from unittest import mock
from urllib.parse import parse_qsl

import boto3

from rds_iam_edge import TokenProvider, TokenSigner, sign_token

HOST = "mydb.abc123.us-east-1.rds.amazonaws.com"
CREDS = {"access_key_id": "AKIDEXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
NOW = 1_700_000_000


def per_call_us(fns: dict[str, tuple[Callable[[], object], int]], rounds: int) -> dict[str, float]:
    """Median over ``rounds`` of the mean time per call in a batch, in
    microseconds, for each function. Rounds interleave the functions, so
    load from elsewhere on the machine weighs on all of them alike."""
    for fn, batch in fns.values():  # warm up
        for _ in range(batch):
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, (fn, batch) in fns.items():
            start = time.perf_counter_ns()
            for _ in range(batch):
                fn()
            times[name].append((time.perf_counter_ns() - start) / batch / 1000)
    return {name: statistics.median(t) for name, t in times.items()}


def main(quick: bool) -> dict[str, object]:
    batch, rounds = (5, 3) if quick else (1000, 41)
    client = boto3.client(
        "rds",
        region_name="us-east-1",
        aws_access_key_id=CREDS["access_key_id"],
        aws_secret_access_key=CREDS["secret_access_key"],
    )
    signer = TokenSigner(hostname=HOST, port=5432, username="app_user", credentials=CREDS)
    provider = TokenProvider(hostname=HOST, port=5432, username="app_user", credentials=CREDS)

    def ours() -> str:
        return sign_token(hostname=HOST, port=5432, username="app_user", credentials=CREDS)

    def theirs() -> str:
        return str(client.generate_db_auth_token(DBHostname=HOST, Port=5432, DBUsername="app_user", Region="us-east-1"))

    # The same token at a frozen time (botocore puts the signature last, so compare parameter sets).
    frozen = dt.datetime.fromtimestamp(NOW, dt.timezone.utc).replace(tzinfo=None)
    with mock.patch("botocore.auth.get_current_datetime", return_value=frozen):
        b = theirs()
    a = sign_token(hostname=HOST, port=5432, username="app_user", credentials=CREDS, now=NOW)
    assert sorted(parse_qsl(a.split("/?")[1])) == sorted(parse_qsl(b.split("/?")[1])), (
        "sign_token and botocore disagree"
    )
    assert provider.get() == provider.get()

    medians = per_call_us(
        {
            "botocore": (theirs, max(batch // 20, 1)),
            "sign_token": (ours, batch),
            "signer": (signer.sign, batch),
            "hit": (provider.get, batch * 5),
        },
        rounds,
    )
    botocore_us, sign_us, signer_us, hit_us = (medians[k] for k in ("botocore", "sign_token", "signer", "hit"))
    stats = provider.stats()
    provider.close()
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "quick": quick,
        "median_us_per_call": {
            "botocore_generate_db_auth_token": round(botocore_us, 2),
            "sign_token": round(sign_us, 2),
            "TokenSigner.sign": round(signer_us, 2),
            "TokenProvider.get_cached_hit": round(hit_us, 3),
        },
        "speedup_vs_botocore": {
            "sign_token": round(botocore_us / sign_us, 1),
            "TokenSigner.sign": round(botocore_us / signer_us, 1),
        },
        "provider_signings_during_hits": stats["signings"],
    }


if __name__ == "__main__":
    print(json.dumps(main("--quick" in sys.argv[1:]), indent=2))
