"""The signing API: ``sign_token``, ``TokenSigner``, ``inspect_token`` and
``verify_token``, over ``_core``. Types are checked in ``_input``; values
by the core."""

from __future__ import annotations

import datetime as _dt
import time
from typing import Any, NamedTuple, Optional

from . import _core
from ._credentials import CredentialsOption, CredentialSource, Identity, identity_of
from ._errors import RdsIamError
from ._input import DEFAULTS, Now, epoch_seconds, port, text, token_fields, whole
from ._kinds import KINDS


def _identity(credentials: CredentialsOption) -> Identity:
    # No credentials: the default chain, resolved for this one call.
    if credentials is None:
        return CredentialSource(None).get(time.time(), DEFAULTS.wait_timeout)
    return identity_of(credentials)


Fields = tuple[str, str, Optional[int], Optional[str], str, Optional[int], Optional[bool], Optional[bool]]


def _static_fields(
    service: object,
    hostname: object,
    port: object,
    username: object,
    region: object,
    expires_in: object,
    admin: object,
    serverless: object,
) -> Fields:
    """Everything but credentials and time, type-checked. No region: the
    core reads it from the endpoint (RDS, RDS Proxy, Aurora, DSQL hostnames)
    or says REGION_UNAVAILABLE."""
    if region == "":
        raise RdsIamError("INVALID_REGION", "region", "must not be empty; pass None to read it from the endpoint")
    return token_fields(
        service, hostname, port, username, "" if region is None else region, expires_in, admin, serverless
    )


def sign_token(
    *,
    hostname: str,
    port: int | str | None = None,
    username: str | None = None,
    region: str | None = None,
    credentials: CredentialsOption = None,
    service: str = "rds",
    expires_in: int | None = None,
    now: Now = None,
    admin: bool = False,
    serverless: bool = False,
) -> str:
    """Signs one database auth token. Without ``region``, the one the
    endpoint names (RDS, RDS Proxy, Aurora, DSQL hostnames)."""
    kind, host, p, user, reg, exp, adm, srv = _static_fields(
        service, hostname, port, username, region, expires_in, admin, serverless
    )
    seconds = int(time.time()) if now is None else epoch_seconds(now, 0.0)
    c = _identity(credentials)
    # The core refuses credentials expired at the signing time (CREDENTIALS_EXPIRED).
    end = None if c.expiration is None else c.expiration_second()
    return _core.sign(
        kind, host, p, user, reg, c.access_key_id, c.secret_access_key, c.session_token, end, exp, adm, srv, seconds
    )


class TokenSigner:
    """The static parts checked once and the signing key kept: ``sign(now)``
    makes each token. Credentials are resolved once, at construction."""

    __slots__ = ("_inner",)

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
    ) -> None:
        kind, host, p, user, reg, exp, adm, srv = _static_fields(
            service, hostname, port, username, region, expires_in, admin, serverless
        )
        c = _identity(credentials)
        self._inner = _core.Signer(
            kind,
            host,
            p,
            user,
            reg,
            c.access_key_id,
            c.secret_access_key,
            c.session_token,
            c.expiration_second(),
            exp,
            adm,
            srv,
        )

    def sign(self, now: Now = None) -> str:
        seconds = epoch_seconds(now, 0.0) if now is not None else int(time.time())
        return self._inner.sign(seconds)

    @property
    def region(self) -> str:
        return self._inner.region

    def __repr__(self) -> str:
        return repr(self._inner).replace("rds_iam_edge._core.Signer", "TokenSigner")


class TokenInfo(NamedTuple):
    """What a token says; never its signature or session token."""

    service: str
    signing_service: str
    action: str
    hostname: str
    port: int | None
    username: str | None
    region: str
    access_key_id: str
    signed_at: _dt.datetime
    expires_in: int
    expires_at: _dt.datetime
    has_session_token: bool
    serverless: bool


def _utc(seconds: int) -> _dt.datetime:
    return _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc) + _dt.timedelta(seconds=seconds)


def inspect_token(token: str) -> TokenInfo:
    """Parses a token into its fields; ``INVALID_TOKEN`` if it is not one."""
    if not isinstance(token, str):
        raise RdsIamError("INVALID_TOKEN", "token", "must be a token string")
    service, action, hostname, p, user, region, akid, signed, expires_in, session, serverless = _core.inspect(token)
    return TokenInfo(
        service=service,
        signing_service=KINDS[service].signing_service,
        action=action,
        hostname=hostname,
        port=p,
        username=user,
        region=region,
        access_key_id=akid,
        signed_at=_utc(signed),
        expires_in=expires_in,
        expires_at=_utc(signed + expires_in),
        has_session_token=session,
        serverless=serverless,
    )


class Verification(NamedTuple):
    """The outcome of ``verify_token``: ``ok``, else the failure's code and reason."""

    ok: bool
    code: str | None = None
    reason: str | None = None


def verify_token(
    token: str,
    *,
    secret_access_key: str | None = None,
    keys: dict[str, str] | None = None,
    now: Now = None,
    username: str | None = None,
    hostname: str | None = None,
    port: int | str | None = None,
    skew_seconds: int = DEFAULTS.skew_seconds,
) -> Verification:
    """Checks a token as the database would (signature with a known secret,
    user, host and port, time). Bad options raise; a bad token is reported."""
    pairs: list[tuple[str, str]] = []
    if keys is not None:
        if not isinstance(keys, dict):
            raise RdsIamError("INVALID_INPUT", "keys", "must be a dict of access key id to secret")
        for akid, secret in keys.items():
            pairs.append((str(text(akid, "keys")), str(text(secret, "keys"))))
    any_secret = text(secret_access_key, "secret_access_key", required=False)
    seconds = epoch_seconds(now, 0.0) if now is not None else int(time.time())
    if seconds < 0:
        raise RdsIamError("INVALID_TIME", "now", "must not be before 1970")
    expected_port = _port_or_none(port)
    skew = whole(skew_seconds, "skew_seconds", "INVALID_INPUT")
    if skew is None or not 0 <= skew <= 2**32 - 1:
        raise RdsIamError("INVALID_INPUT", "skew_seconds", "must be a whole number of seconds, 0 or more")
    user = text(username, "username", required=False)
    host = text(hostname, "hostname", required=False)
    if not isinstance(token, str):
        return Verification(False, "INVALID_TOKEN", "must be a token string")
    try:
        _core.verify(token, pairs, any_secret, seconds, user, host, expected_port, skew)
    except RdsIamError as error:
        if error.code in ("INVALID_TIME", "INVALID_PORT", "INVALID_INPUT"):
            raise
        return Verification(False, error.code, error.reason)
    return Verification(True)


def _port_or_none(value: Any) -> int | None:
    p = port(value)
    if p is not None and not 1 <= p <= 65535:
        raise RdsIamError("INVALID_PORT", "port", "must be an integer from 1 to 65535")
    return p
