"""Actions in one place: a young person's actions, from a meeting or added
by hand, each one row that changes as it is followed up, with an
append-only history of every save (`action_changes`, with the same
PostgreSQL triggers as 0008_append_only).

The latest plan version's actions and every meeting's actions are copied
in, each with a first history row; "cancelled" becomes "cannot be done"
with a reason saying so. The old tables go. A downgrade puts the actions
back: those from a meeting as its actions, the rest as actions of each
plan's latest version (history and named people are lost).

Revision ID: 0016_actions
Revises: 0015_consent
Created: 2026-12-02 04:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_actions"
down_revision: str | None = "0015_consent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CANCELLED_REASON = "Marked cancelled before reasons were recorded."
REASON_RULE = "(status = 'cannot_be_done') = (cannot_be_done_reason IS NOT NULL)"
STATUSES = ("not_started", "in_progress", "done", "cannot_be_done")
OLD_STATUSES = ("not_started", "in_progress", "done", "cancelled")
FIELDS = "what, who, named_person, due_on, status, cannot_be_done_reason, visible_to_family"


def _status(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name="action_status", native_enum=False, create_constraint=True)


def _guard(table: str) -> None:
    """The 0008_append_only triggers on a history table (PostgreSQL only)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"CREATE TRIGGER refuse_update_or_delete BEFORE UPDATE OR DELETE ON {table}"
        " FOR EACH ROW EXECUTE FUNCTION refuse_history_change()"
    )
    op.execute(
        f"CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()"
    )


def _unguard(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER refuse_truncate ON {table}")
        op.execute(f"DROP TRIGGER refuse_update_or_delete ON {table}")


def _create_actions() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=120), nullable=False),
        sa.Column("named_person", sa.String(length=200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", _status(STATUSES), nullable=False),
        sa.Column("cannot_be_done_reason", sa.Text(), nullable=True),
        sa.Column("visible_to_family", sa.Boolean(), nullable=False),
        sa.Column("sequence", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(REASON_RULE, name=op.f("ck_actions_reason_when_cannot_be_done")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["staff_users.id"], name=op.f("fk_actions_created_by_id_staff_users")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_actions_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_actions_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    op.create_index(op.f("ix_actions_meeting_id"), "actions", ["meeting_id"], unique=False)
    op.create_index(
        op.f("ix_actions_young_person_id"), "actions", ["young_person_id"], unique=False
    )
    op.create_table(
        "action_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=120), nullable=False),
        sa.Column("named_person", sa.String(length=200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", _status(STATUSES), nullable=False),
        sa.Column("cannot_be_done_reason", sa.Text(), nullable=True),
        sa.Column("visible_to_family", sa.Boolean(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(REASON_RULE, name=op.f("ck_action_changes_reason_when_cannot_be_done")),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_changes_action_id_actions")
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["staff_users.id"],
            name=op.f("fk_action_changes_changed_by_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_changes")),
    )
    op.create_index(
        op.f("ix_action_changes_action_id"), "action_changes", ["action_id"], unique=False
    )
    _guard("action_changes")


def _copy_in() -> None:
    """The latest plan version's actions (by who saved that version, when) and
    every meeting's actions (when the outcome was recorded), oldest first."""
    op.execute(
        f"""
        INSERT INTO actions (young_person_id, meeting_id, {FIELDS}, sequence,
                             created_by_id, created_at, updated_at)
        SELECT plans.young_person_id, NULL, pa.what, pa.who, NULL, pa.due_on,
               CASE pa.status WHEN 'cancelled' THEN 'cannot_be_done' ELSE pa.status END,
               CASE pa.status WHEN 'cancelled' THEN '{CANCELLED_REASON}' END,
               pa.visible_to_family, 1, pv.created_by_id, pv.created_at, pv.created_at
        FROM plan_actions pa
        JOIN plan_versions pv ON pv.id = pa.version_id
        JOIN plans ON plans.id = pv.plan_id
        WHERE pv.number = (SELECT max(number) FROM plan_versions WHERE plan_id = pv.plan_id)
        ORDER BY pa.id
        """  # noqa: S608 (the constants above, no input)
    )
    op.execute(
        f"""
        INSERT INTO actions (young_person_id, meeting_id, {FIELDS}, sequence,
                             created_by_id, created_at, updated_at)
        SELECT m.young_person_id, m.id, ma.what, ma.who, NULL, ma.due_on, 'not_started',
               NULL, true, 1, NULL, COALESCE(m.outcome_recorded_at, m.updated_at),
               COALESCE(m.outcome_recorded_at, m.updated_at)
        FROM meeting_actions ma JOIN meetings m ON m.id = ma.meeting_id
        ORDER BY ma.id
        """  # noqa: S608 (the constants above, no input)
    )
    op.execute(
        f"""
        INSERT INTO action_changes (action_id, sequence, {FIELDS}, changed_by_id, changed_at)
        SELECT id, sequence, {FIELDS}, created_by_id, created_at FROM actions ORDER BY id
        """  # noqa: S608 (the constants above, no input)
    )


def _create_old_tables() -> None:
    op.create_table(
        "plan_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("action_key", sa.String(length=36), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=120), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", _status(OLD_STATUSES), nullable=False),
        sa.Column("visible_to_family", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["plan_versions.id"],
            name=op.f("fk_plan_actions_version_id_plan_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_actions")),
        sa.UniqueConstraint(
            "version_id", "action_key", name=op.f("uq_plan_actions_version_id_action_key")
        ),
    )
    op.create_index(
        op.f("ix_plan_actions_version_id"), "plan_actions", ["version_id"], unique=False
    )
    op.create_table(
        "meeting_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=120), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_actions_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_actions")),
    )
    op.create_index(
        op.f("ix_meeting_actions_meeting_id"), "meeting_actions", ["meeting_id"], unique=False
    )


def upgrade() -> None:
    _create_actions()
    _copy_in()
    # Dropping a table drops its triggers too.
    op.drop_index(op.f("ix_meeting_actions_meeting_id"), table_name="meeting_actions")
    op.drop_table("meeting_actions")
    op.drop_index(op.f("ix_plan_actions_version_id"), table_name="plan_actions")
    op.drop_table("plan_actions")


def downgrade() -> None:
    _create_old_tables()
    op.execute(
        "INSERT INTO meeting_actions (meeting_id, what, who, due_on)"
        " SELECT meeting_id, what, who, due_on FROM actions"
        " WHERE meeting_id IS NOT NULL ORDER BY id"
    )
    # 'a-<id>' keeps each action's key unique within its version.
    op.execute(
        """
        INSERT INTO plan_actions (version_id, action_key, what, who, due_on, status,
                                  visible_to_family)
        SELECT pv.id, 'a-' || CAST(a.id AS VARCHAR(20)), a.what, a.who, a.due_on,
               CASE a.status WHEN 'cannot_be_done' THEN 'cancelled' ELSE a.status END,
               a.visible_to_family
        FROM actions a
        JOIN plans ON plans.young_person_id = a.young_person_id
        JOIN plan_versions pv ON pv.plan_id = plans.id
        WHERE a.meeting_id IS NULL
          AND pv.number = (SELECT max(number) FROM plan_versions WHERE plan_id = plans.id)
        ORDER BY a.id
        """
    )
    _guard("plan_actions")
    _unguard("action_changes")
    op.drop_index(op.f("ix_action_changes_action_id"), table_name="action_changes")
    op.drop_table("action_changes")
    op.drop_index(op.f("ix_actions_young_person_id"), table_name="actions")
    op.drop_index(op.f("ix_actions_meeting_id"), table_name="actions")
    op.drop_table("actions")
