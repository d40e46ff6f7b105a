"""Staff authenticator (TOTP) keys encrypted at rest: the column grows to hold
a Fernet token, and the keys already stored are encrypted in place.

Encrypting needs the app's key ring (TOTP_ENCRYPTION_KEYS), which
`flask --app portal db-upgrade` passes in. With keys to encrypt and no key
ring, the migration stops before changing anything. Downgrading decrypts
them again, with the same key ring.

Revision ID: 0006_secrets
Revises: 0005
Created: 2026-12-02 09:00:00.000000
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision: str = "0006_secrets"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_staff_users = sa.table(
    "staff_users", sa.column("id", sa.Integer()), sa.column("totp_secret", sa.String())
)


def _stored_secrets() -> list[tuple[int, str]]:
    rows = op.get_bind().execute(
        sa.select(_staff_users.c.id, _staff_users.c.totp_secret).where(
            _staff_users.c.totp_secret.is_not(None)
        )
    )
    return [(row[0], row[1]) for row in rows]


def _key_ring(rows: list[tuple[int, str]]) -> Any:
    key_ring = context.config.attributes.get("key_ring")
    if rows and key_ring is None:
        raise RuntimeError(
            f"{len(rows)} staff authenticator key(s) need TOTP_ENCRYPTION_KEYS: "
            "run `flask --app portal db-upgrade` with the app's environment"
        )
    return key_ring


def _write(rows: list[tuple[int, str]], change: Callable[[str], str]) -> None:
    for staff_id, value in rows:
        op.get_bind().execute(
            sa.update(_staff_users)
            .where(_staff_users.c.id == staff_id)
            .values(totp_secret=change(value))
        )


def upgrade() -> None:
    rows = _stored_secrets()
    key_ring = _key_ring(rows)
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sa.String(length=64),
            type_=sa.String(length=255),
            existing_nullable=True,
        )
    if rows:
        _write(rows, key_ring.encrypt)


def downgrade() -> None:
    rows = _stored_secrets()
    key_ring = _key_ring(rows)
    if rows:
        _write(rows, key_ring.decrypt)
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sa.String(length=255),
            type_=sa.String(length=64),
            existing_nullable=True,
        )
