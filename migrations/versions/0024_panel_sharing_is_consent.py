"""Whether views may go to the review panel becomes a consent decision: the
young person's choice "share_views_with_panel", shown in My choices and on the
staff record, instead of an answer kept on each meeting's views.

- For each young person, the latest panel choice someone made on the views
  pages (`meeting_views.share_with_panel`, by `share_decided_by_contact_id`)
  becomes a decision on the item, dated when those views were last saved,
  unless a decision on the item is as new or newer. Its basis is the young
  person's own consent when they chose, or parental responsibility when a
  family member chose for them (the only other people the views pages let
  decide).
- Then the two columns and their check go: the choice has one home.

The downgrade puts the columns back, empty: consent decisions are never
removed, and they say what each person chose.

Revision ID: 0024_panel_sharing_is_consent
Revises: 0023_feedback_day_counts
Created: 2026-12-04 20:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024_panel_sharing_is_consent"
down_revision: str | None = "0023_feedback_day_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ITEM = "share_views_with_panel"
NOTE = "From My views before the meeting, before the review panel was a choice in My choices"

# The latest decided views of each young person, copied as their decision.
COPY_VIEWS_CHOICES = sa.text(
    """
    INSERT INTO consent_decisions (young_person_id, item_id, choice, decided_by_contact_id,
        basis, channel, decided_at, note)
    SELECT c.young_person_id, i.id,
        CASE WHEN v.share_with_panel THEN 'yes' ELSE 'no' END,
        v.share_decided_by_contact_id,
        CASE WHEN decider.relation = 'self' THEN 'own_consent'
             ELSE 'parental_responsibility' END,
        'portal', v.updated_at, :note
    FROM meeting_views v
    JOIN contacts c ON c.id = v.contact_id
    JOIN contacts decider ON decider.id = v.share_decided_by_contact_id
    JOIN consent_items i ON i.code = :item
    WHERE v.share_with_panel IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM meeting_views later
        JOIN contacts later_contact ON later_contact.id = later.contact_id
        WHERE later_contact.young_person_id = c.young_person_id
          AND later.share_with_panel IS NOT NULL
          AND (later.updated_at > v.updated_at
               OR (later.updated_at = v.updated_at AND later.id > v.id)))
      AND NOT EXISTS (
        SELECT 1 FROM consent_decisions d
        WHERE d.item_id = i.id
          AND d.young_person_id = c.young_person_id
          AND d.decided_at >= v.updated_at)
    """
)


def upgrade() -> None:
    op.get_bind().execute(COPY_VIEWS_CHOICES, {"item": ITEM, "note": NOTE})
    with op.batch_alter_table("meeting_views", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("ck_meeting_views_share_decision_has_a_choice"), type_="check"
        )
        batch_op.drop_constraint(
            op.f("fk_meeting_views_share_decided_by_contact_id_contacts"), type_="foreignkey"
        )
        batch_op.drop_column("share_decided_by_contact_id")
        batch_op.drop_column("share_with_panel")


def downgrade() -> None:
    with op.batch_alter_table("meeting_views", schema=None) as batch_op:
        batch_op.add_column(sa.Column("share_with_panel", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("share_decided_by_contact_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_meeting_views_share_decided_by_contact_id_contacts"),
            "contacts",
            ["share_decided_by_contact_id"],
            ["id"],
        )
        batch_op.create_check_constraint(
            op.f("ck_meeting_views_share_decision_has_a_choice"),
            "share_decided_by_contact_id IS NULL OR share_with_panel IS NOT NULL",
        )
