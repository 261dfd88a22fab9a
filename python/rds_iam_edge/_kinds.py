"""The token kinds' facts Python needs, read once, at import, from the Rust
core's kind table (``src/kind.rs``): a new kind there is a new kind here."""

from __future__ import annotations

from typing import NamedTuple

from . import _core


class Kind(NamedTuple):
    """One token kind, as the core describes it."""

    #: The SigV4 service name of its credential scope (``rds-db`` for ``rds``).
    signing_service: str
    #: Which of port, username, admin, serverless it takes; another one
    #: given is NOT_APPLICABLE.
    fields: tuple[str, ...]
    #: Whether its hostname is an endpoint that may name the region (not a
    #: cache or cluster name).
    region_from_hostname: bool


#: Every kind, by its name (``rds``, ``dsql``...).
KINDS: dict[str, Kind] = {name: Kind(*facts) for name, facts in _core.KINDS.items()}
