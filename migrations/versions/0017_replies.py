"""Staff answer what a family sent: replies the family reads in the portal
(`family_replies`), the family having read each one (`family_reply_reads`,
one for each reply), and "dealt with" without a reply
(`family_input_acknowledgements`, one for each notice). All three are
history, with the same PostgreSQL triggers as 0008_append_only.

Revision ID: 0017_replies
Revises: 0016_actions
Created: 2026-12-02 03:59:09.288841
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_replies"
down_revision: str | None = "0016_actions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HISTORY_TABLES = ("family_input_acknowledgements", "family_replies", "family_reply_reads")


def upgrade() -> None:
    op.create_table(
        "family_input_acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"],
            ["staff_users.id"],
            name=op.f("fk_family_input_acknowledgements_acknowledged_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["family_input_notices.id"],
            name=op.f("fk_family_input_acknowledgements_notice_id_family_input_notices"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_family_input_acknowledgements_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_input_acknowledgements")),
        sa.UniqueConstraint("notice_id", name=op.f("uq_family_input_acknowledgements_notice_id")),
    )
    with op.batch_alter_table("family_input_acknowledgements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_family_input_acknowledgements_young_person_id"),
            ["young_person_id"],
            unique=False,
        )

    op.create_table(
        "family_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_family_replies_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["family_input_notices.id"],
            name=op.f("fk_family_replies_notice_id_family_input_notices"),
        ),
        sa.ForeignKeyConstraint(
            ["written_by_id"],
            ["staff_users.id"],
            name=op.f("fk_family_replies_written_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_family_replies_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_replies")),
    )
    with op.batch_alter_table("family_replies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_family_replies_contact_written", ["contact_id", "written_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_family_replies_notice_id"), ["notice_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_family_replies_young_person_id"), ["young_person_id"], unique=False
        )

    op.create_table(
        "family_reply_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_family_reply_reads_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["reply_id"],
            ["family_replies.id"],
            name=op.f("fk_family_reply_reads_reply_id_family_replies"),
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_family_reply_reads_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_reply_reads")),
        sa.UniqueConstraint("reply_id", name=op.f("uq_family_reply_reads_reply_id")),
    )
    with op.batch_alter_table("family_reply_reads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_family_reply_reads_young_person_id"), ["young_person_id"], unique=False
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
    with op.batch_alter_table("family_reply_reads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_reply_reads_young_person_id"))

    op.drop_table("family_reply_reads")
    with op.batch_alter_table("family_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_replies_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_family_replies_notice_id"))
        batch_op.drop_index("ix_family_replies_contact_written")

    op.drop_table("family_replies")
    with op.batch_alter_table("family_input_acknowledgements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_input_acknowledgements_young_person_id"))

    op.drop_table("family_input_acknowledgements")
