"""Staff run meetings: why one was cancelled, the outcome for staff and the
easy read outcome for the family, the actions agreed at the meeting, and the
confirmation staff send back for each support request.

Revision ID: 0014_meetings
Revises: 0013_contacts
Created: 2026-12-02 00:55:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_meetings"
down_revision: str | None = "0013_contacts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("cancel_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("outcome", sa.Text(), nullable=True))
        batch.add_column(sa.Column("family_outcome", sa.Text(), nullable=True))
        batch.add_column(sa.Column("outcome_recorded_at", sa.DateTime(), nullable=True))
    op.create_table(
        "meeting_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=120), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_actions_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_actions")),
    )
    op.create_index(
        op.f("ix_meeting_actions_meeting_id"), "meeting_actions", ["meeting_id"], unique=False
    )
    op.create_table(
        "meeting_support_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("support_request_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_support_confirmations_meeting_id_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["support_request_id"],
            ["meeting_support_requests.id"],
            name=op.f(
                "fk_meeting_support_confirmations_support_request_id_meeting_support_requests"
            ),
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["staff_users.id"],
            name=op.f("fk_meeting_support_confirmations_confirmed_by_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_support_confirmations")),
        sa.UniqueConstraint(
            "support_request_id", name=op.f("uq_meeting_support_confirmations_support_request_id")
        ),
    )
    op.create_index(
        op.f("ix_meeting_support_confirmations_meeting_id"),
        "meeting_support_confirmations",
        ["meeting_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("meeting_support_confirmations")
    op.drop_table("meeting_actions")
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("outcome_recorded_at")
        batch.drop_column("family_outcome")
        batch.drop_column("outcome")
        batch.drop_column("cancel_reason")
