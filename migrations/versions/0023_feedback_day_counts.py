"""Service-wide feedback counts per London day (responses by answer, channel,
who answered and kind of meeting; responses per theme; requests sent and
answered), kept up to date as answers arrive, so that the collated view for
the whole service reads a few thousand counts instead of every response.

Two indexes for the pages of comments: the index of later parts leaves out
the first parts (NULL), which misled SQLite's planner into reading every
first part; a new one finds a response's notice (is it still unread?).

They are derived from the rows: `flask --app portal db-upgrade` counts them
for a database that has feedback and no counts yet, and
`flask --app portal recount-feedback` rebuilds them at any time. The
downgrade drops them; nothing else depends on them.

Revision ID: 0023_feedback_day_counts
Revises: 0022_feedback_record
Created: 2026-12-03 06:08:59.359974
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_feedback_day_counts"
down_revision: str | None = "0022_feedback_record"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("feedback_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_responses_part_of_id")
        batch_op.create_index(
            "ix_feedback_responses_part_of_id",
            ["part_of_id"],
            unique=False,
            sqlite_where=sa.text("part_of_id IS NOT NULL"),
            postgresql_where=sa.text("part_of_id IS NOT NULL"),
        )
    with op.batch_alter_table("family_input_notices", schema=None) as batch_op:
        batch_op.create_index(
            "ix_family_input_notices_subject", ["kind", "subject_id"], unique=False
        )
    op.create_table(
        "feedback_day_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "fft_answer",
            sa.Enum(
                "very_good",
                "good",
                "neither_good_nor_poor",
                "poor",
                "very_poor",
                "dont_know",
                name="day_count_fft_answer",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "channel",
            sa.Enum(
                "web",
                "sms",
                "paper",
                "phone",
                name="day_count_channel",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "answered_by",
            sa.Enum(
                "young_person",
                "parent_or_carer",
                "someone_helping",
                name="day_count_answered_by",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "meeting_kind",
            sa.Enum(
                "cetr",
                "ctr",
                "mdt",
                "register_review",
                "other",
                name="day_count_meeting_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_day_counts")),
    )
    with op.batch_alter_table("feedback_day_counts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_day_counts_day"), ["day"], unique=False)

    op.create_table(
        "feedback_request_day_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_feedback_request_day_counts")),
    )
    op.create_table(
        "feedback_theme_day_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["feedback_themes.id"],
            name=op.f("fk_feedback_theme_day_counts_theme_id_feedback_themes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_theme_day_counts")),
    )
    with op.batch_alter_table("feedback_theme_day_counts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_theme_day_counts_day"), ["day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("family_input_notices", schema=None) as batch_op:
        batch_op.drop_index("ix_family_input_notices_subject")
    with op.batch_alter_table("feedback_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_responses_part_of_id")
        batch_op.create_index("ix_feedback_responses_part_of_id", ["part_of_id"], unique=False)
    with op.batch_alter_table("feedback_theme_day_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_theme_day_counts_day"))

    op.drop_table("feedback_theme_day_counts")
    op.drop_table("feedback_request_day_counts")
    with op.batch_alter_table("feedback_day_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_day_counts_day"))

    op.drop_table("feedback_day_counts")
