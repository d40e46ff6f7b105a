"""Exit 0 when a PostgreSQL server answers at the URL given, 1 (with a clear
message) when none does. Used by `make test` before the PostgreSQL run."""

from __future__ import annotations

import sys

import psycopg
from sqlalchemy.engine import make_url


def main(url: str) -> int:
    parsed = make_url(url)
    try:
        psycopg.connect(
            host=parsed.host,
            port=parsed.port or 5432,
            user=parsed.username,
            password=parsed.password,
            dbname=parsed.database,
            connect_timeout=5,
        ).close()
    except psycopg.OperationalError as error:
        print(f"No PostgreSQL server answers at {parsed.host}:{parsed.port or 5432}: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
