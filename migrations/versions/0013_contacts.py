"""Contacts are edited from the record: the scope of a lasting power of
attorney or deputyship (health and welfare, property and finance), the
contact's reasonable adjustments, an optimistic version (and who saved it
last), and soft removal (when and by whom), so a removed contact stays in
the record's history and export but has no access.

Revision ID: 0013_contacts
Revises: 0012_urgent
Created: 2026-12-02 00:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_contacts"
down_revision: str | None = "0012_urgent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "authority_health_and_welfare",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "authority_property_and_finance",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("reasonable_adjustments", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("removed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("removed_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_contacts_updated_by_id_staff_users"),
            "staff_users",
            ["updated_by_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_contacts_removed_by_id_staff_users"),
            "staff_users",
            ["removed_by_id"],
            ["id"],
        )
    # The access rules so far read every attorney and deputy as one for health
    # and welfare: keep that meaning for the rows already recorded.
    op.execute(
        "UPDATE contacts SET authority_health_and_welfare = true WHERE legal_authority != 'none'"
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        # Autogenerate does not see check constraints: these match the model.
        batch_op.create_check_constraint(
            batch_op.f("ck_contacts_authority_scope_needs_authority"),
            "legal_authority != 'none'"
            " OR (authority_health_and_welfare = false AND authority_property_and_finance = false)",
        )
        batch_op.create_check_constraint(batch_op.f("ck_contacts_version_positive"), "version >= 1")
        batch_op.create_check_constraint(
            batch_op.f("ck_contacts_removal_recorded"),
            "(removed_at IS NULL) = (removed_by_id IS NULL)",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_contacts_removed_has_no_access"),
            "removed_at IS NULL OR portal_access_enabled = false",
        )


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        for name in (
            "removed_has_no_access",
            "removal_recorded",
            "version_positive",
            "authority_scope_needs_authority",
        ):
            batch_op.drop_constraint(batch_op.f(f"ck_contacts_{name}"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_contacts_removed_by_id_staff_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_contacts_updated_by_id_staff_users"), type_="foreignkey"
        )
        for column in (
            "removed_by_id",
            "removed_at",
            "updated_by_id",
            "updated_at",
            "version",
            "reasonable_adjustments",
            "authority_property_and_finance",
            "authority_health_and_welfare",
        ):
            batch_op.drop_column(column)
