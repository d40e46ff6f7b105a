"""Indexes that find one young person's newest history directly: feedback
answers by when they arrived, meetings by when they start, notes by when
they were written, and messages by direction and status. Each replaces the
index on `young_person_id` alone, which it covers. Without them the planners
read the whole service's rows in time order to find one family's newest
(the record took 185 ms on PostgreSQL at 1,000,000 answers), and SQLite read
every outbound message to find a caseload's failed ones.

Revision ID: 0026_history_indexes
Revises: 0025_family_page_looks
Created: 2026-12-07 14:15:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026_history_indexes"
down_revision: str | None = "0025_family_page_looks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Table -> (new index, its columns).
INDEXES = {
    "feedback_responses": ("ix_feedback_responses_young_person_received", ["received_at"]),
    "meetings": ("ix_meetings_young_person_starts", ["starts_at"]),
    "notes": ("ix_notes_young_person_created", ["created_at"]),
    "messages": ("ix_messages_young_person_direction_status", ["direction", "status"]),
}


def upgrade() -> None:
    for table, (name, columns) in INDEXES.items():
        op.create_index(name, table, ["young_person_id", *columns])
        op.drop_index(f"ix_{table}_young_person_id", table_name=table)


def downgrade() -> None:
    for table, (name, _) in INDEXES.items():
        op.create_index(f"ix_{table}_young_person_id", table, ["young_person_id"])
        op.drop_index(name, table_name=table)
