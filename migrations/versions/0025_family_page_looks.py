"""When each family member first and last looked at each part of the portal
(`family_page_looks`), so the home page reads a few rows instead of every
page view in the audit trail. Filled once from the page views audited so
far, so nobody's "changed since you last looked" changes on the day.

Revision ID: 0025_family_page_looks
Revises: 0024_panel_sharing_is_consent
Created: 2026-12-04 21:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025_family_page_looks"
down_revision: str | None = "0024_panel_sharing_is_consent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWED = "family.page.viewed"
# Part -> the endpoints that count for it (portal.services.records.page_looks).
AREAS = {"any": "family.%", "plan": "family.plan%", "meetings": "family.meeting%"}
AREAS["feedback"] = "family.feedback%"


def upgrade() -> None:
    op.create_table(
        "family_page_looks",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("first_at", sa.DateTime(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_family_page_looks_contact_id_contacts")
        ),
        sa.PrimaryKeyConstraint("contact_id", "area", name=op.f("pk_family_page_looks")),
    )
    audit = sa.table(
        "audit_events",
        sa.column("action", sa.String),
        sa.column("actor_contact_id", sa.Integer),
        sa.column("occurred_at", sa.DateTime()),
        sa.column("detail", sa.JSON),
    )
    looks = sa.table(
        "family_page_looks",
        sa.column("contact_id", sa.Integer),
        sa.column("area", sa.String),
        sa.column("first_at", sa.DateTime()),
        sa.column("last_at", sa.DateTime()),
    )
    page = audit.c.detail["page"].as_string()
    for area, pattern in AREAS.items():
        views = (
            sa.select(
                audit.c.actor_contact_id,
                sa.literal(area),
                sa.func.min(audit.c.occurred_at),
                sa.func.max(audit.c.occurred_at),
            )
            .where(
                audit.c.action == VIEWED,
                audit.c.actor_contact_id.is_not(None),
                page.like(pattern),
            )
            .group_by(audit.c.actor_contact_id)
        )
        op.execute(looks.insert().from_select(["contact_id", "area", "first_at", "last_at"], views))


def downgrade() -> None:
    op.drop_table("family_page_looks")
