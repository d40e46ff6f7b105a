"""A message a family writes on the Messages page carries the form's one-time
token (`family_messages.form_token`), unique per contact, so the same form
sent twice, even at the same moment from two taps, files one message.

Revision ID: 0020_family_message_tokens
Revises: 0019_inbound_opt_out_type
Created: 2026-12-02 14:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_family_message_tokens"
down_revision: str | None = "0019_inbound_opt_out_type"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Adding a column changes no row, so the history triggers do not object.
    op.add_column("family_messages", sa.Column("form_token", sa.String(length=64), nullable=True))
    op.create_index(
        "uq_family_messages_contact_form_token",
        "family_messages",
        ["contact_id", "form_token"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_family_messages_contact_form_token", table_name="family_messages")
    with op.batch_alter_table("family_messages", schema=None) as batch_op:
        batch_op.drop_column("form_token")
