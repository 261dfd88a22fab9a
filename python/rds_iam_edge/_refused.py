"""What counts as a refused login, for the one retry a stale token earns:
the server saying the password (our token) is wrong, however the driver or
SQLAlchemy wraps it. Nothing else (a network error, a missing database) is
a refusal."""

from __future__ import annotations

import re
from typing import Any

#: PostgreSQL SQLSTATEs for a refused login (invalid_password, invalid_authorization_specification).
POSTGRES_REFUSED = frozenset({"28P01", "28000"})
#: MySQL / MariaDB ER_ACCESS_DENIED_ERROR.
MYSQL_REFUSED = 1045
#: A refused login forces a fresh token at most once per this many seconds,
#: so a server that refuses every token costs one signing per window, never a storm.
REFUSAL_WINDOW = 10.0

# libpq reports a refused login without a SQLSTATE (psycopg2, psycopg 3):
# only the server's message says it (RDS checks IAM tokens through PAM).
_LIBPQ_REFUSED = re.compile(r"FATAL:\s+(?:password|PAM) authentication failed for user")


def login_refused_error(error: object) -> bool:
    """Whether a driver's exception is the server refusing a login
    (PostgreSQL 28P01 / 28000, MySQL / MariaDB 1045), however wrapped."""
    seen = 0
    while error is not None and seen < 5:
        seen += 1
        for attr in ("pgcode", "sqlstate"):  # psycopg2, psycopg 3 / asyncpg
            if getattr(error, attr, None) in POSTGRES_REFUSED:
                return True
        if type(error).__module__.startswith(("psycopg", "sqlalchemy")) and _LIBPQ_REFUSED.search(str(error)[:2000]):
            return True
        args: Any = getattr(error, "args", ())
        if args and args[0] == MYSQL_REFUSED:  # PyMySQL, mysqlclient
            return True
        if isinstance(args[0] if args else None, dict) and args[0].get("C") in POSTGRES_REFUSED:  # pg8000
            return True
        error = getattr(error, "orig", None) or getattr(error, "__cause__", None)
    return False
