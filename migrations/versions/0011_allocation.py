"""Allocation and cover: the history of who each young person's keyworker
is (since when, why, who decided), and cover grants that let a colleague see
a case until an end date. Allocation rows are history: on PostgreSQL they
refuse UPDATE, DELETE and TRUNCATE like the tables of 0008_append_only.

Revision ID: 0011_allocation
Revises: 0010_profile
Created: 2026-12-02 00:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_allocation"
down_revision: str | None = "0010_profile"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HISTORY_TABLES = ("keyworker_allocations",)


def _staff_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["staff_users.id"], name=op.f(f"fk_{table}_{column}_staff_users")
    )


def _young_person_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["young_person_id"],
        ["young_people.id"],
        name=op.f(f"fk_{table}_young_person_id_young_people"),
    )


def upgrade() -> None:
    op.create_table(
        "keyworker_allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("keyworker_id", sa.Integer(), nullable=True),
        sa.Column("previous_keyworker_id", sa.Integer(), nullable=True),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("allocated_by_id", sa.Integer(), nullable=True),
        sa.Column("allocated_at", sa.DateTime(), nullable=False),
        _young_person_fk("keyworker_allocations"),
        _staff_fk("keyworker_allocations", "keyworker_id"),
        _staff_fk("keyworker_allocations", "previous_keyworker_id"),
        _staff_fk("keyworker_allocations", "allocated_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keyworker_allocations")),
    )
    with op.batch_alter_table("keyworker_allocations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_keyworker_allocations_young_person_id"),
            ["young_person_id"],
            unique=False,
        )

    op.create_table(
        "cover_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("colleague_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("ended_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "ends_on >= starts_on", name=op.f("ck_cover_grants_ends_after_it_starts")
        ),
        sa.CheckConstraint(
            "(ended_at IS NULL) = (ended_by_id IS NULL)",
            name=op.f("ck_cover_grants_ended_early_says_by_whom"),
        ),
        _young_person_fk("cover_grants"),
        _staff_fk("cover_grants", "colleague_id"),
        _staff_fk("cover_grants", "granted_by_id"),
        _staff_fk("cover_grants", "ended_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cover_grants")),
    )
    with op.batch_alter_table("cover_grants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cover_grants_young_person_id"), ["young_person_id"], unique=False
        )
        batch_op.create_index(
            "ix_cover_grants_colleague_id_ends_on", ["colleague_id", "ends_on"], unique=False
        )

    if op.get_bind().dialect.name == "postgresql":
        for table in HISTORY_TABLES:
            # The function refuse_history_change() is 0008_append_only's.
            op.execute(
                f"CREATE TRIGGER refuse_update_or_delete BEFORE UPDATE OR DELETE ON {table}"
                " FOR EACH ROW EXECUTE FUNCTION refuse_history_change()"
            )
            op.execute(
                f"CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON {table}"
                " FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in HISTORY_TABLES:
            op.execute(f"DROP TRIGGER refuse_truncate ON {table}")
            op.execute(f"DROP TRIGGER refuse_update_or_delete ON {table}")
    with op.batch_alter_table("cover_grants", schema=None) as batch_op:
        batch_op.drop_index("ix_cover_grants_colleague_id_ends_on")
        batch_op.drop_index(batch_op.f("ix_cover_grants_young_person_id"))
    op.drop_table("cover_grants")
    with op.batch_alter_table("keyworker_allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_keyworker_allocations_young_person_id"))
    op.drop_table("keyworker_allocations")
