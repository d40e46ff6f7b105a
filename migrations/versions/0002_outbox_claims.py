"""Outbox claims: when a worker claimed a message, and an index for finding
the queued messages that are due.

Revision ID: 0002
Revises: 0001
Created: 2026-11-23 02:17:21.033396
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(), nullable=True))
        # The worker asks for status = 'queued' AND send_after <= now: one
        # index on both columns replaces the one on send_after alone.
        batch_op.drop_index(batch_op.f("ix_messages_send_after"))
        batch_op.create_index(
            "ix_messages_status_send_after", ["status", "send_after"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_status_send_after")
        batch_op.create_index(batch_op.f("ix_messages_send_after"), ["send_after"], unique=False)
        batch_op.drop_column("claimed_at")
