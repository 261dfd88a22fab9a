"""SQLAlchemy integration: ``RDSIAMAuth``, a drop-in for sqlalchemy-rds-iam's
class (same constructor arguments, ``register_for_engine``,
``generate_auth_token``, ``provide_token``), on the Rust signer and
``TokenProvider``: tokens refreshed ahead off the connect path, sync and
async engines, PostgreSQL (psycopg2, psycopg 3, asyncpg, pg8000) and
MySQL / MariaDB (PyMySQL, mysqlclient), RDS Proxy and Aurora DSQL, TLS on
by default, and one retry with a fresh token when a login is refused."""

from __future__ import annotations

import os
import ssl
import threading
from collections import OrderedDict
from collections.abc import MutableMapping
from typing import Any, Callable, Union

from ._credentials import CredentialsOption, CredentialSource
from ._errors import RdsIamError
from ._input import DEFAULTS
from ._provider import TokenProvider
from ._refused import login_refused_error

__all__ = ["RDSIAMAuth"]

#: TLS: True verifies the server (against ``ssl_ca`` or the system's trust
#: store), "require" encrypts without verifying, False leaves the driver's
#: settings alone.
TLS = Union[bool, str]

_DEFAULT_PORT = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306}
# mysqlclient (MySQLdb) takes the password as `passwd`; every other driver as `password`.
_PASSWORD_KEY = {"mysqldb": "passwd"}


class _OptionError(RdsIamError, ValueError):
    """A bad constructor option: an RdsIamError that is also the ValueError the seed raised."""


class RDSIAMAuth:
    """IAM authentication for SQLAlchemy engines.

    ``RDSIAMAuth(region_name=None, boto_session=None, cache_timeout=600)`` as
    in sqlalchemy-rds-iam, plus keyword options: ``region`` (an alias of
    ``region_name``), ``credentials`` (anything ``sign_token`` takes),
    ``service`` ("rds" or "dsql"), ``tls``, ``ssl_ca`` (a CA bundle path,
    e.g. AWS's RDS global bundle), ``retry_refused`` and the token provider's
    ``expires_in``, ``safety_margin``, ``refresh_ahead``, ``clock``,
    ``on_event``, ``timeout``. Tokens are cached per (user, host, port,
    region) for at most ``cache_timeout`` seconds (0 turns caching off) and
    never past their usable end.
    """

    def __init__(
        self,
        region_name: str | None = None,
        boto_session: Any = None,
        cache_timeout: int = 600,
        *,
        region: str | None = None,
        credentials: CredentialsOption = None,
        service: str = "rds",
        tls: TLS = True,
        ssl_ca: str | None = None,
        retry_refused: bool = True,
        expires_in: int | None = None,
        safety_margin: float = DEFAULTS.safety_margin,
        refresh_ahead: float = DEFAULTS.refresh_ahead,
        clock: Callable[[], float] | None = None,
        on_event: Callable[[dict[str, Any]], None] | None = None,
        timeout: float = DEFAULTS.wait_timeout,
        max_endpoints: int = 100,
    ) -> None:
        if isinstance(cache_timeout, bool) or not isinstance(cache_timeout, int) or cache_timeout < 0:
            raise _OptionError("INVALID_INPUT", "cache_timeout", "must be 0 or a positive int of seconds")
        if region_name is not None and region is not None and region_name != region:
            raise _OptionError("INVALID_INPUT", "region", "give region or region_name, not both")
        for name, value in (("region_name", region_name), ("region", region)):
            if value is not None and not isinstance(value, str):
                raise _OptionError("INVALID_INPUT", name, "must be a str")
        if boto_session is not None and credentials is not None:
            raise _OptionError("INVALID_INPUT", "credentials", "give credentials or boto_session, not both")
        if service not in ("rds", "dsql"):
            raise _OptionError("INVALID_SERVICE", "service", "must be rds or dsql for a database engine")
        if tls not in (True, False, "require"):
            raise _OptionError("INVALID_INPUT", "tls", "must be True, False or 'require'")
        if ssl_ca is not None and not isinstance(ssl_ca, str):
            raise _OptionError("INVALID_INPUT", "ssl_ca", "must be a path")
        if isinstance(max_endpoints, bool) or not isinstance(max_endpoints, int) or max_endpoints < 1:
            raise _OptionError("INVALID_INPUT", "max_endpoints", "must be a positive int")
        self.region_name = region_name if region_name is not None else region
        self.session = boto_session
        self.cache_timeout = cache_timeout
        self.service = service
        self.tls = tls
        self.ssl_ca = ssl_ca
        self.retry_refused = retry_refused
        # One credential source for every endpoint: one fetch (and one default-chain lookup) for all.
        self._credentials = CredentialSource(boto_session if boto_session is not None else credentials)
        self._options: dict[str, Any] = {
            "expires_in": expires_in,
            "safety_margin": safety_margin,
            "refresh_ahead": refresh_ahead,
            "clock": clock,
            "on_event": on_event,
            "timeout": timeout,
            "cache": cache_timeout > 0,
            "max_age": cache_timeout if cache_timeout > 0 else None,
        }
        self._max_endpoints = max_endpoints
        self._providers: OrderedDict[tuple[Any, ...], TokenProvider] = OrderedDict()
        self._lock = threading.Lock()

    # -- the seed's API -------------------------------------------------------

    def _get_region(self) -> str | None:
        """The configured region, else the boto3 session's (None if neither)."""
        if self.region_name:
            return self.region_name
        session_region = getattr(self.session, "region_name", None)
        return session_region if isinstance(session_region, str) and session_region else None

    def register_for_engine(self, engine: Any) -> None:
        """Provides a token to every new connection of ``engine`` (an Engine or AsyncEngine)."""
        from sqlalchemy import event

        event.listen(getattr(engine, "sync_engine", engine), "do_connect", self.provide_token)

    def generate_auth_token(self, user: str, host: str, port: int | str, region: str | None = None) -> str:
        """A token for ``user`` at ``host:port``, from the cache while usable."""
        return self.provider_for(user, host, port, region).get()

    def provide_token(self, dialect: Any, conn_rec: Any, cargs: Any, cparams: MutableMapping[str, Any]) -> Any:
        """SQLAlchemy's ``do_connect`` hook: puts a token (and TLS settings) into
        the connect parameters and connects, retrying once with a fresh token
        if the server refuses a stale one."""
        driver = str(getattr(dialect, "driver", ""))
        name = str(getattr(dialect, "name", ""))
        user = cparams.get("user")
        host = cparams.get("host")
        port = cparams.get("port") or _DEFAULT_PORT.get(name)
        if user is None:
            raise RdsIamError("INVALID_USERNAME", "username", "the database URL must name a user")
        if host is None:
            raise RdsIamError("INVALID_HOSTNAME", "hostname", "the database URL must name a host")
        provider = self.provider_for(user, host, port, None)
        is_async = bool(getattr(dialect, "is_async", False))
        token = _token(provider, is_async)
        self._apply_tls(driver, cparams)
        key = _PASSWORD_KEY.get(driver, "password")
        if key != "password":
            cparams.pop("password", None)
        cparams[key] = token
        if not self.retry_refused:
            return None  # SQLAlchemy connects with the parameters as set
        try:
            return dialect.connect(*cargs, **cparams)
        except Exception as error:
            if not login_refused_error(error):
                raise
            provider.login_refused(error, token)
            fresh = _token(provider, is_async)
            if fresh == token:
                raise  # nothing newer to try: the refusal is not about a stale token
            cparams[key] = fresh
            return dialect.connect(*cargs, **cparams)

    # -- ours -----------------------------------------------------------------

    def provider_for(self, user: str, host: str, port: int | str | None, region: str | None) -> TokenProvider:
        """The TokenProvider for one endpoint and user (kept, at most ``max_endpoints``)."""
        region = region if region is not None else self.region_name
        for name, value in (("username", user), ("hostname", host), ("region", region)):
            if value is not None and not isinstance(value, str):
                raise RdsIamError("INVALID_INPUT", name, "must be a str")
        if port is not None and not isinstance(port, (int, str)):
            raise RdsIamError("INVALID_INPUT", "port", "must be an int or a decimal str")
        key = (user, host, port, region)
        with self._lock:
            provider = self._providers.get(key)
            if provider is not None:
                self._providers.move_to_end(key)
                return provider
        fields: dict[str, Any]
        if self.service == "dsql":
            fields = {"service": "dsql", "admin": user == "admin"}
        else:
            fields = {"service": "rds", "port": port, "username": user}
        provider = TokenProvider(
            hostname=host,
            region=region,  # None: the endpoint's, else the boto3 session's, else the environment's
            credentials=self._credentials,
            **fields,
            **self._options,
        )
        with self._lock:
            kept = self._providers.setdefault(key, provider)
            self._providers.move_to_end(key)
            while len(self._providers) > self._max_endpoints:
                # Dropped, not closed: a thread may be using it right now.
                self._providers.popitem(last=False)
        return kept

    def close(self) -> None:
        """Stops every provider's background refreshes."""
        with self._lock:
            providers = list(self._providers.values())
            self._providers.clear()
        for provider in providers:
            provider.close()

    def stats(self) -> dict[str, dict[str, Any]]:
        """Each provider's stats, keyed by ``user@host:port``."""
        with self._lock:
            items = list(self._providers.items())
        return {f"{user}@{host}:{port}": p.stats() for (user, host, port, _), p in items}

    def _apply_tls(self, driver: str, cparams: MutableMapping[str, Any]) -> None:
        """TLS defaults for the driver; settings the caller gave win."""
        if self.tls is False:
            return
        verify = self.tls is True
        ca = self.ssl_ca
        if driver in ("psycopg2", "psycopg", "psycopg_async"):
            cparams.setdefault("sslmode", "verify-full" if verify else "require")
            if verify and ca:
                cparams.setdefault("sslrootcert", ca)
            elif verify and _libpq_has_no_root_cert(driver):
                # Neither PGSSLROOTCERT nor ~/.postgresql/root.crt (where AWS's RDS
                # bundle goes): the OS store, as the other drivers use (RDS Proxy's
                # certificates chain to public roots). libpq >= 16 reads "system".
                cparams.setdefault("sslrootcert", "system")
        elif driver == "asyncpg":
            # asyncpg's "verify-full" reads PGSSLROOTCERT / ~/.postgresql/root.crt as libpq does.
            cparams.setdefault("ssl", _context(ca, verify) if ca or not verify else "verify-full")
        elif driver == "pg8000":
            cparams.setdefault("ssl_context", _context(ca, verify))
        elif driver in ("pymysql", "aiomysql", "asyncmy"):
            cparams.setdefault("ssl", _context(ca, verify))
        elif driver == "mysqldb":
            if verify:
                cparams.setdefault("ssl_mode", "VERIFY_IDENTITY")
                cparams.setdefault("ssl", {"ca": ca or _system_ca_file()})
            else:
                cparams.setdefault("ssl_mode", "REQUIRED")

    def __repr__(self) -> str:
        return (
            f"<RDSIAMAuth region={self.region_name!r} service={self.service} cache_timeout={self.cache_timeout} "
            f"endpoints={len(self._providers)}>"
        )


def _token(provider: TokenProvider, is_async: bool) -> str:
    if not is_async:
        return provider.get()
    token = provider.cached()
    if token is None:
        # Inside an async engine's connect (a greenlet under the event loop): a
        # miss, which may fetch credentials, runs in a worker thread, awaited.
        from sqlalchemy.util import await_only

        token = await_only(provider.get_async())
    return token


def _context(ca: str | None, verify: bool) -> ssl.SSLContext:
    if not verify:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    return ssl.create_default_context(cafile=ca)


def _libpq_has_no_root_cert(driver: str) -> bool:
    if os.environ.get("PGSSLROOTCERT") or os.path.exists(os.path.expanduser("~/.postgresql/root.crt")):
        return False
    try:
        if driver == "psycopg2":
            import psycopg2

            version = int(psycopg2.__libpq_version__)
        else:
            import psycopg

            version = int(psycopg.pq.version())
    except Exception:
        return False  # an unknown libpq: its own lookup, and its own error
    return version >= 160000


def _system_ca_file() -> str:
    paths = ssl.get_default_verify_paths()
    return paths.cafile or paths.openssl_cafile
