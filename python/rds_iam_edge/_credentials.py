"""Credentials as the signer sees them (``Identity``), where they come from
(``CredentialSource``), and the default chain: botocore's when it is
installed, else the ``AWS_*`` environment variables, else a clear
``CREDENTIALS_UNAVAILABLE``."""

from __future__ import annotations

import datetime as _dt
import hmac
import math
import os
import secrets
import threading
from collections.abc import Mapping
from typing import Any, Callable, Union

from . import _core
from ._errors import RdsIamError

# Cache keys are a keyed digest of the whole identity, never the secret
# itself: a per-process random key, so a digest means nothing elsewhere.
_DIGEST_KEY = secrets.token_bytes(32)

_FIELDS = ("access_key_id", "secret_access_key", "session_token", "expiration")
# What a JS habit or a botocore name would put in a dict: refused, not ignored
# (signing without a session token that was meant to be there fails later).
_MISSPELLED = {
    "accessKeyId": "access_key_id",
    "secretAccessKey": "secret_access_key",
    "sessionToken": "session_token",
    "aws_access_key_id": "access_key_id",
    "aws_secret_access_key": "secret_access_key",
    "aws_session_token": "session_token",
    "token": "session_token",
}


class Identity:
    """One set of credentials: access key id, secret, optional session token
    and expiration (epoch seconds). Its ``repr`` shows only the access key id."""

    __slots__ = ("_digest", "access_key_id", "expiration", "secret_access_key", "session_token")

    def __init__(
        self,
        access_key_id: str,
        secret_access_key: str,
        session_token: str | None = None,
        expiration: float | None = None,
    ) -> None:
        self.access_key_id = access_key_id
        self.secret_access_key = secret_access_key
        self.session_token = session_token
        self.expiration = expiration
        self._digest: bytes | None = None

    @property
    def digest(self) -> bytes:
        """The core's keyed digest of (access key id, secret, session token)
        under this process's random key: equal only for the same identity."""
        if self._digest is None:
            self._digest = _core.identity_digest(
                _DIGEST_KEY, self.access_key_id, self.secret_access_key, self.session_token
            )
        return self._digest

    def same(self, access_key_id: str, secret_access_key: str, session_token: str | None) -> bool:
        return (
            self.access_key_id == access_key_id
            and hmac.compare_digest(
                self.secret_access_key.encode("utf-8", "surrogatepass"),
                secret_access_key.encode("utf-8", "surrogatepass"),
            )
            and self.session_token == session_token
        )

    def expiration_second(self) -> int | None:
        """The expiration as whole epoch seconds (rounded down: never later than reported)."""
        if self.expiration is None:
            return None
        return max(-(2**62), min(2**62, math.floor(self.expiration)))

    def expires_before(self, when: float) -> bool:
        return self.expiration is not None and self.expiration <= when

    def __repr__(self) -> str:
        return (
            f"Identity(access_key_id={self.access_key_id!r}, secret_access_key=<redacted>, "
            + ("session_token=<redacted>, " if self.session_token else "")
            + f"expiration={self.expiration!r})"
        )

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("credentials are not picklable")


CredentialsOption = Union[Mapping[str, Any], Identity, Callable[[], Any], Any, None]


def _text(value: object, field: str, required: bool) -> str | None:
    if value is None:
        if required:
            raise RdsIamError("INVALID_CREDENTIALS", field, "is required")
        return None
    if not isinstance(value, str):
        raise RdsIamError("INVALID_CREDENTIALS", field, "must be a str")
    return value


def _expiration(value: object, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise RdsIamError("INVALID_CREDENTIALS", field, "must be an aware datetime")
        return value.timestamp()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    raise RdsIamError("INVALID_CREDENTIALS", field, "must be a datetime or epoch seconds")


def _from_mapping(value: Mapping[str, Any]) -> Identity:
    if _MISSPELLED.keys() & value.keys():
        key = next(k for k in value if k in _MISSPELLED)  # the first, as the caller wrote them
        raise RdsIamError("INVALID_INPUT", f"credentials.{key}", f"is spelled {_MISSPELLED[key]} here")
    akid = value.get("access_key_id")
    secret = value.get("secret_access_key")
    session = value.get("session_token")
    expiration = value.get("expiration")
    # Plain str values (the usual case) need no more checks here; the core checks their content.
    if type(akid) is not str or not akid:
        akid = _text(akid, "credentials.access_key_id", True)
    if type(secret) is not str or not secret:
        secret = _text(secret, "credentials.secret_access_key", True)
    if session is not None and type(session) is not str:
        session = _text(session, "credentials.session_token", False)
    assert akid is not None
    assert secret is not None
    return Identity(
        akid, secret, session, None if expiration is None else _expiration(expiration, "credentials.expiration")
    )


def _botocore_expiry(creds: object) -> float | None:
    # RefreshableCredentials keeps its expiry in _expiry_time (an aware datetime).
    expiry = getattr(creds, "_expiry_time", None)
    return expiry.timestamp() if isinstance(expiry, _dt.datetime) and expiry.tzinfo is not None else None


def _from_botocore(creds: Any) -> Identity:
    """A botocore Credentials / RefreshableCredentials (or its frozen tuple)."""
    try:
        frozen = creds.get_frozen_credentials() if hasattr(creds, "get_frozen_credentials") else creds
        akid, secret, token = frozen.access_key, frozen.secret_key, frozen.token
    except RdsIamError:
        raise
    except Exception as error:
        raise RdsIamError(
            "PROVIDER_FAILED", "credentials", f"botocore could not refresh the credentials ({type(error).__name__})"
        ) from None
    akid = _text(akid, "credentials.access_key_id", True)
    secret = _text(secret, "credentials.secret_access_key", True)
    assert akid is not None
    assert secret is not None
    # botocore signs without a session token when it is empty ("if token:"); so do we.
    return Identity(akid, secret, _text(token or None, "credentials.session_token", False), _botocore_expiry(creds))


def _is_botocore_credentials(value: object) -> bool:
    return hasattr(value, "get_frozen_credentials") or all(
        hasattr(value, a) for a in ("access_key", "secret_key", "token")
    )


def _is_session(value: object) -> bool:
    # boto3.Session and botocore.session.Session both have get_credentials().
    return callable(getattr(value, "get_credentials", None))


def identity_of(value: object) -> Identity:
    """Any accepted credentials value, resolved now (callables called once)."""
    if type(value) is dict or isinstance(value, Mapping):  # a plain dict skips the ABC check
        return _from_mapping(value)
    if isinstance(value, Identity):
        return value
    if _is_session(value):
        return _from_botocore(_session_credentials(value))
    if _is_botocore_credentials(value):
        return _from_botocore(value)
    if callable(value):
        try:
            result = value()
        except RdsIamError:
            raise
        except Exception as error:
            raise RdsIamError(
                "PROVIDER_FAILED", "credentials", f"the credential provider failed ({type(error).__name__})"
            ) from None
        if callable(result) and not _is_botocore_credentials(result) and not isinstance(result, Mapping):
            raise RdsIamError(
                "INVALID_CREDENTIALS", "credentials", "the provider must return credentials, not another callable"
            )
        return identity_of(result)
    raise RdsIamError(
        "INVALID_CREDENTIALS",
        "credentials",
        "must be a dict, botocore Credentials, a boto3 Session or a callable returning one",
    )


def _session_credentials(session: Any) -> Any:
    try:
        creds = session.get_credentials()
    except Exception as error:
        raise RdsIamError(
            "PROVIDER_FAILED", "credentials", f"the session could not find credentials ({type(error).__name__})"
        ) from None
    if creds is None:
        raise RdsIamError("CREDENTIALS_UNAVAILABLE", "credentials", "the session found no credentials")
    return creds


def default_credentials() -> Any:
    """botocore's default chain when botocore is installed, else the AWS_* environment variables."""
    try:
        import botocore.session
    except ImportError:
        akid = os.environ.get("AWS_ACCESS_KEY_ID")
        secret = os.environ.get("AWS_SECRET_ACCESS_KEY")
        if not akid or not secret:
            raise RdsIamError(
                "CREDENTIALS_UNAVAILABLE",
                "credentials",
                "pass credentials, install botocore (its default chain), or set AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY",
            ) from None
        return Identity(akid, secret, os.environ.get("AWS_SESSION_TOKEN") or None)
    creds = botocore.session.get_session().get_credentials()
    if creds is None:
        raise RdsIamError("CREDENTIALS_UNAVAILABLE", "credentials", "botocore's default chain found no credentials")
    return creds


class CredentialSource:
    """One credentials option as a cache sees it. ``get(until)`` returns an
    identity that works past ``until`` (epoch seconds); a fetched identity is
    kept until then, and concurrent callers share one fetch."""

    def __init__(self, option: CredentialsOption) -> None:
        self._option = option
        self._value: Identity | None = None
        self._lock = threading.Lock()
        self.fetches = 0
        # Static: an identity that can never change (a dict, an Identity).
        self.static = isinstance(option, (Mapping, Identity))
        #: A boto3 / botocore session given as the credentials (its region is a fallback).
        self.session: Any = option if _is_session(option) else None
        if self.static:
            self._value = identity_of(option)

    def peek(self, until: float) -> Identity | None:
        """The kept identity if it works past ``until``, without fetching."""
        value = self._value
        if value is not None and not value.expires_before(until):
            return value
        return None

    def get(self, until: float, timeout: float, fresh: bool = False) -> Identity:
        """The kept identity if it works past ``until``, else a fetched one.
        ``fresh`` asks the source even so, keeping the old identity for other
        callers until the new one is in hand."""
        value = None if fresh else self.peek(until)
        if value is not None:
            return value
        if self.static:
            raise RdsIamError("CREDENTIALS_EXPIRED", "credentials", "the credentials expire within the safety margin")
        if not self._lock.acquire(timeout=timeout):
            raise RdsIamError("TIMEOUT", "credentials", "waited too long for another caller's credential fetch")
        try:
            value = None if fresh else self.peek(until)
            if value is None:
                value = self._fetch()
                if value.expires_before(until):
                    raise RdsIamError(
                        "CREDENTIALS_EXPIRED", "credentials", "the credentials expire within the safety margin"
                    )
                self._value = value
            return value
        finally:
            self._lock.release()

    def forget(self) -> None:
        """Drops a fetched identity: the next ``get`` asks the source again."""
        if not self.static:
            self._value = None

    def _fetch(self) -> Identity:
        self.fetches += 1
        option = self._option
        if option is None:
            option = self._option = default_credentials()
        if _is_session(option):
            # The session's credentials object does its own refreshing; keep it.
            option = self._option = _session_credentials(option)
        fresh = identity_of(option)
        old = self._value
        # The same credentials again keep the same Identity (and its cached tokens).
        if old is not None and old.same(fresh.access_key_id, fresh.secret_access_key, fresh.session_token):
            old.expiration = fresh.expiration
            return old
        return fresh

    def __repr__(self) -> str:
        return f"<CredentialSource static={self.static} fetches={self.fetches}>"
