"""The profile is editable from the record: an optimistic version on
young_people (and who saved it last), the review date of the communication
needs, when the risk rating was last reviewed, and the append-only history
of risk rating changes and reviews, which PostgreSQL protects with the same
triggers as the other history tables (0008_append_only).

Revision ID: 0010_profile
Revises: 0009_notes
Created: 2026-12-02 00:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_profile"
down_revision: str | None = "0009_notes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_RATINGS = ("red", "amber", "green")


def _rating(name: str) -> sa.Enum:
    return sa.Enum(*_RATINGS, name=name, native_enum=False, create_constraint=True)


def upgrade() -> None:
    with op.batch_alter_table("young_people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("risk_rating_reviewed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("communication_review_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("profile_version", sa.Integer(), server_default="1", nullable=False)
        )
        batch_op.add_column(sa.Column("profile_updated_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("profile_updated_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_young_people_profile_updated_by_id_staff_users"),
            "staff_users",
            ["profile_updated_by_id"],
            ["id"],
        )
        # Autogenerate does not see check constraints: these match the model.
        batch_op.create_check_constraint(
            batch_op.f("ck_young_people_risk_review_has_rating"),
            "risk_rating IS NOT NULL OR risk_rating_reviewed_at IS NULL",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_young_people_profile_version_positive"), "profile_version >= 1"
        )
    # A rating set before reviews were recorded was last reviewed when it was set.
    op.execute(
        "UPDATE young_people SET risk_rating_reviewed_at = risk_rating_changed_at"
        " WHERE risk_rating IS NOT NULL"
    )

    op.create_table(
        "risk_rating_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("from_rating", _rating("risk_rating_from"), nullable=True),
        sa.Column("to_rating", _rating("risk_rating_to"), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(reason) > 0", name=op.f("ck_risk_rating_changes_reason_given")),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["staff_users.id"],
            name=op.f("fk_risk_rating_changes_changed_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_risk_rating_changes_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_rating_changes")),
    )
    with op.batch_alter_table("risk_rating_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_risk_rating_changes_young_person_id"), ["young_person_id"], unique=False
        )

    if op.get_bind().dialect.name == "postgresql":
        # The function is 0008_append_only's refuse_history_change().
        op.execute(
            "CREATE TRIGGER refuse_update_or_delete BEFORE UPDATE OR DELETE"
            " ON risk_rating_changes FOR EACH ROW EXECUTE FUNCTION refuse_history_change()"
        )
        op.execute(
            "CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON risk_rating_changes"
            " FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER refuse_truncate ON risk_rating_changes")
        op.execute("DROP TRIGGER refuse_update_or_delete ON risk_rating_changes")
    with op.batch_alter_table("risk_rating_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_rating_changes_young_person_id"))
    op.drop_table("risk_rating_changes")

    with op.batch_alter_table("young_people", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_young_people_profile_version_positive"), type_="check"
        )
        batch_op.drop_constraint(
            batch_op.f("ck_young_people_risk_review_has_rating"), type_="check"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_young_people_profile_updated_by_id_staff_users"), type_="foreignkey"
        )
        batch_op.drop_column("profile_updated_by_id")
        batch_op.drop_column("profile_updated_at")
        batch_op.drop_column("profile_version")
        batch_op.drop_column("communication_review_on")
        batch_op.drop_column("risk_rating_reviewed_at")
