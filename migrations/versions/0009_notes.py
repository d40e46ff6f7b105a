"""Notes say what happened and when it happened, apart from when they were
written, so an entry written more than 24 hours after its event can be shown
as written late; and a note is amended at most once, so amendments form one
line and two people amending the same note cannot both succeed.

Notes written before this revision get their first 120 characters as what
happened, and the time they were written as the time it happened: that is all
that is known. Filling them in is the one change to history this migration
makes; on PostgreSQL it turns the history trigger off for that statement
only, inside the migration's transaction.

Revision ID: 0009_notes
Revises: 0008_append_only
Created: 2026-12-02 00:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_notes"
down_revision: str | None = "0008_append_only"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FILL_IN = "UPDATE notes SET summary = substr(body, 1, 120), event_at = created_at"


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("event_at", sa.DateTime(), nullable=True))
    if postgresql:
        op.execute("ALTER TABLE notes DISABLE TRIGGER refuse_update_or_delete")
        op.execute(_FILL_IN)
        op.execute("ALTER TABLE notes ENABLE TRIGGER refuse_update_or_delete")
    else:
        op.execute(_FILL_IN)
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.alter_column("summary", existing_type=sa.String(length=120), nullable=False)
        batch_op.alter_column("event_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_notes_amends_note_id"), ["amends_note_id"])


def downgrade() -> None:
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_notes_amends_note_id"), type_="unique")
        batch_op.drop_column("event_at")
        batch_op.drop_column("summary")
