"""Two-way text messages: numbers that opted out (`sms_opt_outs`, history),
questions a text message asked that a reply may answer (`sms_conversations`),
what families write to the team (`family_messages`, history); on `messages`,
what an outbound message is for, once-only keys, provider error codes, and
for inbound messages their media and whether they have been handled. New
values: message status "cancelled", family input kind "message".

Revision ID: 0018_conversations
Revises: 0017_replies
Created: 2026-12-02 13:07:27.489619
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_conversations"
down_revision: str | None = "0017_replies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HISTORY_TABLES = ("family_messages", "sms_opt_outs")
MESSAGE_STATUSES = ("queued", "sending", "sent", "delivered", "failed", "received")
INPUT_KINDS = (
    "meeting_reply",
    "meeting_support",
    "meeting_views",
    "consent_decision",
    "consent_change_request",
    "feedback",
)


def _enum(values: Sequence[str], name: str) -> sa.Enum:
    return sa.Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(value) for value in values),
    )


def upgrade() -> None:
    op.create_table(
        "family_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "web",
                "sms",
                name="family_message_channel",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_family_messages_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_family_messages_message_id_messages")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_family_messages_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_messages")),
        sa.UniqueConstraint("message_id", name=op.f("uq_family_messages_message_id")),
    )
    with op.batch_alter_table("family_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_family_messages_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_family_messages_young_person_id"), ["young_person_id"], unique=False
        )

    op.create_table(
        "sms_conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone_e164", sa.String(length=16), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "meeting_reply",
                "feedback",
                "choose_young_person",
                name="conversation_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("young_person_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("waiting_message_id", sa.Integer(), nullable=True),
        sa.Column("options", sa.JSON(), nullable=True),
        sa.Column("step", sa.String(length=40), nullable=True),
        sa.Column("unclear_replies", sa.Integer(), server_default="0", nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_sms_conversations_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_sms_conversations_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_sms_conversations_message_id_messages")
        ),
        sa.ForeignKeyConstraint(
            ["waiting_message_id"],
            ["messages.id"],
            name=op.f("fk_sms_conversations_waiting_message_id_messages"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_sms_conversations_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_conversations")),
    )
    with op.batch_alter_table("sms_conversations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sms_conversations_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(
            "ix_sms_conversations_phone_open", ["phone_e164", "closed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sms_conversations_young_person_id"), ["young_person_id"], unique=False
        )

    op.create_table(
        "sms_opt_outs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone_e164", sa.String(length=16), nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "keyword",
                "twilio_opt_out_type",
                "send_refused",
                "staff",
                name="opt_out_source",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("staff_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_sms_opt_outs_message_id_messages")
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_users.id"],
            name=op.f("fk_sms_opt_outs_staff_user_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_opt_outs")),
    )
    with op.batch_alter_table("sms_opt_outs", schema=None) as batch_op:
        batch_op.create_index("ix_sms_opt_outs_phone_id", ["phone_e164", "id"], unique=False)

    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("automatic", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("dedupe_key", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("error_code", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("media_count", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("media_types", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("processed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("processing_attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("processing_error", sa.Text(), nullable=True))
        batch_op.create_index(
            "ix_messages_direction_processed_at", ["direction", "processed_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_messages_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_unique_constraint(batch_op.f("uq_messages_dedupe_key"), ["dedupe_key"])
        batch_op.create_foreign_key(
            batch_op.f("fk_messages_meeting_id_meetings"), "meetings", ["meeting_id"], ["id"]
        )

    # Two new values for portable enums: their CHECK constraints change.
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.alter_column(
            "status",
            existing_type=_enum(MESSAGE_STATUSES, "message_status"),
            type_=_enum((*MESSAGE_STATUSES, "cancelled"), "message_status"),
            existing_nullable=False,
        )
    with op.batch_alter_table("family_input_notices", schema=None) as batch_op:
        batch_op.alter_column(
            "kind",
            existing_type=_enum(INPUT_KINDS, "family_input_kind"),
            type_=_enum((*INPUT_KINDS, "message"), "family_input_kind"),
            existing_nullable=False,
        )
    # Messages that arrived before this revision were handled when they came.
    op.execute(
        "UPDATE messages SET processed_at = created_at"
        " WHERE direction = 'inbound' AND processed_at IS NULL"
    )

    if op.get_bind().dialect.name == "postgresql":
        # History: the function is the one 0008_append_only created.
        for table in HISTORY_TABLES:
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
    op.execute("UPDATE messages SET status = 'failed' WHERE status = 'cancelled'")
    op.execute("DELETE FROM family_input_notices WHERE kind = 'message'")
    with op.batch_alter_table("family_input_notices", schema=None) as batch_op:
        batch_op.alter_column(
            "kind",
            existing_type=_enum((*INPUT_KINDS, "message"), "family_input_kind"),
            type_=_enum(INPUT_KINDS, "family_input_kind"),
            existing_nullable=False,
        )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.alter_column(
            "status",
            existing_type=_enum((*MESSAGE_STATUSES, "cancelled"), "message_status"),
            type_=_enum(MESSAGE_STATUSES, "message_status"),
            existing_nullable=False,
        )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_messages_meeting_id_meetings"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_messages_dedupe_key"), type_="unique")
        batch_op.drop_index(batch_op.f("ix_messages_meeting_id"))
        batch_op.drop_index("ix_messages_direction_processed_at")
        batch_op.drop_column("processing_error")
        batch_op.drop_column("processing_attempts")
        batch_op.drop_column("processed_at")
        batch_op.drop_column("media_types")
        batch_op.drop_column("media_count")
        batch_op.drop_column("error_code")
        batch_op.drop_column("dedupe_key")
        batch_op.drop_column("automatic")
        batch_op.drop_column("meeting_id")
        batch_op.drop_column("purpose")

    with op.batch_alter_table("sms_opt_outs", schema=None) as batch_op:
        batch_op.drop_index("ix_sms_opt_outs_phone_id")

    op.drop_table("sms_opt_outs")
    with op.batch_alter_table("sms_conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sms_conversations_young_person_id"))
        batch_op.drop_index("ix_sms_conversations_phone_open")
        batch_op.drop_index(batch_op.f("ix_sms_conversations_contact_id"))

    op.drop_table("sms_conversations")
    with op.batch_alter_table("family_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_messages_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_family_messages_contact_id"))

    op.drop_table("family_messages")
