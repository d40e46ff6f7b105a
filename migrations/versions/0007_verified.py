"""Sign-in links only to checked addresses, and the same work at /sign-in
for a known address as for an unknown one: staff checks of a contact's
mobile number or email address (who, when, how), a contact's flag only on
while it has that address, and the queue of requests for a link that are
answered at once and handled after the answer.

Revision ID: 0007_verified
Revises: 0006_secrets
Created: 2026-12-01 23:15:43.628609
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_verified"
down_revision: str | None = "0006_secrets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "link_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "sms",
                "email",
                name="link_request_channel",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("address", sa.String(length=254), nullable=True),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("processed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "processed_at IS NOT NULL OR address IS NOT NULL",
            name=op.f("ck_link_requests_waiting_has_address"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_requests")),
    )
    with op.batch_alter_table("link_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_link_requests_processed_at_requested_at",
            ["processed_at", "requested_at"],
            unique=False,
        )

    op.create_table(
        "address_verifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "sms", "email", name="verified_channel", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "phoned",
                "in_person",
                "replied",
                name="verification_method",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=False),
        sa.Column("verified_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_address_verifications_contact_id_contacts"),
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"],
            ["staff_users.id"],
            name=op.f("fk_address_verifications_verified_by_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_address_verifications")),
    )
    with op.batch_alter_table("address_verifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_address_verifications_contact_id"), ["contact_id"], unique=False
        )

    # A flag without the address it is about means nothing: turn it off
    # before the database starts refusing it.
    op.execute("UPDATE contacts SET phone_verified = false WHERE mobile_e164 IS NULL")
    op.execute("UPDATE contacts SET email_verified = false WHERE email IS NULL")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        # Autogenerate does not see check constraints: these match the model.
        batch_op.create_check_constraint(
            batch_op.f("ck_contacts_phone_verified_has_number"),
            "phone_verified = false OR mobile_e164 IS NOT NULL",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_contacts_email_verified_has_address"),
            "email_verified = false OR email IS NOT NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_contacts_email_verified_has_address"), type_="check"
        )
        batch_op.drop_constraint(batch_op.f("ck_contacts_phone_verified_has_number"), type_="check")

    with op.batch_alter_table("address_verifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_address_verifications_contact_id"))
    op.drop_table("address_verifications")

    with op.batch_alter_table("link_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_link_requests_processed_at_requested_at")
    op.drop_table("link_requests")
