"""Feedback that closes the loop: requests the service sends
(`feedback_requests`, one open per contact and subject by a unique
`open_key`), who answered, what could be better, parts of a response sent by
text (`part_of_id`) and the safeguarding flag on `feedback_responses`; themes
(`feedback_themes`, the standard ones added here) and the tags a person
confirmed (`feedback_theme_tags`; `flask --app portal db-upgrade` adds
the standard themes from `portal.services.feedback.themes`); and "You said, we did"
(`you_said_we_did`, history, with the same PostgreSQL triggers as
0008_append_only).

Revision ID: 0021_feedback
Revises: 0020_family_message_tokens
Created: 2026-12-02 18:55:58.048773
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_feedback"
down_revision: str | None = "0020_family_message_tokens"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HISTORY_TABLES = ("you_said_we_did",)


def upgrade() -> None:
    op.create_table(
        "feedback_themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("display_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_themes")),
        sa.UniqueConstraint("code", name=op.f("uq_feedback_themes_code")),
    )
    op.create_table(
        "feedback_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column(
            "channel",
            sa.Enum(
                "sms", "email", name="request_channel", native_enum=False, create_constraint=True
            ),
            nullable=True,
        ),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("open_key", sa.String(length=60), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "(closed_at IS NULL) = (open_key IS NOT NULL)",
            name=op.f("ck_feedback_requests_open_until_closed"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_feedback_requests_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_feedback_requests_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_feedback_requests_message_id_messages")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["staff_users.id"],
            name=op.f("fk_feedback_requests_requested_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_feedback_requests_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_requests")),
        sa.UniqueConstraint("open_key", name="uq_feedback_requests_open_key"),
    )
    with op.batch_alter_table("feedback_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_requests_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_requests_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_requests_requested_at"), ["requested_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_requests_young_person_id"), ["young_person_id"], unique=False
        )

    op.create_table(
        "feedback_theme_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("tagged_by_id", sa.Integer(), nullable=False),
        sa.Column("tagged_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["feedback_responses.id"],
            name=op.f("fk_feedback_theme_tags_response_id_feedback_responses"),
        ),
        sa.ForeignKeyConstraint(
            ["tagged_by_id"],
            ["staff_users.id"],
            name=op.f("fk_feedback_theme_tags_tagged_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["feedback_themes.id"],
            name=op.f("fk_feedback_theme_tags_theme_id_feedback_themes"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_feedback_theme_tags_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_theme_tags")),
        sa.UniqueConstraint(
            "response_id", "theme_id", name=op.f("uq_feedback_theme_tags_response_id_theme_id")
        ),
    )
    with op.batch_alter_table("feedback_theme_tags", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_theme_tags_response_id"), ["response_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_theme_tags_theme_id"), ["theme_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_theme_tags_young_person_id"), ["young_person_id"], unique=False
        )

    op.create_table(
        "you_said_we_did",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("you_said", sa.Text(), nullable=False),
        sa.Column("we_did", sa.Text(), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["feedback_responses.id"],
            name=op.f("fk_you_said_we_did_response_id_feedback_responses"),
        ),
        sa.ForeignKeyConstraint(
            ["written_by_id"],
            ["staff_users.id"],
            name=op.f("fk_you_said_we_did_written_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_you_said_we_did_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_you_said_we_did")),
    )
    with op.batch_alter_table("you_said_we_did", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_you_said_we_did_response_id"), ["response_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_you_said_we_did_written_at"), ["written_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_you_said_we_did_young_person_id"), ["young_person_id"], unique=False
        )

    with op.batch_alter_table("feedback_responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("improvement", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "answered_by",
                sa.Enum(
                    "young_person",
                    "parent_or_carer",
                    "someone_helping",
                    name="answered_by",
                    native_enum=False,
                    create_constraint=True,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("request_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("part_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("flagged", sa.Boolean(), server_default="0", nullable=False))
        batch_op.create_index(
            batch_op.f("ix_feedback_responses_part_of_id"), ["part_of_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_responses_request_id"), ["request_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_feedback_responses_part_of_id_feedback_responses"),
            "feedback_responses",
            ["part_of_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_feedback_responses_request_id_feedback_requests"),
            "feedback_requests",
            ["request_id"],
            ["id"],
        )
        # "What could be better?" alone is an answer too.
        batch_op.drop_constraint(batch_op.f("ck_feedback_responses_has_content"), type_="check")
        batch_op.create_check_constraint(
            "has_content",
            "fft_answer IS NOT NULL OR comment IS NOT NULL OR improvement IS NOT NULL",
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
    with op.batch_alter_table("feedback_responses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_feedback_responses_has_content"), type_="check")
        batch_op.create_check_constraint(
            "has_content", "fft_answer IS NOT NULL OR comment IS NOT NULL"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_feedback_responses_request_id_feedback_requests"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_feedback_responses_part_of_id_feedback_responses"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_feedback_responses_request_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_responses_part_of_id"))
        batch_op.drop_column("flagged")
        batch_op.drop_column("part_of_id")
        batch_op.drop_column("request_id")
        batch_op.drop_constraint(batch_op.f("ck_feedback_responses_answered_by"), type_="check")
        batch_op.drop_column("answered_by")
        batch_op.drop_column("improvement")

    with op.batch_alter_table("you_said_we_did", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_you_said_we_did_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_you_said_we_did_written_at"))
        batch_op.drop_index(batch_op.f("ix_you_said_we_did_response_id"))

    op.drop_table("you_said_we_did")
    with op.batch_alter_table("feedback_theme_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_theme_tags_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_theme_tags_theme_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_theme_tags_response_id"))

    op.drop_table("feedback_theme_tags")
    with op.batch_alter_table("feedback_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_requests_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_requests_requested_at"))
        batch_op.drop_index(batch_op.f("ix_feedback_requests_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_requests_contact_id"))

    op.drop_table("feedback_requests")
    op.drop_table("feedback_themes")
