"""Append-only in the database: on PostgreSQL, the history tables refuse
UPDATE, DELETE and TRUNCATE with triggers, whatever the SQL and whoever sends
it, so history cannot be changed by a bulk statement, raw SQL or another
program with the portal's database login. SQLite has no way to turn a trigger
off for one transaction, and is for development, tests and the demo: there
the ORM guard (`portal.models.base.AppendOnly`) is what stops changes.

A new history table needs the same two triggers in its own migration;
`tests/portal/models/test_append_only.py` fails on PostgreSQL until it has
them.

Revision ID: 0008_append_only
Revises: 0007_verified
Created: 2026-12-01 23:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_append_only"
down_revision: str | None = "0007_verified"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables of the models with the AppendOnly mixin, as they are at this
# revision. Written out, not read from the models: a migration must do the
# same thing whenever it runs.
HISTORY_TABLES = (
    "address_verifications",
    "audit_events",
    "best_interests_decisions",
    "capacity_assessments",
    "consent_change_requests",
    "consent_decisions",
    "feedback_responses",
    "meeting_replies",
    "meeting_support_requests",
    "notes",
    "plan_actions",
    "plan_sections",
    "plan_versions",
)

# 42501 (insufficient_privilege) is what PostgreSQL answers when a role may
# not change a table: this is a refusal of the same kind, so it is not taken
# for a broken constraint or a bug in the database.
_CREATE_FUNCTION = """
CREATE FUNCTION refuse_history_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = 'insufficient_privilege',
        MESSAGE = format('%s rows are history: %s is refused', TG_TABLE_NAME, TG_OP),
        HINT = 'Add a new row instead (an amendment, a later decision or a new version).';
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_CREATE_FUNCTION)
    for table in HISTORY_TABLES:
        # Row by row for UPDATE and DELETE; TRUNCATE only fires for a statement.
        op.execute(
            f"CREATE TRIGGER refuse_update_or_delete BEFORE UPDATE OR DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION refuse_history_change()"
        )
        op.execute(
            f"CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in HISTORY_TABLES:
        op.execute(f"DROP TRIGGER refuse_truncate ON {table}")
        op.execute(f"DROP TRIGGER refuse_update_or_delete ON {table}")
    op.execute("DROP FUNCTION refuse_history_change()")
