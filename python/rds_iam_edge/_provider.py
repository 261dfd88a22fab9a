"""TokenProvider: tokens for one endpoint, cached while usable. A hit takes
no lock; a miss signs once for every thread waiting on it (single flight);
a token near the end of its usable life is refreshed once in a background
thread while callers keep getting it. A cached token goes only to a caller
whose whole identity (access key id, secret, session token) signed it."""

from __future__ import annotations

import asyncio
import contextlib
import math
import threading
import time
import warnings
from collections import OrderedDict
from typing import Any, Callable

from . import _core
from ._credentials import CredentialsOption, CredentialSource, Identity
from ._errors import RdsIamError, RdsIamWarning
from ._input import DEFAULTS, token_fields
from ._kinds import KINDS
from ._refused import REFUSAL_WINDOW, login_refused_error
from ._region import endpoint_region, resolve_region

# The longest wait allowed for another caller (and within threading's limit).
_MAX_TIMEOUT = 86_400.0


def _seconds(value: object, field: str, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise RdsIamError("INVALID_INPUT", field, "must be a number of seconds, 0 or more")
    return float(value)


class _Entry:
    """One signed token and the times that govern handing it out."""

    __slots__ = ("expires_at", "identity", "refresh_at", "refreshing", "signed_at", "token", "usable_until")

    def __init__(
        self, token: str, identity: Identity, signed_at: int, expires_at: int, usable_until: float, refresh_at: float
    ) -> None:
        self.token = token
        self.identity = identity
        self.signed_at = signed_at
        self.expires_at = expires_at
        self.usable_until = usable_until
        self.refresh_at = refresh_at
        self.refreshing = False

    def __repr__(self) -> str:
        return f"<token entry access_key_id={self.identity.access_key_id!r} usable_until={self.usable_until}>"


class TokenProvider:
    """Auth tokens for one endpoint and user, cached and refreshed ahead.

    ``get()`` (or calling the provider) returns a token; ``await
    get_async()`` does the same without blocking the event loop on a miss.
    Options beyond the token's fields: ``safety_margin`` (seconds a token is
    not handed out before it or its credentials expire; 60),
    ``refresh_ahead`` (one background refresh starts this long before the
    usable end, at most half the usable life; 120; 0 turns it off),
    ``max_age`` (hand a token out at most this long after signing),
    ``cache`` (False signs every call), ``max_entries`` (identities kept),
    ``clock`` (epoch seconds; ``time.time``), ``timeout`` (longest wait for
    another caller's signing or credential fetch), ``on_event``.
    """

    def __init__(
        self,
        *,
        hostname: str,
        port: int | str | None = None,
        username: str | None = None,
        region: str | None = None,
        credentials: CredentialsOption = None,
        service: str = "rds",
        expires_in: int | None = None,
        admin: bool = False,
        serverless: bool = False,
        safety_margin: float = DEFAULTS.safety_margin,
        refresh_ahead: float = DEFAULTS.refresh_ahead,
        max_age: float | None = None,
        cache: bool = True,
        max_entries: int = DEFAULTS.max_entries,
        clock: Callable[[], float] | None = None,
        timeout: float = DEFAULTS.wait_timeout,
        on_event: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        if isinstance(credentials, CredentialSource):
            session = credentials.session
        else:
            session = credentials if callable(getattr(credentials, "get_credentials", None)) else None
        if expires_in is None:
            expires_in = DEFAULTS.expires_in

        def check(region: object) -> tuple[str, str, int | None, str | None, str, int | None, bool | None, bool | None]:
            fields = token_fields(service, hostname, port, username, region, expires_in, admin, serverless)
            # The core's checks (ranges, host names, regions), with placeholder credentials.
            _core.Signer(*fields[:5], "AKIDPLACEHOLDER", "placeholder", None, None, *fields[5:])
            return fields

        try:
            resolved = resolve_region(region, hostname, session, service if isinstance(service, str) else "rds")
        except RdsIamError:
            check("us-east-1")  # a malformed field explains more than a missing region
            raise
        self._fields = check(resolved)
        self._warn_region(hostname, region, on_event)
        self._expires_in: int = self._fields[5] or DEFAULTS.expires_in
        self._margin = _seconds(safety_margin, "safety_margin", DEFAULTS.safety_margin)
        if self._expires_in <= self._margin:
            raise RdsIamError("INVALID_EXPIRES_IN", "expires_in", "must be longer than safety_margin")
        self._ahead = _seconds(refresh_ahead, "refresh_ahead", DEFAULTS.refresh_ahead)
        self._max_age = None if max_age is None else _seconds(max_age, "max_age", 0.0)
        if self._max_age is not None and self._max_age <= 0:
            raise RdsIamError("INVALID_INPUT", "max_age", "must be more than 0 seconds")
        self._timeout = _seconds(timeout, "timeout", DEFAULTS.wait_timeout)
        if self._timeout > _MAX_TIMEOUT:
            raise RdsIamError("INVALID_INPUT", "timeout", "must be at most 86400 seconds")
        if not isinstance(cache, bool):
            raise RdsIamError("INVALID_INPUT", "cache", "must be a bool")
        if isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1:
            raise RdsIamError("INVALID_INPUT", "max_entries", "must be a positive int")
        if clock is not None and not callable(clock):
            raise RdsIamError("INVALID_INPUT", "clock", "must be a callable returning epoch seconds")
        if on_event is not None and not callable(on_event):
            raise RdsIamError("INVALID_INPUT", "on_event", "must be a callable")
        self._caching = cache
        self._max_entries = max_entries
        self._clock: Callable[[], float] = clock or time.time
        self._on_event = on_event
        # A shared source (RDSIAMAuth's providers share one) or this provider's own.
        self._source = credentials if isinstance(credentials, CredentialSource) else CredentialSource(credentials)
        self._entries: OrderedDict[bytes, _Entry] = OrderedDict()
        self._current: _Entry | None = None
        self._lock = threading.Lock()  # misses, refreshes, and every change to _entries
        self._threads: set[threading.Thread] = set()
        self._closed = False
        self._refused_at = -math.inf
        self._counts = {
            "hits": 0,
            "misses": 0,
            "signings": 0,
            "refreshes": 0,
            "refused_logins": 0,
            "forced_refreshes": 0,
        }
        self._failures: dict[str, int] = {}

    # -- handing out tokens ---------------------------------------------

    def get(self) -> str:
        """A usable token: cached, or signed now (once for all waiting threads)."""
        token = self._hit()
        return token if token is not None else self._miss()

    __call__ = get

    def cached(self) -> str | None:
        """The token if one can be handed out without signing or waiting, else None."""
        return self._hit()

    async def get_async(self) -> str:
        """As ``get``; a miss (which may fetch credentials) runs in a worker thread."""
        token = self._hit()
        return token if token is not None else await asyncio.to_thread(self._miss)

    def _hit(self) -> str | None:
        if self._closed:
            raise RdsIamError("INVALID_INPUT", "provider", "the token provider is closed")
        entry = self._current
        if entry is None:
            return None
        now = self._clock()
        if type(now) is not float and type(now) is not int:
            return None  # the miss path checks it (and names the bad clock)
        # A token signed after "now" (the clock stepped back) is a miss too;
        # so is NaN or an infinity, which compares false.
        if not entry.signed_at <= now < entry.usable_until:
            return None
        if self._source.peek(now + self._margin) is not entry.identity:
            return None
        self._counts["hits"] += 1
        if now >= entry.refresh_at and not entry.refreshing:
            self._start_refresh(entry)
        return entry.token

    def _miss(self) -> str:
        if not self._lock.acquire(timeout=self._timeout):
            raise self._failed(RdsIamError("TIMEOUT", "provider", "waited too long for another caller's signing"))
        try:
            if self._closed:
                raise RdsIamError("INVALID_INPUT", "provider", "the token provider is closed")
            self._counts["misses"] += 1
            now = self._now()
            identity = self._identity(now + self._margin)
            entry = self._entries.get(identity.digest) if self._caching else None
            if entry is not None and entry.signed_at <= now < entry.usable_until:
                self._entries.move_to_end(identity.digest)
                self._current = entry
                return entry.token
            return self._sign(identity, now, background=False).token
        finally:
            self._lock.release()

    def _identity(self, until: float, fresh: bool = False) -> Identity:
        before = self._source.fetches
        try:
            return self._source.get(until, self._timeout, fresh)
        except RdsIamError as error:
            raise self._failed(error) from None
        finally:
            if self._source.fetches != before:
                self._emit("credentials")

    def _sign(self, identity: Identity, now: float, background: bool) -> _Entry:
        """Signs with ``identity`` and stores the token; called holding the lock."""
        signed_at = int(now)
        expires_at = signed_at + self._expires_in
        ends = expires_at if identity.expiration is None else min(expires_at, identity.expiration)
        usable_until = ends - self._margin
        if self._max_age is not None:
            usable_until = min(usable_until, signed_at + self._max_age)
        if usable_until <= now:
            raise self._failed(
                RdsIamError("CREDENTIALS_EXPIRED", "credentials", "the credentials expire within the safety margin")
            )
        kind, host, port, user, region, expires_in, admin, serverless = self._fields
        try:
            token = _core.sign(
                kind,
                host,
                port,
                user,
                region,
                identity.access_key_id,
                identity.secret_access_key,
                identity.session_token,
                identity.expiration_second(),
                expires_in,
                admin,
                serverless,
                signed_at,
            )
        except RdsIamError as error:
            raise self._failed(error) from None
        # Never before half the usable life: a short life must not refresh on every call.
        refresh_at = usable_until - min(self._ahead, (usable_until - now) / 2) if self._ahead > 0 else math.inf
        entry = _Entry(token, identity, signed_at, expires_at, usable_until, refresh_at)
        self._counts["signings"] += 1
        if self._caching:
            self._entries[identity.digest] = entry
            self._entries.move_to_end(identity.digest)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
            self._current = entry
        self._emit(
            "sign",
            background=background,
            access_key_id=identity.access_key_id,
            expires_at=expires_at,
            usable_until=usable_until,
        )
        return entry

    # -- background refresh ---------------------------------------------

    def _start_refresh(self, entry: _Entry) -> None:
        # Never waits: if a miss or refresh holds the lock, a later hit tries again.
        if not self._lock.acquire(blocking=False):
            return
        try:
            if entry.refreshing or self._closed:
                return
            entry.refreshing = True
            self._counts["refreshes"] += 1
            thread = threading.Thread(target=self._refresh, args=(entry,), name="rds-iam-edge-refresh", daemon=True)
            self._threads.add(thread)
            thread.start()
        finally:
            self._lock.release()

    def _refresh(self, old: _Entry) -> None:
        try:
            if not self._lock.acquire(timeout=self._timeout):
                self._retry_later(old)
                return
            try:
                if self._closed:
                    return
                now = self._now()
                # Credentials ending inside the refresh window would make a token
                # no longer-lived than the old one: ask for fresher ones first.
                identity = self._source.peek(now + self._margin + self._ahead)
                if identity is None:
                    # Callers keep the old identity (and token) while this fetches.
                    identity = self._identity(now + self._margin, fresh=True)
                fresh = self._sign(identity, now, background=True)
                if fresh.usable_until <= old.usable_until:
                    self._retry_later(fresh)
            finally:
                self._lock.release()
        except RdsIamError:
            self._retry_later(old)  # the old token serves until its end
        except Exception:
            self._record("INTERNAL_ERROR")
            self._retry_later(old)
        finally:
            old.refreshing = False
            self._threads.discard(threading.current_thread())

    # -- control ----------------------------------------------------------

    def invalidate(self) -> None:
        """Forgets every cached token and fetched credentials (``TIMEOUT`` if
        a signing or credential fetch holds the provider longer than ``timeout``)."""
        self._current = None  # no hit hands out the old token from here on
        if not self._lock.acquire(timeout=self._timeout):
            raise self._failed(RdsIamError("TIMEOUT", "provider", "waited too long for another caller's signing"))
        try:
            self._entries.clear()
            self._current = None
            self._source.forget()
        finally:
            self._lock.release()

    def login_refused(self, error: object = None, token: str | None = None) -> bool:
        """Reports a refused login (the driver's exception; the token sent, if
        known). A refusal of the current token drops it and its credentials at
        most once per 10 s, so the next connection gets a fresh one. Returns
        whether it did."""
        if self._closed or (error is not None and not login_refused_error(error)):
            return False
        self._counts["refused_logins"] += 1
        current = self._current
        if token is not None and (current is None or current.token != token):
            return False  # a token already replaced says nothing about the current one
        now = self._now()
        if abs(now - self._refused_at) < REFUSAL_WINDOW:
            return False
        self._refused_at = now
        self._counts["forced_refreshes"] += 1
        self.invalidate()
        self._emit("refused", forced=True)
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Stops handing out tokens, forgets them and waits for background refreshes."""
        self._closed = True
        with contextlib.suppress(RdsIamError):  # closing anyway: a stuck fetch must not stop it
            self.invalidate()
        deadline = time.monotonic() + timeout
        for thread in list(self._threads):
            thread.join(max(0.0, deadline - time.monotonic()))

    def __enter__(self) -> TokenProvider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stats(self) -> dict[str, Any]:
        """Counters (hits are approximate under heavy thread contention) and the current token's times."""
        entry = self._current
        return {
            **self._counts,
            "credential_fetches": self._source.fetches,
            "failures": dict(self._failures),
            "size": len(self._entries),
            "max_entries": self._max_entries,
            "expires_at": entry.expires_at if entry else None,
            "usable_until": entry.usable_until if entry else None,
        }

    @property
    def region(self) -> str:
        return self._fields[4]

    def __repr__(self) -> str:
        kind, host, port, user, region = self._fields[:5]
        return (
            f"<TokenProvider service={kind} hostname={host} port={port} username={user!r} region={region} "
            f"cached={len(self._entries)}>"
        )

    # -- bookkeeping ------------------------------------------------------

    def _retry_later(self, entry: _Entry) -> None:
        """The next background refresh for ``entry`` no sooner than the retry delay."""
        try:
            entry.refresh_at = self._now() + DEFAULTS.refresh_retry
        except RdsIamError:
            entry.refresh_at = math.inf  # a broken clock: hits keep the token until its end

    def _now(self) -> float:
        """The clock's reading, checked: finite epoch seconds."""
        try:
            now = self._clock()
        except Exception as error:
            raise RdsIamError("INVALID_INPUT", "clock", f"raised {type(error).__name__}") from None
        if isinstance(now, bool) or not isinstance(now, (int, float)) or not math.isfinite(now) or now < 0:
            raise RdsIamError("INVALID_TIME", "clock", "must return finite epoch seconds, 0 or more")
        return float(now)

    def _warn_region(self, hostname: str, given: object, on_event: Callable[[dict[str, Any]], None] | None) -> None:
        """A given region unlike the endpoint's is signed as given, and said (REGION_MISMATCH)."""
        kind, host, _, _, region = self._fields[:5]
        found = endpoint_region(host) if given is not None and KINDS[kind].region_from_hostname else None
        if found is None or found == region:
            return
        message = f"REGION_MISMATCH: signing for {region}, but the endpoint {host} is in {found}"
        warnings.warn(message, RdsIamWarning, stacklevel=3)
        if on_event is not None:
            with contextlib.suppress(Exception):
                on_event(
                    {
                        "type": "warning",
                        "code": "REGION_MISMATCH",
                        "hostname": host,
                        "region": region,
                        "endpoint_region": found,
                    }
                )

    def _record(self, code: str) -> None:
        self._failures[code] = self._failures.get(code, 0) + 1

    def _failed(self, error: RdsIamError) -> RdsIamError:
        self._record(error.code)
        self._emit("error", code=error.code, reason=error.reason)
        return error

    def _emit(self, kind: str, **details: Any) -> None:
        if self._on_event is None:
            return
        kind_, host, port, user, region = self._fields[:5]
        with contextlib.suppress(Exception):  # a listener's failure must not break token delivery
            self._on_event(
                {
                    "type": kind,
                    "service": kind_,
                    "hostname": host,
                    "port": port,
                    "username": user,
                    "region": region,
                    "at": self._now(),
                    **details,
                }
            )
