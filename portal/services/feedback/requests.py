"""Asking a contact for feedback, about keyworker support in general or
about one meeting (`request_feedback`). The schedule that asks on its own
is in `portal.services.feedback.schedule`.

One open request per contact and subject: the request row is added in a
savepoint with its `open_key` ("<contact id>:support" or
"<contact id>:meeting:<meeting id>"), and the unique constraint decides, so
two keyworkers pressing "Ask for feedback now" at once, or the schedule and
a keyworker, ask once. A request past `expires_at` is closed first.

The message goes by the rules of every message to a family
(`portal.services.messaging.to_families`): portal access, the choice about
messages, the preferred channel or the other one, a checked address, a
number that has not replied STOP, the contact's language, and quiet hours
for the automatic ones. By email it links to the form for that request
(`/tell-us?request=<id>`; the person signs in the usual way if they are not
signed in: no sign-in secret is in the message). By text it asks the
question and opens a FEEDBACK conversation for the replies
(`portal.services.conversations.feedback_replies`).

When nobody can be reached, no request is kept: the outcome says why.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.models import (
    Channel,
    Contact,
    ConversationKind,
    FeedbackRequest,
    Meeting,
    MeetingStatus,
    Message,
    StaffUser,
)
from portal.services.access.link_messages import TranslatorFor
from portal.services.conversations.questions import open_conversation
from portal.services.meetings.meeting_messages import when_words
from portal.services.messaging.opt_outs import is_opted_out
from portal.services.messaging.templates import Purpose
from portal.services.messaging.to_families import (
    FamilyMessageSettings,
    NotSent,
    may_message,
    queue_for_contact,
    usable_channel,
)
from portal.services.records.audit import record_event
from portal.services.wording import PlainTranslator

FEEDBACK_REQUESTED = "feedback.requested"
# The step a FEEDBACK conversation starts at: waiting for the number.
FIRST_STEP = "answer"


class NotAsked(enum.StrEnum):
    """Why a contact was not asked (staff words: portal.staff.feedback_requests)."""

    ALREADY_OPEN = "already_open"
    NO_PORTAL_ACCESS = "no_portal_access"
    DOES_NOT_WANT_MESSAGES = "does_not_want_messages"
    NO_CHECKED_ADDRESS = "no_checked_address"
    OPTED_OUT = "opted_out"


class RequestRefused(ValueError):
    """A meeting that cannot be asked about: not held, or another young person's."""


@dataclass(frozen=True)
class FeedbackRequestSettings:
    messages: FamilyMessageSettings
    lifetime: timedelta = timedelta(days=14)
    every: timedelta = timedelta(days=91)
    after_meeting: timedelta = timedelta(hours=24)
    translator_for: TranslatorFor = PlainTranslator

    @classmethod
    def from_config(
        cls, config: Mapping[str, Any], translator_for: TranslatorFor
    ) -> FeedbackRequestSettings:
        return cls(
            messages=FamilyMessageSettings.from_config(config),
            lifetime=timedelta(days=int(config.get("FEEDBACK_REQUEST_LIFETIME_DAYS", 14))),
            every=timedelta(days=int(config.get("FEEDBACK_REQUEST_EVERY_DAYS", 91))),
            after_meeting=timedelta(hours=int(config.get("FEEDBACK_AFTER_MEETING_HOURS", 24))),
            translator_for=translator_for,
        )


@dataclass(frozen=True)
class RequestOutcome:
    """What happened for one contact: asked by `channel`, or `not_asked`."""

    contact_id: int
    contact_name: str
    request_id: int | None = None
    channel: Channel | None = None
    message_id: int | None = None
    not_asked: NotAsked | None = None

    @property
    def sent(self) -> bool:
        return self.channel is not None


def open_key(contact_id: int, meeting_id: int | None) -> str:
    if meeting_id is None:
        return f"{contact_id}:support"
    return f"{contact_id}:meeting:{meeting_id}"


def request_path(request_id: int) -> str:
    """The web form for one request (the family signs in first if they need to)."""
    return f"/tell-us?request={request_id}"


def request_feedback(
    session: Session,
    contact: Contact,
    *,
    meeting: Meeting | None = None,
    now: datetime,
    settings: FeedbackRequestSettings,
    requested_by: StaffUser | None = None,
    by_hand: bool = False,
) -> RequestOutcome:
    """Ask `contact` for feedback (about `meeting` if given), once while a
    request is open. By a keyworker (`requested_by`, or `by_hand` from the
    command line) it goes at once; on the schedule it waits for the end of
    quiet hours. Raises
    RequestRefused for a meeting not held or not this young person's.
    Does not commit."""
    if meeting is not None and (
        meeting.young_person_id != contact.young_person_id
        or meeting.status is not MeetingStatus.HELD
    ):
        raise RequestRefused("feedback is asked about a held meeting of the same young person")
    refused = _unreachable(session, contact, now)
    if refused is not None:
        return RequestOutcome(contact.id, contact.name, not_asked=refused)
    meeting_id = meeting.id if meeting is not None else None
    key = open_key(contact.id, meeting_id)
    close_expired(session, key, now)
    try:
        with session.begin_nested():
            request, message = _add_and_queue(
                session, contact, meeting, key, now, settings, requested_by, by_hand
            )
    except IntegrityError:
        return RequestOutcome(contact.id, contact.name, not_asked=NotAsked.ALREADY_OPEN)
    except _NotQueued as not_queued:
        reason = _why(session, contact, not_queued.reason)
        return RequestOutcome(contact.id, contact.name, not_asked=reason)
    _open_and_audit(session, contact, request, message, now, requested_by)
    return RequestOutcome(
        contact.id,
        contact.name,
        request_id=request.id,
        channel=message.channel,
        message_id=message.id,
    )


def _open_and_audit(
    session: Session,
    contact: Contact,
    request: FeedbackRequest,
    message: Message,
    now: datetime,
    requested_by: StaffUser | None,
) -> None:
    """By text, open the conversation the replies answer; audit the request."""
    if message.channel is Channel.SMS:
        open_conversation(
            session,
            phone_e164=message.to_address,
            kind=ConversationKind.FEEDBACK,
            now=now,
            expires_at=request.expires_at,
            contact_id=contact.id,
            young_person_id=contact.young_person_id,
            meeting_id=request.meeting_id,
            message_id=message.id,
            step=FIRST_STEP,
        )
    record_event(
        session,
        FEEDBACK_REQUESTED,
        staff_user=requested_by,
        young_person_id=contact.young_person_id,
        request_id=request.id,
        contact_id=contact.id,
        meeting_id=request.meeting_id,
        channel=message.channel.value,
    )


def ask_family(
    session: Session,
    young_person_id: int,
    *,
    meeting: Meeting | None = None,
    now: datetime,
    settings: FeedbackRequestSettings,
    requested_by: StaffUser,
) -> list[RequestOutcome]:
    """A keyworker's "Ask for feedback now": every contact on the record (not
    removed) is asked if the rules allow, at once. Raises RequestRefused as
    `request_feedback` does. Does not commit."""
    if meeting is not None and meeting.status is not MeetingStatus.HELD:
        raise RequestRefused("feedback is asked about a held meeting")
    contacts = session.scalars(
        select(Contact)
        .where(Contact.young_person_id == young_person_id, Contact.removed_at.is_(None))
        .order_by(Contact.id)
    ).all()
    return [
        request_feedback(
            session, contact, meeting=meeting, now=now, settings=settings, requested_by=requested_by
        )
        for contact in contacts
    ]


def close_expired(session: Session, key: str, now: datetime) -> None:
    """Close the open request with `key` if it has expired: one UPDATE."""
    session.execute(
        update(FeedbackRequest)
        .where(FeedbackRequest.open_key == key, FeedbackRequest.expires_at <= now)
        .values(open_key=None, closed_at=now)
        .execution_options(synchronize_session=False)
    )


class _NotQueued(Exception):
    def __init__(self, reason: NotSent | None) -> None:
        super().__init__(reason)
        self.reason = reason


def _add_and_queue(
    session: Session,
    contact: Contact,
    meeting: Meeting | None,
    key: str,
    now: datetime,
    settings: FeedbackRequestSettings,
    requested_by: StaffUser | None,
    by_hand: bool,
) -> tuple[FeedbackRequest, Message]:
    """Add the open request and queue its message; raises _NotQueued (which
    undoes the savepoint) when the message cannot go."""
    by_hand = by_hand or requested_by is not None
    request = FeedbackRequest(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        meeting_id=meeting.id if meeting is not None else None,
        automatic=not by_hand,
        requested_by_id=requested_by.id if requested_by is not None else None,
        requested_at=now,
        expires_at=now + settings.lifetime,
        open_key=key,
    )
    session.add(request)
    session.flush()
    translator = settings.translator_for(contact.preferred_language)
    queued = queue_for_contact(
        session,
        contact,
        Purpose.FEEDBACK_REQUEST if meeting is None else Purpose.MEETING_FEEDBACK_REQUEST,
        now,
        settings.messages,
        translator=translator,
        values=when_words(meeting, translator.language, now) if meeting is not None else None,
        path=request_path(request.id),
        meeting_id=request.meeting_id,
        dedupe_key=f"feedback-request:{request.id}",
        by_hand=by_hand,
    )
    if queued.message is None:
        raise _NotQueued(queued.not_sent)
    request.channel = queued.message.channel
    request.message_id = queued.message.id
    session.flush()
    return request, queued.message


def _unreachable(session: Session, contact: Contact, now: datetime) -> NotAsked | None:
    refused = may_message(session, contact, now)
    if refused is None and usable_channel(session, contact) is None:
        refused = NotSent.NO_USABLE_ADDRESS
    return None if refused is None else _why(session, contact, refused)


def _why(session: Session, contact: Contact, not_sent: NotSent | None) -> NotAsked:
    if not_sent is NotSent.NO_PORTAL_ACCESS:
        return NotAsked.NO_PORTAL_ACCESS
    if not_sent is NotSent.DOES_NOT_WANT_MESSAGES:
        return NotAsked.DOES_NOT_WANT_MESSAGES
    if not_sent is NotSent.ALREADY_QUEUED:
        return NotAsked.ALREADY_OPEN
    if contact.mobile_e164 and is_opted_out(session, contact.mobile_e164):
        return NotAsked.OPTED_OUT
    return NotAsked.NO_CHECKED_ADDRESS
