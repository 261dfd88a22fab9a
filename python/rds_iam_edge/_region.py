"""Region resolution for providers: the caller's value, else the endpoint's
own region, else the boto3 session's, else AWS_REGION, AWS_DEFAULT_REGION,
then botocore's profile region, else a loud REGION_UNAVAILABLE. Never a
guess: a wrong region makes a token that fails at login."""

from __future__ import annotations

import functools
import os
import re
from typing import Any

from ._errors import RdsIamError

# RDS, RDS Proxy and Aurora endpoints (`name.id.region.rds.amazonaws.com`,
# China `...rds.region.amazonaws.com.cn` too) and DSQL clusters (`id.dsql.region.on.aws`).
_ENDPOINT = re.compile(
    r"^[^.]+(?:\.[^.]+)*?\.(?:"
    r"(?P<rds>[a-z]{2}(?:-[a-z]+)+-\d+)\.rds\.amazonaws\.com(?:\.cn)?"
    r"|rds\.(?P<cn>[a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com\.cn"
    r"|dsql\.(?P<dsql>[a-z]{2}(?:-[a-z]+)+-\d+)\.on\.aws"
    r")\.?$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=256)
def endpoint_region(hostname: str) -> str | None:
    """The region an RDS, RDS Proxy, Aurora or DSQL endpoint names, or None."""
    match = _ENDPOINT.match(hostname) if len(hostname) <= 253 else None
    if match is None:
        return None
    return next(r for r in match.group("rds", "cn", "dsql") if r).lower()


def resolve_region(explicit: object, hostname: object, session: Any = None, service: str = "rds") -> str:
    """The region to sign for (validated later by the core)."""
    if explicit is not None:
        if not isinstance(explicit, str):
            raise RdsIamError("INVALID_INPUT", "region", "must be a str")
        return explicit
    if isinstance(hostname, str) and service in ("rds", "dsql"):
        found = endpoint_region(hostname)
        if found:
            return found
    session_region = getattr(session, "region_name", None) if session is not None else None
    if isinstance(session_region, str) and session_region:
        return session_region
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        value = os.environ.get(name)
        if value:
            return value
    profile_region = _botocore_region()
    if profile_region:
        return profile_region
    raise RdsIamError(
        "REGION_UNAVAILABLE",
        "region",
        "pass region, use an endpoint that names one, or set AWS_REGION or a profile region",
    )


def _botocore_region() -> str | None:
    try:
        import botocore.session
    except ImportError:
        return None
    try:
        region = botocore.session.get_session().get_config_variable("region")
    except Exception:
        return None
    return region if isinstance(region, str) and region else None
