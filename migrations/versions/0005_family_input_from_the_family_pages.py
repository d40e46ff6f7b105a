"""Family input from the family pages: replies to meetings, what helps at a
meeting, views before a meeting, requests to change a choice, and the notices
that show staff what is new. Meetings get a last-changed time and a sequence
number for calendar files.

Revision ID: 0005
Revises: 0004
Created: 2026-11-23 04:28:34.452113
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "consent_change_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("about_contact_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["about_contact_id"],
            ["contacts.id"],
            name=op.f("fk_consent_change_requests_about_contact_id_contacts"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_consent_change_requests_contact_id_contacts"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["consent_items.id"],
            name=op.f("fk_consent_change_requests_item_id_consent_items"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_consent_change_requests_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_change_requests")),
    )
    with op.batch_alter_table("consent_change_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consent_change_requests_young_person_id"),
            ["young_person_id"],
            unique=False,
        )

    op.create_table(
        "family_input_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "meeting_reply",
                "meeting_support",
                "meeting_views",
                "consent_decision",
                "consent_change_request",
                "feedback",
                name="family_input_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=True),
        sa.Column("seen_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(seen_at IS NULL) = (seen_by_id IS NULL)",
            name=op.f("ck_family_input_notices_seen_by_someone"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_family_input_notices_contact_id_contacts"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_family_input_notices_meeting_id_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["seen_by_id"],
            ["staff_users.id"],
            name=op.f("fk_family_input_notices_seen_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_family_input_notices_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_input_notices")),
    )
    with op.batch_alter_table("family_input_notices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_family_input_notices_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            "ix_family_input_notices_unseen", ["young_person_id", "seen_at"], unique=False
        )

    op.create_table(
        "meeting_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column(
            "answer",
            sa.Enum(
                "yes",
                "no",
                "not_sure",
                name="meeting_answer",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("replied_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_meeting_replies_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_replies_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_replies")),
    )
    with op.batch_alter_table("meeting_replies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meeting_replies_meeting_contact", ["meeting_id", "contact_id"], unique=False
        )

    op.create_table(
        "meeting_support_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("supports", sa.JSON(), nullable=False),
        sa.Column("interpreter_language", sa.String(length=100), nullable=True),
        sa.Column("other_detail", sa.Text(), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_meeting_support_requests_contact_id_contacts"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_support_requests_meeting_id_meetings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_support_requests")),
    )
    with op.batch_alter_table("meeting_support_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meeting_support_requests_meeting_contact",
            ["meeting_id", "contact_id"],
            unique=False,
        )

    op.create_table(
        "meeting_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft", "sent", name="views_status", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("going_well", sa.Text(), nullable=True),
        sa.Column("not_going_well", sa.Text(), nullable=True),
        sa.Column("want_to_talk_about", sa.Text(), nullable=True),
        sa.Column("who_i_want_there", sa.Text(), nullable=True),
        sa.Column("not_in_front_of_me", sa.Text(), nullable=True),
        sa.Column("share_with_panel", sa.Boolean(), nullable=True),
        sa.Column("share_decided_by_contact_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "(status = 'sent') = (sent_at IS NOT NULL)",
            name=op.f("ck_meeting_views_sent_views_have_a_time"),
        ),
        sa.CheckConstraint(
            "share_decided_by_contact_id IS NULL OR share_with_panel IS NOT NULL",
            name=op.f("ck_meeting_views_share_decision_has_a_choice"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_meeting_views_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_views_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["share_decided_by_contact_id"],
            ["contacts.id"],
            name=op.f("fk_meeting_views_share_decided_by_contact_id_contacts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_views")),
    )
    with op.batch_alter_table("meeting_views", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_views_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            "uq_meeting_views_one_draft",
            ["meeting_id", "contact_id"],
            unique=True,
            sqlite_where=sa.text("status = 'draft'"),
            postgresql_where=sa.text("status = 'draft'"),
        )

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("sequence", sa.Integer(), server_default="1", nullable=False))
    op.execute("UPDATE meetings SET updated_at = created_at")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.alter_column("updated_at", existing_type=sa.DateTime(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("sequence")
        batch_op.drop_column("updated_at")

    with op.batch_alter_table("meeting_views", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_meeting_views_one_draft",
            sqlite_where=sa.text("status = 'draft'"),
            postgresql_where=sa.text("status = 'draft'"),
        )
        batch_op.drop_index(batch_op.f("ix_meeting_views_meeting_id"))

    op.drop_table("meeting_views")
    with op.batch_alter_table("meeting_support_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_support_requests_meeting_contact")

    op.drop_table("meeting_support_requests")
    with op.batch_alter_table("meeting_replies", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_replies_meeting_contact")

    op.drop_table("meeting_replies")
    with op.batch_alter_table("family_input_notices", schema=None) as batch_op:
        batch_op.drop_index("ix_family_input_notices_unseen")
        batch_op.drop_index(batch_op.f("ix_family_input_notices_created_at"))

    op.drop_table("family_input_notices")
    with op.batch_alter_table("consent_change_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_change_requests_young_person_id"))

    op.drop_table("consent_change_requests")
