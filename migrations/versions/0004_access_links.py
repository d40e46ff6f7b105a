"""Access links: family sign-in links (only a hash of each secret is kept), and
on contacts, the date of birth check's wrong answers in a row, the sign-in
lock, and the reasonable adjustment that skips the check.

Revision ID: 0004
Revises: 0003
Created: 2026-11-23 02:42:05.129798
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "access_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "invitation",
                "sign_in",
                name="access_link_purpose",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "sms",
                "email",
                name="access_link_channel",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("issued_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("first_opened_at", sa.DateTime(), nullable=True),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("identity_failures", sa.Integer(), nullable=False),
        sa.Column("identity_confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("locked_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "expires_at > created_at", name=op.f("ck_access_links_expires_after_created")
        ),
        sa.CheckConstraint(
            "identity_failures >= 0", name=op.f("ck_access_links_identity_failures_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_access_links_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_staff_id"],
            ["staff_users.id"],
            name=op.f("fk_access_links_issued_by_staff_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_access_links_token_hash")),
    )
    with op.batch_alter_table("access_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_access_links_contact_id"), ["contact_id"], unique=False
        )

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("identity_check_failures", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("sign_in_locked_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("identity_check_skip_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("identity_check_skip_set_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("identity_check_skip_set_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_contacts_identity_check_skip_set_by_id_staff_users"),
            "staff_users",
            ["identity_check_skip_set_by_id"],
            ["id"],
        )
        # Autogenerate does not see check constraints: these match the model.
        batch_op.create_check_constraint(
            batch_op.f("ck_contacts_identity_failures_not_negative"),
            "identity_check_failures >= 0",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_contacts_identity_check_skip_recorded"),
            "(identity_check_skip_reason IS NULL) = (identity_check_skip_set_at IS NULL)"
            " AND (identity_check_skip_reason IS NULL) = (identity_check_skip_set_by_id IS NULL)",
        )


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_contacts_identity_check_skip_recorded"), type_="check"
        )
        batch_op.drop_constraint(
            batch_op.f("ck_contacts_identity_failures_not_negative"), type_="check"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_contacts_identity_check_skip_set_by_id_staff_users"),
            type_="foreignkey",
        )
        batch_op.drop_column("identity_check_skip_set_at")
        batch_op.drop_column("identity_check_skip_set_by_id")
        batch_op.drop_column("identity_check_skip_reason")
        batch_op.drop_column("sign_in_locked_at")
        batch_op.drop_column("identity_check_failures")

    with op.batch_alter_table("access_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_links_contact_id"))

    op.drop_table("access_links")
