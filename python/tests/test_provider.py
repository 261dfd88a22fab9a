"""TokenProvider: single flight, the identity rule, refresh ahead, never
outliving credentials, bounds, caching off, invalidate / close, asyncio."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from conftest import CREDS, HOST, NOW, SECRET, TEMP
from rds_iam_edge import RdsIamError, RdsIamWarning, TokenProvider, inspect_token, verify_token


class Clock:
    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def provider(**options: Any) -> TokenProvider:
    defaults: dict[str, Any] = {"hostname": HOST, "port": 5432, "username": "app_user", "credentials": CREDS}
    return TokenProvider(**{**defaults, **options})


def wait_for(predicate: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_hundred_threads_on_a_cold_key_sign_once() -> None:
    calls = []

    def slow_credentials() -> dict[str, str]:
        calls.append(1)
        time.sleep(0.2)  # every thread arrives while the first is still fetching
        return CREDS

    p = provider(credentials=slow_credentials)
    barrier = threading.Barrier(100)
    tokens: list[str] = []

    def worker() -> None:
        barrier.wait()
        tokens.append(p.get())

    threads = [threading.Thread(target=worker) for _ in range(100)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(tokens) == 100
    assert len(set(tokens)) == 1
    stats = p.stats()
    assert stats["signings"] == 1
    assert stats["credential_fetches"] == 1
    assert len(calls) == 1
    assert verify_token(tokens[0], secret_access_key=SECRET).ok


def test_asyncio_tasks_share_one_signing() -> None:
    def slow_credentials() -> dict[str, str]:
        time.sleep(0.1)
        return CREDS

    p = provider(credentials=slow_credentials)

    async def main() -> list[str]:
        return await asyncio.gather(*(p.get_async() for _ in range(50)))

    tokens = asyncio.run(main())
    assert len(set(tokens)) == 1
    assert p.stats()["signings"] == 1


def test_hits_return_the_cached_token_until_its_usable_end() -> None:
    clock = Clock()
    p = provider(clock=clock, refresh_ahead=0)
    first = p.get()
    clock.now += 839  # 900 s token, 60 s margin: usable until +840
    assert p.get() == first
    clock.now += 1
    second = p.get()
    assert second != first
    assert inspect_token(second).signed_at.timestamp() == NOW + 840
    assert p.stats()["signings"] == 2


def test_a_clock_stepping_back_is_a_miss() -> None:
    clock = Clock()
    p = provider(clock=clock)
    first = p.get()
    clock.now -= 3600
    assert p.get() != first
    assert p.stats()["signings"] == 2


def test_a_token_never_outlives_its_credentials() -> None:
    clock = Clock()
    creds = {**TEMP, "expiration": NOW + 300}
    p = provider(credentials=creds, clock=clock, refresh_ahead=0)
    p.get()
    assert p.stats()["usable_until"] == NOW + 300 - 60
    clock.now = NOW + 240
    with pytest.raises(RdsIamError) as caught:
        p.get()
    assert caught.value.code == "CREDENTIALS_EXPIRED"
    assert p.stats()["failures"] == {"CREDENTIALS_EXPIRED": 1}


def test_a_token_goes_only_to_the_identity_that_signed_it() -> None:
    clock = Clock()
    current = {"creds": dict(TEMP, expiration=NOW + 400)}
    p = provider(credentials=lambda: current["creds"], clock=clock, refresh_ahead=0)
    first = p.get()
    # Same access key id, another secret (and session): never the first token.
    current["creds"] = {**TEMP, "secret_access_key": "another-secret", "expiration": NOW + 4000}
    p.invalidate()  # drops fetched credentials; the next call fetches again
    second = p.get()
    assert second != first
    assert verify_token(second, secret_access_key="another-secret", now=NOW).ok
    assert not verify_token(second, secret_access_key=SECRET, now=NOW).ok


def test_rotated_credentials_are_fetched_when_the_old_ones_end() -> None:
    clock = Clock()
    fetched: list[int] = []

    def rotating() -> dict[str, Any]:
        n = len(fetched)
        fetched.append(n)
        return {
            "access_key_id": f"ASIA{n}",
            "secret_access_key": f"s{n}",
            "session_token": f"t{n}",
            "expiration": clock.now + 300,
        }

    p = provider(credentials=rotating, clock=clock, refresh_ahead=0)
    first = p.get()
    clock.now += 241  # past the first credentials' expiration minus the margin
    second = p.get()
    assert inspect_token(first).access_key_id == "ASIA0"
    assert inspect_token(second).access_key_id == "ASIA1"


def test_refresh_ahead_runs_in_the_background() -> None:
    clock = Clock()
    events: list[dict[str, Any]] = []
    p = provider(clock=clock, refresh_ahead=120, on_event=events.append)
    first = p.get()
    clock.now += 721  # usable until +840; refresh from +720
    assert p.get() == first  # the caller still gets the old token at once
    wait_for(lambda: p.stats()["signings"] == 2)
    wait_for(lambda: p.get() != first)
    assert p.stats()["refreshes"] == 1
    assert any(e["type"] == "sign" and e["background"] for e in events)
    assert all(SECRET not in repr(e) for e in events)
    p.close()


def test_refresh_is_never_before_half_the_usable_life() -> None:
    clock = Clock()
    p = provider(clock=clock, expires_in=20, safety_margin=2, refresh_ahead=120)
    p.get()
    clock.now += 8  # usable life 18 s: refresh from +9
    p.get()
    assert p.stats()["refreshes"] == 0
    clock.now += 1
    p.get()
    wait_for(lambda: p.stats()["signings"] == 2)
    p.close()


def test_the_cache_is_bounded() -> None:
    clock = Clock()
    n = [0]

    def rotating() -> dict[str, Any]:
        n[0] += 1
        return {"access_key_id": f"AKID{n[0]}", "secret_access_key": "s"}

    p = provider(credentials=rotating, clock=clock, max_entries=2)
    for _ in range(5):
        p._source.forget()  # a new identity on every call
        p.get()
    assert p.stats()["size"] == 2


def test_caching_off_signs_every_call() -> None:
    clock = Clock()
    p = provider(clock=clock, cache=False)
    p.get()
    p.get()
    assert p.stats()["signings"] == 2
    assert p.stats()["size"] == 0


def test_max_age_bounds_how_long_a_token_is_handed_out() -> None:
    clock = Clock()
    p = provider(clock=clock, max_age=600, refresh_ahead=0)
    first = p.get()
    clock.now += 599
    assert p.get() == first
    clock.now += 1
    assert p.get() != first


def test_invalidate_and_close() -> None:
    p = provider()
    first = p.get()
    p.invalidate()
    p.get()
    assert p.stats()["signings"] == 2
    assert first
    p.close()
    with pytest.raises(RdsIamError) as caught:
        p.get()
    assert (caught.value.code, caught.value.field) == ("INVALID_INPUT", "provider")


def test_login_refused_forces_one_fresh_token_per_window() -> None:
    clock = Clock()
    p = provider(clock=clock)

    class Refused(Exception):
        pgcode = "28P01"

    first = p.get()
    assert p.login_refused(Refused(), first) is True
    assert p.login_refused(Refused(), None) is False  # within the window
    assert p.login_refused(ValueError("other"), None) is False
    clock.now += 1
    second = p.get()
    assert second != first
    assert p.stats()["forced_refreshes"] == 1


def test_a_slow_signing_elsewhere_times_out() -> None:
    release = threading.Event()

    def stuck() -> dict[str, str]:
        release.wait(5)
        return CREDS

    p = provider(credentials=stuck, timeout=0.2)
    t = threading.Thread(target=p.get)
    t.start()
    time.sleep(0.05)
    with pytest.raises(RdsIamError) as caught:
        p.get()
    assert caught.value.code == "TIMEOUT"
    release.set()
    t.join()


def test_options_are_checked() -> None:
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"expires_in": 60, "safety_margin": 60}, "INVALID_EXPIRES_IN", "expires_in"),
        ({"safety_margin": -1}, "INVALID_INPUT", "safety_margin"),
        ({"max_entries": 0}, "INVALID_INPUT", "max_entries"),
        ({"cache": "yes"}, "INVALID_INPUT", "cache"),
        ({"clock": 5}, "INVALID_INPUT", "clock"),
        ({"port": 0}, "INVALID_PORT", "port"),
        ({"hostname": "https://x"}, "INVALID_HOSTNAME", "hostname"),
        ({"hostname": "localhost"}, "REGION_UNAVAILABLE", "region"),
    ]
    for options, code, field in cases:
        with pytest.raises(RdsIamError) as caught:
            provider(**options)
        assert (caught.value.code, caught.value.field) == (code, field), options


def test_region_comes_from_the_endpoint_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert provider().region == "us-east-1"
    assert provider(hostname="x.proxy-abc.eu-west-2.rds.amazonaws.com").region == "eu-west-2"
    assert (
        provider(hostname="abc.dsql.ap-south-1.on.aws", service="dsql", port=None, username=None).region == "ap-south-1"
    )
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    assert provider(hostname="localhost").region == "eu-central-1"
    monkeypatch.setenv("AWS_REGION", "us-west-2")
    assert provider(hostname="localhost").region == "us-west-2"
    assert provider(hostname="localhost", region="sa-east-1").region == "sa-east-1"


def test_callers_keep_the_old_token_while_a_refresh_fetches_credentials() -> None:
    clock = Clock()
    release = threading.Event()
    calls: list[int] = []

    def rotating() -> dict[str, Any]:
        calls.append(1)
        if len(calls) > 1:
            release.wait(10)  # the background fetch hangs until the test lets it go
        return {**TEMP, "access_key_id": f"ASIA{len(calls)}", "expiration": clock.now + 300}

    p = provider(credentials=rotating, clock=clock, refresh_ahead=120, timeout=5)
    first = p.get()
    clock.now += 150  # usable until +240, refresh from +120
    assert p.get() == first  # starts the refresh
    wait_for(lambda: len(calls) == 2)
    # The refresh is stuck in the credential fetch: hits still get the old token at once.
    for _ in range(10):
        assert p.get() == first
    release.set()
    wait_for(lambda: p.stats()["signings"] == 2)
    assert inspect_token(p.get()).access_key_id == "ASIA2"
    p.close()


def test_a_region_unlike_the_endpoints_is_signed_as_given_and_said() -> None:
    events: list[dict[str, Any]] = []
    with pytest.warns(
        RdsIamWarning, match="REGION_MISMATCH: signing for eu-west-1, but the endpoint .* is in us-east-1"
    ):
        p = provider(region="eu-west-1", on_event=events.append)
    assert inspect_token(p.get()).region == "eu-west-1"
    assert events[0]["type"] == "warning"
    assert events[0]["code"] == "REGION_MISMATCH"
