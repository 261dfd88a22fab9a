"""The kind table Python reads from the core (``_core.KINDS``) against what
the core does with each kind: it signs with the fields the table says it
takes, refuses every other one as NOT_APPLICABLE (Python and the core
alike), names the signing service its tokens' credential scope carries, and
reads the region from the hostname only where the table says so."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import pytest

from conftest import CREDS, HOST, NOW, SECRET
from rds_iam_edge import RdsIamError, _core, inspect_token, sign_token
from rds_iam_edge._kinds import KINDS

#: A hostname of each kind's form (a new kind in the core needs one here).
HOSTS = {
    "rds": HOST,
    "dsql": "abc.dsql.us-east-1.on.aws",
    "elasticache": "my-cache",
    "memorydb": "my-cluster",
}
#: A value for each field a kind may take.
VALUES: dict[str, Any] = {"port": 5432, "username": "app-user", "admin": True, "serverless": True}


def sign(kind: str, host: str, region: str | None = "us-east-1", **fields: Any) -> str:
    return sign_token(service=kind, hostname=host, region=region, credentials=CREDS, now=NOW, **fields)


def own_fields(kind: str) -> dict[str, Any]:
    return {field: VALUES[field] for field in KINDS[kind].fields}


def test_every_kind_has_a_host_here() -> None:
    assert set(KINDS) == set(HOSTS)
    assert all(set(kind.fields) <= set(VALUES) for kind in KINDS.values())


@pytest.mark.parametrize("kind", sorted(HOSTS))
def test_signing_service_is_the_tokens_scope(kind: str) -> None:
    token = sign(kind, HOSTS[kind], **own_fields(kind))
    info = inspect_token(token)
    scope = parse_qs(token.split("?", 1)[1])["X-Amz-Credential"][0].split("/")
    assert (info.service, info.signing_service) == (kind, scope[3])


@pytest.mark.parametrize(("kind", "field"), [(k, f) for k in sorted(HOSTS) for f in VALUES])
def test_not_applicable_as_the_core_says(kind: str, field: str) -> None:
    fields = {**own_fields(kind), field: VALUES[field]}
    by_core: tuple[str, str | None] | None = None
    try:
        _core.sign(
            kind,
            HOSTS[kind],
            fields.get("port"),
            fields.get("username"),
            "us-east-1",
            CREDS["access_key_id"],
            SECRET,
            None,
            None,
            None,
            fields.get("admin"),
            fields.get("serverless"),
            NOW,
        )
    except RdsIamError as error:
        by_core = (error.code, error.field)
    if field in KINDS[kind].fields:
        assert by_core is None
        assert sign(kind, HOSTS[kind], **fields)
    else:
        assert by_core == ("NOT_APPLICABLE", field)
        with pytest.raises(RdsIamError) as caught:
            sign(kind, HOSTS[kind], **fields)
        assert (caught.value.code, caught.value.field) == ("NOT_APPLICABLE", field)


@pytest.mark.parametrize("kind", sorted(HOSTS))
def test_region_from_hostname_as_the_core_does(kind: str) -> None:
    # An endpoint naming us-east-1, in the kind's own form where it has one.
    host = HOSTS[kind] if KINDS[kind].region_from_hostname else HOST
    try:
        token = sign(kind, host, region=None, **own_fields(kind))
    except RdsIamError as error:
        assert not KINDS[kind].region_from_hostname
        assert error.code in ("REGION_UNAVAILABLE", "INVALID_HOSTNAME")
    else:
        assert KINDS[kind].region_from_hostname
        assert inspect_token(token).region == "us-east-1"


def test_unknown_service_is_the_cores_error() -> None:
    names = list(KINDS)
    for name in ["redshift", "RDS", "", "\ud800"]:
        with pytest.raises(RdsIamError) as caught:
            sign(name, HOST, port=5432, username="app_user")
        assert (caught.value.code, caught.value.field) == ("INVALID_SERVICE", "service")
        # The core's reason, naming every kind of its table.
        assert caught.value.reason == f"must be {', '.join(names[:-1])} or {names[-1]}"


def test_a_str_subclass_names_its_kind() -> None:
    class Name(str):
        pass

    token = sign(Name("dsql"), HOSTS["dsql"])
    assert inspect_token(token).service == "dsql"
