"""Permission to quote feedback becomes a consent decision: each contact
decides about their own words (consent item "feedback_in_reports", now about
one contact: `about_contact_id` is the contact whose words it covers).

Data only, no schema change:
- a contact whose latest web answer said yes on the old form
  (`feedback_responses.may_use_anonymously`) gets a "yes" decision about
  their own words, dated at that answer, unless they have a decision about
  their own words already. A contact whose latest answer said no, or who
  never answered on the web, gets nothing: no decision counts as no. The
  column is kept for those rows and no longer written.
- a decision on the item made by a family member before it was about one
  contact (`about_contact_id` empty) is copied as the same choice about that
  family member, dated as it was, so their choice still counts. The old row
  stays in the history (decisions are never changed or deleted).

The downgrade removes nothing: consent decisions are append-only, and the
copies say what the person chose.

Revision ID: 0022_feedback_record
Revises: 0021_feedback
Created: 2026-12-02 20:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_feedback_record"
down_revision: str | None = "0021_feedback"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ITEM = "feedback_in_reports"
NOTE = "From the feedback form, before permission to quote was a choice in My choices"

# Decisions the family member made before the item was about one contact:
# the latest of each, copied as about them.
COPY_OLD_DECISIONS = sa.text(
    """
    INSERT INTO consent_decisions (young_person_id, item_id, choice, decided_by_contact_id,
        basis, channel, decided_at, note, about_contact_id)
    SELECT d.young_person_id, d.item_id, d.choice, d.decided_by_contact_id,
        d.basis, d.channel, d.decided_at, d.note, d.decided_by_contact_id
    FROM consent_decisions d
    JOIN consent_items i ON i.id = d.item_id AND i.code = :item
    WHERE d.about_contact_id IS NULL
      AND d.decided_by_contact_id IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM consent_decisions later
        WHERE later.item_id = d.item_id
          AND later.about_contact_id IS NULL
          AND later.decided_by_contact_id = d.decided_by_contact_id
          AND (later.decided_at > d.decided_at
               OR (later.decided_at = d.decided_at AND later.id > d.id)))
      AND NOT EXISTS (
        SELECT 1 FROM consent_decisions own
        WHERE own.item_id = d.item_id AND own.about_contact_id = d.decided_by_contact_id)
    """
)

# The latest web answer of each contact, when it said yes.
COPY_FORM_ANSWERS = sa.text(
    """
    INSERT INTO consent_decisions (young_person_id, item_id, choice, decided_by_contact_id,
        basis, channel, decided_at, note, about_contact_id)
    SELECT r.young_person_id, i.id, 'yes', r.contact_id,
        'own_consent', 'portal', r.received_at, :note, r.contact_id
    FROM feedback_responses r
    JOIN consent_items i ON i.code = :item
    WHERE r.channel = 'web'
      AND r.contact_id IS NOT NULL
      AND r.may_use_anonymously = :yes
      AND NOT EXISTS (
        SELECT 1 FROM feedback_responses later
        WHERE later.contact_id = r.contact_id
          AND later.channel = 'web'
          AND (later.received_at > r.received_at
               OR (later.received_at = r.received_at AND later.id > r.id)))
      AND NOT EXISTS (
        SELECT 1 FROM consent_decisions own
        WHERE own.item_id = i.id AND own.about_contact_id = r.contact_id)
    """
)


def upgrade() -> None:
    bind = op.get_bind()
    bind.execute(COPY_OLD_DECISIONS, {"item": ITEM})
    bind.execute(COPY_FORM_ANSWERS, {"item": ITEM, "note": NOTE, "yes": True})


def downgrade() -> None:
    # Nothing to undo: the decisions added are what the people chose.
    pass
