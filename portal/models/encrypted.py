"""A column type that keeps text encrypted at rest (portal.secrets_at_rest)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from portal.secrets_at_rest import current_key_ring


class EncryptedString(TypeDecorator[str]):
    """Text that Python reads and writes as it is, and the database holds only
    as a Fernet token, encrypted with the newest key of the app's key ring.

    A token is longer than what it holds: 140 characters for a 32-character
    TOTP key. Values are never compared in SQL (each encryption differs), so
    only `IS NULL` and `IS NOT NULL` make sense in a query.
    """

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return current_key_ring(dialect).encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return current_key_ring(dialect).decrypt(value)
