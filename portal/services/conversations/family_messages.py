"""Messages families write to the keyworker team: on the Messages page, or by
text message when the text answers no open question.

Each is history (`FamilyMessage`) and a "From the family" notice (kind
"message"), which staff read, reply to or mark as dealt with like any other
item. What the family wrote is checked for risk first: a match makes the
notice urgent (the workspace's urgent rules: it stays until a person
acknowledges it, and the keyworker and managers are emailed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from portal.models import (
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    FamilyMessage,
    FamilyMessageChannel,
)
from portal.services.feedback.triage import TriageResult, triage_feedback
from portal.services.records.audit import record_event
from portal.services.records.family_input import notify_staff
from portal.services.records.urgent_alerts import UrgentSettings

# Long enough for what a person needs to say, short enough to read on a phone.
MAX_LENGTH = 2000
SUMMARIES = {
    FamilyMessageChannel.WEB: "Sent a message",
    FamilyMessageChannel.SMS: "Sent a text message",
}


class EmptyMessage(ValueError):
    """There is nothing in the message."""


@dataclass(frozen=True)
class FiledMessage:
    message: FamilyMessage
    notice: FamilyInputNotice
    triage: TriageResult


def file_family_message(
    session: Session,
    contact: Contact,
    text: str,
    channel: FamilyMessageChannel,
    now: datetime,
    alerts: UrgentSettings,
    *,
    inbound_message_id: int | None = None,
    ip_address: str | None = None,
    form_token: str | None = None,
) -> FiledMessage:
    """File what `contact` wrote on their young person's record, and tell
    staff (urgently when it may disclose risk). Raises EmptyMessage for a
    message with no words. A text longer than MAX_LENGTH is kept whole.
    `form_token` (the web form's one-time token) is unique per contact: a
    second message with it fails at the flush with an IntegrityError, so the
    caller files in a savepoint (`portal_messages.send_web_message`).
    Does not commit."""
    text = text.strip()
    if not text:
        raise EmptyMessage
    triage = triage_feedback(text)
    message = FamilyMessage(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        channel=channel,
        text=text,
        message_id=inbound_message_id,
        form_token=form_token,
        written_at=now,
    )
    session.add(message)
    session.flush()
    summary = SUMMARIES[channel]
    if triage.flagged:
        summary += ": it may say they are at risk"
    notice = notify_staff(
        session,
        contact,
        FamilyInputKind.MESSAGE,
        subject_id=message.id,
        summary=summary,
        urgent=triage.flagged,
        alerts=alerts if triage.flagged else None,
    )
    record_event(
        session,
        "family.message.sent",
        contact=contact,
        ip_address=ip_address,
        family_message_id=message.id,
        channel=channel.value,
        flagged=triage.flagged,
    )
    return FiledMessage(message=message, notice=notice, triage=triage)
