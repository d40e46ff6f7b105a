"""Staff answer a family's request to change a consent choice: one answer for
each request (the decision they recorded, or a reply with a reason), kept as
history with the same PostgreSQL triggers as 0008_append_only.

Revision ID: 0015_consent
Revises: 0014_meetings
Created: 2026-12-02 00:55:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_consent"
down_revision: str | None = "0014_meetings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "consent_request_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "decided",
                "replied",
                name="request_answer_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'decided') = (decision_id IS NOT NULL)",
            name=op.f("ck_consent_request_answers_decided_names_decision"),
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["staff_users.id"],
            name=op.f("fk_consent_request_answers_answered_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["consent_decisions.id"],
            name=op.f("fk_consent_request_answers_decision_id_consent_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["consent_change_requests.id"],
            name=op.f("fk_consent_request_answers_request_id_consent_change_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_consent_request_answers_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_request_answers")),
        sa.UniqueConstraint("request_id", name=op.f("uq_consent_request_answers_request_id")),
    )
    with op.batch_alter_table("consent_request_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consent_request_answers_young_person_id"),
            ["young_person_id"],
            unique=False,
        )

    if op.get_bind().dialect.name == "postgresql":
        # History: the function is the one 0008_append_only created.
        op.execute(
            "CREATE TRIGGER refuse_update_or_delete BEFORE UPDATE OR DELETE ON "
            "consent_request_answers FOR EACH ROW EXECUTE FUNCTION refuse_history_change()"
        )
        op.execute(
            "CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON consent_request_answers"
            " FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER refuse_truncate ON consent_request_answers")
        op.execute("DROP TRIGGER refuse_update_or_delete ON consent_request_answers")
    with op.batch_alter_table("consent_request_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_request_answers_young_person_id"))

    op.drop_table("consent_request_answers")
