# Stubs for the PyO3 extension (python/src/lib.rs). Flat by design: the
# package's Python modules check types and fill defaults before calling.
from typing import final

ERROR_CODES: tuple[str, ...]
# name -> (signing service, which of port/username/admin/serverless it takes, region from hostname)
KINDS: dict[str, tuple[str, tuple[str, ...], bool]]

@final
class Signer:
    def __new__(
        cls,
        service: str,
        hostname: str,
        port: int | None,
        username: str | None,
        region: str,
        access_key_id: str,
        secret_access_key: str,
        session_token: str | None,
        expiration: int | None,
        expires_in: int | None,
        admin: bool | None,
        serverless: bool | None,
    ) -> Signer: ...
    def sign(self, now: int) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def expires_in(self) -> int: ...

def sign(
    service: str,
    hostname: str,
    port: int | None,
    username: str | None,
    region: str,
    access_key_id: str,
    secret_access_key: str,
    session_token: str | None,
    expiration: int | None,
    expires_in: int | None,
    admin: bool | None,
    serverless: bool | None,
    now: int,
) -> str: ...
def parse_service(name: str) -> str: ...
def endpoint_region(hostname: str) -> str | None: ...
def identity_digest(key: bytes, access_key_id: str, secret_access_key: str, session_token: str | None) -> bytes: ...
def inspect(
    token: str,
) -> tuple[str, str, str, int | None, str | None, str, str, int, int, bool, bool]: ...
def verify(
    token: str,
    keys: list[tuple[str, str]],
    any_secret: str | None,
    now: int,
    username: str | None,
    hostname: str | None,
    port: int | None,
    skew_seconds: int,
) -> None: ...
