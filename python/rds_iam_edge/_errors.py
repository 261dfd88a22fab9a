"""RdsIamError: one exception class with a stable code, the field it
concerns (as the Python caller spells it) and a fixed reason. Messages are
built from those three only, never from a value the caller passed, so no
secret, session token or token can appear in one."""

from __future__ import annotations

from ._core import ERROR_CODES as _CORE_ERROR_CODES

#: Every code, from the Rust core's one list (``ErrorCode::ALL``): the same
#: strings as the JS package's ``RdsIamError.code``.
ERROR_CODES: tuple[str, ...] = _CORE_ERROR_CODES


class RdsIamWarning(UserWarning):
    """A token that will likely be refused, signed as asked (e.g. a region
    unlike the one the endpoint names: ``REGION_MISMATCH``)."""


class RdsIamError(Exception):
    """A failure to sign, parse, verify or obtain credentials.

    ``code`` is stable (see ``ERROR_CODES``), ``field`` names the input
    concerned (``hostname``, ``credentials.access_key_id``...) or is None,
    ``reason`` is a short fixed text.
    """

    code: str
    field: str | None
    reason: str

    def __init__(self, code: str, field: str | None, reason: str) -> None:
        if code not in ERROR_CODES:
            # A code we do not know is our bug, never the caller's mistake.
            code, field, reason = "INTERNAL_ERROR", None, "unknown error code"
        self.code = code
        self.field = field
        self.reason = reason
        super().__init__(f"{code} ({field}): {reason}" if field else f"{code}: {reason}")

    def __reduce__(self) -> tuple[type[RdsIamError], tuple[str, str | None, str]]:
        return (type(self), (self.code, self.field, self.reason))

    def __repr__(self) -> str:
        return f"RdsIamError({self.code!r}, {self.field!r}, {self.reason!r})"
