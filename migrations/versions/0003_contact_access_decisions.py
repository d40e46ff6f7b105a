"""Contact access decisions: a consent decision can name the contact it is
about (the young person agreeing that this person may see their portal), and
only a Gillick-competent young person can be recorded as refusing a contact.

Revision ID: 0003
Revises: 0002
Created: 2026-11-23 02:38:34.767062
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("consent_decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("about_contact_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_consent_decisions_about_contact_id_contacts"),
            "contacts",
            ["about_contact_id"],
            ["id"],
        )
    with op.batch_alter_table("capacity_assessments", schema=None) as batch_op:
        batch_op.create_check_constraint(
            batch_op.f("ck_capacity_assessments_refusal_needs_gillick_competence"),
            "refused_contact_id IS NULL OR outcome = 'gillick_competent'",
        )


def downgrade() -> None:
    with op.batch_alter_table("capacity_assessments", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_capacity_assessments_refusal_needs_gillick_competence"), type_="check"
        )
    with op.batch_alter_table("consent_decisions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_consent_decisions_about_contact_id_contacts"), type_="foreignkey"
        )
        batch_op.drop_column("about_contact_id")
