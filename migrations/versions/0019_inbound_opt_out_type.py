"""Inbound text messages keep Twilio's `OptOutType` (STOP, START or HELP, when
Twilio took the message as one of its keywords), so a message handled again
later by the worker is handled as it would have been at once.

Revision ID: 0019_inbound_opt_out_type
Revises: 0018_conversations
Created: 2026-12-02 14:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_inbound_opt_out_type"
down_revision: str | None = "0018_conversations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opt_out_type", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_column("opt_out_type")
