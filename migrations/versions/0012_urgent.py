"""Urgent family input is handled by a person: one acknowledgement for each
urgent notice (who, what they did), kept as history with the same PostgreSQL
triggers as 0008_append_only, and when a notice that nobody acknowledged in
time was escalated to the team's managers.

Revision ID: 0012_urgent
Revises: 0011_allocation
Created: 2026-12-02 00:16:08.728697
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_urgent"
down_revision: str | None = "0011_allocation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "urgent_acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "phoned_family",
                "spoke_to_young_person",
                "safeguarding_referral",
                "told_duty_or_crisis_team",
                "passed_to_manager",
                "other",
                name="urgent_action",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"],
            ["staff_users.id"],
            name=op.f("fk_urgent_acknowledgements_acknowledged_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["family_input_notices.id"],
            name=op.f("fk_urgent_acknowledgements_notice_id_family_input_notices"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_urgent_acknowledgements_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_urgent_acknowledgements")),
        sa.UniqueConstraint("notice_id", name=op.f("uq_urgent_acknowledgements_notice_id")),
    )
    with op.batch_alter_table("urgent_acknowledgements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_urgent_acknowledgements_young_person_id"),
            ["young_person_id"],
            unique=False,
        )

    with op.batch_alter_table("family_input_notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("escalated_at", sa.DateTime(), nullable=True))

    if op.get_bind().dialect.name == "postgresql":
        # History: the function is the one 0008_append_only created.
        op.execute(
            "CREATE TRIGGER refuse_update_or_delete BEFORE UPDATE OR DELETE ON "
            "urgent_acknowledgements FOR EACH ROW EXECUTE FUNCTION refuse_history_change()"
        )
        op.execute(
            "CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON urgent_acknowledgements"
            " FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER refuse_truncate ON urgent_acknowledgements")
        op.execute("DROP TRIGGER refuse_update_or_delete ON urgent_acknowledgements")
    with op.batch_alter_table("family_input_notices", schema=None) as batch_op:
        batch_op.drop_column("escalated_at")

    with op.batch_alter_table("urgent_acknowledgements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_urgent_acknowledgements_young_person_id"))

    op.drop_table("urgent_acknowledgements")
