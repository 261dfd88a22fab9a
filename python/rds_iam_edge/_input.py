"""The one place token fields are checked for type and flattened into the
arguments ``_core`` takes. The core checks values (ranges, host names,
regions); this module only makes sure each value is of a type it can take
and turns Python's conveniences (decimal-string ports, datetimes) into it."""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple, Union

from . import _core
from ._errors import RdsIamError
from ._kinds import KINDS


class Defaults(NamedTuple):
    """Every default, in one table."""

    service: str = "rds"
    #: Seconds; what RDS accepts at most.
    expires_in: int = 900
    #: A token is not handed out later than this before it or its credentials expire.
    safety_margin: float = 60.0
    #: One background refresh starts this long before the usable end.
    refresh_ahead: float = 120.0
    #: After a background refresh that failed or gained nothing, wait this long.
    refresh_retry: float = 10.0
    #: Identities (and so tokens) a provider keeps.
    max_entries: int = 100
    #: Longest wait for another caller's signing or credential fetch.
    wait_timeout: float = 30.0
    #: Verification: how far in the future a token may be signed.
    skew_seconds: int = 300


DEFAULTS = Defaults()

# Far outside any real value, but inside the core's 64-bit integers.
_INT_LIMIT = 2**53

Now = Union[_dt.datetime, int, float, None]


def text(value: object, field: str, code: str = "INVALID_INPUT", required: bool = True) -> str | None:
    """A str (or None when not required)."""
    if value is None:
        if required:
            raise RdsIamError(code, field, "is required")
        return None
    if type(value) is not str and not isinstance(value, str):
        raise RdsIamError("INVALID_INPUT", field, "must be a str")
    return value


def whole(value: object, field: str, code: str) -> int | None:
    """An int (not a bool), or None; out-of-range ints get the field's code."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise RdsIamError("INVALID_INPUT", field, "must be an int")
    if not -_INT_LIMIT < value < _INT_LIMIT:
        raise RdsIamError(code, field, "is out of range")
    return int(value)


def port(value: object) -> int | None:
    """An int port, or a decimal string normalised to its integer ("05432" -> 5432)."""
    if isinstance(value, str):
        if not (0 < len(value) <= 10 and value.isascii() and value.isdigit()):
            raise RdsIamError("INVALID_PORT", "port", "must be an integer from 1 to 65535")
        return int(value)
    return whole(value, "port", "INVALID_PORT")


def flag(value: object, field: str) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise RdsIamError("INVALID_INPUT", field, "must be a bool")
    return value


def epoch_seconds(now: object, clock_now: float) -> int:
    """``now`` as whole epoch seconds (fractions truncated, as the SDKs do);
    ``clock_now`` when it is None. Datetimes must be aware."""
    if now is None:
        now = clock_now
    if isinstance(now, _dt.datetime):
        if now.tzinfo is None or now.utcoffset() is None:
            raise RdsIamError("INVALID_TIME", "now", "must be an aware datetime (with a tzinfo)")
        delta = now - _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
        return delta.days * 86400 + delta.seconds
    if isinstance(now, bool) or not isinstance(now, (int, float)):
        raise RdsIamError("INVALID_INPUT", "now", "must be a datetime or epoch seconds")
    if isinstance(now, float):
        if now != now or now in (float("inf"), float("-inf")):
            raise RdsIamError("INVALID_TIME", "now", "must be a finite number")
        if now < 0:
            # int() truncates toward zero; -0.5 must not become 0 (1970).
            raise RdsIamError("INVALID_TIME", "now", "must not be before 1970")
    seconds = int(now)
    if not -_INT_LIMIT < seconds < _INT_LIMIT:
        raise RdsIamError("INVALID_TIME", "now", "is out of range")
    return seconds


def token_fields(
    service: object,
    hostname: object,
    port_value: object,
    username: object,
    region: object,
    expires_in: object,
    admin: object,
    serverless: object,
) -> tuple[str, str, int | None, str | None, str, int | None, bool | None, bool | None]:
    """Checks types and kind applicability; returns the flat token arguments
    in ``_core`` order (without credentials and time). Plain str / int
    values take the short way: this runs on every ``sign_token``."""
    kind = DEFAULTS.service if service is None else service
    if type(kind) is not str or kind not in KINDS:
        # Not a str: INVALID_INPUT; else the core names the kind, or raises
        # INVALID_SERVICE (which kinds exist is the core's).
        name = text(kind, "service", "INVALID_SERVICE")
        assert name is not None
        kind = _core.parse_service(name)
    applicable = KINDS[kind].fields
    # admin / serverless default to False: False on a kind without them is "not given".
    admin_flag = None if admin is None or admin is False else flag(admin, "admin")
    serverless_flag = None if serverless is None or serverless is False else flag(serverless, "serverless")
    for field, value in (
        ("port", port_value),
        ("username", username),
        ("admin", admin_flag),
        ("serverless", serverless_flag),
    ):
        if value is not None and field not in applicable:
            raise RdsIamError("NOT_APPLICABLE", field, "does not apply to this token kind")
    host = hostname if type(hostname) is str else text(hostname, "hostname", "INVALID_HOSTNAME")
    reg = region if type(region) is str else text(region, "region", "INVALID_REGION")
    user = username if username is None or type(username) is str else text(username, "username")
    assert host is not None
    assert reg is not None
    return (
        kind,
        host,
        port_value if type(port_value) is int and 0 <= port_value < _INT_LIMIT else port(port_value),
        user,
        reg,
        expires_in if expires_in is None else whole(expires_in, "expires_in", "INVALID_EXPIRES_IN"),
        admin_flag,
        serverless_flag,
    )
