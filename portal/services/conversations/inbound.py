"""Handling a text message that arrived (stored first: `inbound_messages`).

In this order:

1. **Keywords** work for any number: STOP and START record the number's
   choice (`opt_outs`), HELP says who we are and how to call. LINK sends a
   sign-in link by the same rules as asking at /sign-in (checked number,
   portal access, sign-in not locked), else the unknown-number reply.
2. **A number on no contact** (removed contacts do not count) gets a reply
   that says nothing about anyone, and nothing is filed on any record.
3. **An open question** (`SmsConversation`) places the reply. A yes or no
   to "Can you come?" is recorded like the web answer (`record_reply`); an
   unclear reply is asked again once, then filed as a message. A reply to
   the feedback question goes on the record as feedback (`feedback_replies`).
4. **A shared number**: when the open questions, or the contacts with the
   number, are about more than one young person, the service asks "Who is
   your message about? Reply 1 for Sam. Reply 2 for Alex." and keeps the
   message waiting. The answer files it; a reply that is not one of the
   numbers is asked again once, then both stay unplaced for a person (they
   show in `flask inbox`). A record never gets another young person's text.
5. **Anything else** is filed as a message for the keyworker team
   (`file_family_message`, urgent when the risk triage flags it) and
   thanked; when triage flags it, the thanks is the crisis lines
   (`Purpose.HELP_NOW`: 999, NHS 111, Samaritans, Childline, Shout) and
   when texts are read.

A number staff have not checked still has its messages filed (a family
should never be ignored), and the record shows that the number was not
checked (`sms.received_from_unchecked_number`); it is never sent a link.
Nothing is sent back to a number that has opted out, other than the answer
to START.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    Channel,
    Contact,
    ConversationKind,
    FamilyMessageChannel,
    Meeting,
    Message,
    OptOutSource,
    SmsConversation,
)
from portal.services.access.addresses import Address
from portal.services.access.link_requests import request_sign_in_links
from portal.services.conversations.family_messages import file_family_message
from portal.services.conversations.feedback_replies import answer_feedback
from portal.services.conversations.inbound_messages import claim_for_processing
from portal.services.conversations.inbound_replies import Answer, InboundSettings, store_reply
from portal.services.conversations.questions import (
    CHOOSE_LIFETIME,
    close_conversation,
    open_conversation,
    open_for_number,
)
from portal.services.conversations.replies import (
    Keyword,
    ParsedReply,
    ReplyKind,
    parse_choice,
    parse_reply,
)
from portal.services.conversations.routing import answered_by
from portal.services.meetings.replies import ChangeOutcome, record_reply
from portal.services.messaging.opt_outs import is_opted_out, set_opted_out
from portal.services.messaging.templates import Purpose
from portal.services.records.audit import record_event

# A yes or no this soon after "Can you come?" expired is told it is too late.
TOO_LATE_WINDOW = timedelta(days=30)
UNCHECKED_NUMBER = "sms.received_from_unchecked_number"


@dataclass
class _Inbound:
    """One message being handled, and what is known about its number."""

    message: Message
    parsed: ParsedReply
    contacts: list[Contact]
    now: datetime
    today: date
    settings: InboundSettings
    conversations: list[SmsConversation] = field(default_factory=list)

    @property
    def phone(self) -> str:
        return self.message.from_address or ""


def process_inbound(
    session: Session,
    message_id: int,
    now: datetime,
    today: date,
    settings: InboundSettings,
    *,
    answered_now: bool,
) -> bool:
    """Handle one stored message, once, in the caller's unit of work: file
    it, and store the reply (sent as the webhook's answer when
    `answered_now`, else queued for the worker). Returns False when another
    delivery of it was handled already."""
    message = claim_for_processing(session, message_id, now)
    if message is None:
        return False
    answer = route_inbound(session, message, now, today, settings)
    if answer is not None:
        store_reply(session, message, answer, now, settings, answered_now=answered_now)
    return True


def contacts_for_number(session: Session, phone_e164: str) -> list[Contact]:
    """The contacts with this mobile number, not removed: checked numbers
    first, then in the order they were added."""
    if not phone_e164:
        return []
    return list(
        session.scalars(
            select(Contact)
            .where(Contact.mobile_e164 == phone_e164, Contact.removed_at.is_(None))
            .order_by(Contact.phone_verified.desc(), Contact.id)
        )
    )


def route_inbound(
    session: Session, message: Message, now: datetime, today: date, settings: InboundSettings
) -> Answer | None:
    """File `message` where it belongs, and say what to answer (None: nothing)."""
    inbound = _Inbound(
        message=message,
        parsed=parse_reply(message.body, message.opt_out_type),
        contacts=contacts_for_number(session, message.from_address or ""),
        now=now,
        today=today,
        settings=settings,
    )
    if settings.our_numbers and message.to_address not in settings.our_numbers:
        return Answer(Purpose.UNKNOWN_NUMBER)
    if inbound.parsed.keyword is not None:
        return _keyword(session, inbound, inbound.parsed.keyword)
    if not inbound.contacts:
        return Answer(Purpose.UNKNOWN_NUMBER)
    answer = _place(session, inbound)
    return None if is_opted_out(session, inbound.phone) else answer


def _keyword(session: Session, inbound: _Inbound, keyword: Keyword) -> Answer | None:
    first = inbound.contacts[0] if inbound.contacts else None
    if len({contact.young_person_id for contact in inbound.contacts}) == 1:
        _place_on(inbound.message, inbound.contacts[0])
    if keyword in (Keyword.STOP, Keyword.START):
        set_opted_out(
            session,
            inbound.phone,
            keyword is Keyword.STOP,
            OptOutSource.TWILIO_OPT_OUT_TYPE
            if inbound.message.opt_out_type
            else OptOutSource.KEYWORD,
            inbound.now,
            message_id=inbound.message.id,
            young_person_ids=[contact.young_person_id for contact in inbound.contacts],
        )
        return Answer(Purpose.OPTED_OUT if keyword is Keyword.STOP else Purpose.OPTED_IN, first)
    if keyword is Keyword.HELP:
        return Answer(Purpose.HELP_REPLY, first)
    if inbound.contacts:
        sent = request_sign_in_links(
            session,
            Address(Channel.SMS, inbound.phone),
            inbound.now,
            inbound.today,
            inbound.settings.links,
            translator_for=inbound.settings.translator_for,
        )
        if sent:
            return None  # the link's own message is the answer
    return Answer(Purpose.UNKNOWN_NUMBER)


def _place(session: Session, inbound: _Inbound) -> Answer | None:
    contact_ids = {contact.id for contact in inbound.contacts}
    inbound.conversations = [
        conversation
        for conversation in open_for_number(session, inbound.phone, inbound.now)
        if conversation.kind is ConversationKind.CHOOSE_YOUNG_PERSON
        or conversation.contact_id in contact_ids
    ]
    choosing = [c for c in inbound.conversations if c.kind is ConversationKind.CHOOSE_YOUNG_PERSON]
    if choosing:
        return _answer_choice(session, inbound, choosing[0])
    if inbound.conversations:
        if len({c.young_person_id for c in inbound.conversations}) > 1:
            return _ask_which(
                session, inbound, [_contact_of(inbound, c) for c in inbound.conversations]
            )
        conversation = answered_by(inbound.conversations, inbound.parsed, inbound.message.body)
        contact = _contact_of(inbound, conversation)
        if conversation.kind is ConversationKind.FEEDBACK:
            _place_on(inbound.message, contact)
            _note_if_unchecked(session, inbound, contact)
            return answer_feedback(
                session,
                inbound.message,
                conversation,
                contact,
                inbound.now,
                inbound.settings.alerts,
            )
        if conversation.kind is ConversationKind.MEETING_REPLY and inbound.parsed.kind in (
            ReplyKind.YES,
            ReplyKind.NO,
            ReplyKind.UNCLEAR,
        ):
            return _answer_meeting(session, inbound, conversation, contact)
        return _file(session, inbound, contact)
    if len({contact.young_person_id for contact in inbound.contacts}) > 1:
        return _ask_which(session, inbound, inbound.contacts)
    contact = inbound.contacts[0]
    if inbound.parsed.answer is not None and _recently_expired(session, inbound, contact):
        _file(session, inbound, contact)
        return Answer(Purpose.REPLY_TOO_LATE, contact)
    return _file(session, inbound, contact)


def _contact_of(inbound: _Inbound, conversation: SmsConversation) -> Contact:
    return next(contact for contact in inbound.contacts if contact.id == conversation.contact_id)


def _place_on(message: Message, contact: Contact) -> None:
    message.contact_id = contact.id
    message.young_person_id = contact.young_person_id


def _answer_meeting(
    session: Session, inbound: _Inbound, conversation: SmsConversation, contact: Contact
) -> Answer | None:
    """A reply to "Can you come?": the same record as the web answer."""
    meeting = session.get(Meeting, conversation.meeting_id) if conversation.meeting_id else None
    answer = inbound.parsed.answer
    if meeting is None:
        return _file(session, inbound, contact)
    day = {"day": inbound.settings.day_of(meeting, contact)}
    if answer is None:
        if conversation.unclear_replies == 0:
            conversation.unclear_replies = 1
            _place_on(inbound.message, contact)
            return Answer(Purpose.REPLY_UNCLEAR, contact, day)
        return _file(session, inbound, contact)
    outcome = record_reply(session, contact, meeting, answer, now=inbound.now)
    close_conversation(session, conversation, inbound.now)
    if outcome is ChangeOutcome.CLOSED:
        _file(session, inbound, contact)
        return Answer(Purpose.REPLY_TOO_LATE, contact)
    _place_on(inbound.message, contact)
    _note_if_unchecked(session, inbound, contact)
    purpose = Purpose.REPLY_YES_THANKS if answer.value == "yes" else Purpose.REPLY_NO_THANKS
    return Answer(purpose, contact, day)


def _recently_expired(session: Session, inbound: _Inbound, contact: Contact) -> bool:
    """Whether "Can you come?" asked this contact recently, and expired unanswered."""
    return (
        session.scalar(
            select(SmsConversation.id)
            .where(
                SmsConversation.phone_e164 == inbound.phone,
                SmsConversation.contact_id == contact.id,
                SmsConversation.kind == ConversationKind.MEETING_REPLY,
                SmsConversation.closed_at.is_(None),
                SmsConversation.expires_at <= inbound.now,
                SmsConversation.expires_at > inbound.now - TOO_LATE_WINDOW,
            )
            .limit(1)
        )
        is not None
    )


def _ask_which(session: Session, inbound: _Inbound, contacts: list[Contact]) -> Answer:
    """Keep the message waiting, and ask which young person it is about."""
    by_person: dict[int, Contact] = {}
    for contact in sorted(contacts, key=lambda c: (c.young_person_id, not c.phone_verified, c.id)):
        by_person.setdefault(contact.young_person_id, contact)
    options = [
        {"contact_id": contact.id, "young_person_id": contact.young_person_id}
        for contact in by_person.values()
    ]
    open_conversation(
        session,
        phone_e164=inbound.phone,
        kind=ConversationKind.CHOOSE_YOUNG_PERSON,
        now=inbound.now,
        expires_at=inbound.now + CHOOSE_LIFETIME,
        waiting_message_id=inbound.message.id,
        options=options,
    )
    return Answer(
        Purpose.CHOOSE_YOUNG_PERSON,
        inbound.contacts[0],
        names=[contact.young_person.preferred_name for contact in by_person.values()],
    )


def _answer_choice(
    session: Session, inbound: _Inbound, conversation: SmsConversation
) -> Answer | None:
    """The answer to "Who is your message about?": file the waiting message."""
    options = conversation.options or []
    index = parse_choice(inbound.message.body, len(options))
    chosen = None
    if index is not None:
        chosen = next((c for c in inbound.contacts if c.id == options[index]["contact_id"]), None)
    if chosen is None:
        names = _option_names(session, options)
        if conversation.unclear_replies == 0:
            conversation.unclear_replies = 1
            return Answer(Purpose.CHOOSE_YOUNG_PERSON, inbound.contacts[0], names=names)
        close_conversation(session, conversation, inbound.now)  # left for a person
        return Answer(Purpose.THANK_YOU, inbound.contacts[0])
    close_conversation(session, conversation, inbound.now)
    _place_on(inbound.message, chosen)
    waiting = session.get(Message, conversation.waiting_message_id)
    if waiting is None:
        return Answer(Purpose.THANK_YOU, chosen)
    again = _Inbound(
        message=waiting,
        parsed=parse_reply(waiting.body, waiting.opt_out_type),
        contacts=[chosen],
        now=inbound.now,
        today=inbound.today,
        settings=inbound.settings,
    )
    return _place(session, again)


def _option_names(session: Session, options: list[dict[str, int]]) -> list[str]:
    contacts = {
        c.id: c
        for c in session.scalars(
            select(Contact).where(Contact.id.in_([o["contact_id"] for o in options]))
        )
    }
    return [
        contacts[o["contact_id"]].young_person.preferred_name
        for o in options
        if o["contact_id"] in contacts
    ]


def _file(session: Session, inbound: _Inbound, contact: Contact) -> Answer | None:
    """File the message for the keyworker team, and thank the family."""
    _place_on(inbound.message, contact)
    text = inbound.message.body.strip() or _media_words(inbound.message)
    if not text:
        return None  # nothing was written, and nothing was sent with it
    filed = file_family_message(
        session,
        contact,
        text,
        FamilyMessageChannel.SMS,
        inbound.now,
        inbound.settings.alerts,
        inbound_message_id=inbound.message.id,
    )
    _note_if_unchecked(session, inbound, contact)
    # What may disclose risk is answered with where to get help now.
    return Answer(Purpose.HELP_NOW if filed.triage.flagged else Purpose.THANK_YOU, contact)


def _media_words(message: Message) -> str:
    """What staff read for a text message of pictures or files only (never opened)."""
    if not message.media_count:
        return ""
    return (
        f"(No words. {message.media_count} picture(s) or file(s) sent;"
        " the portal does not open them.)"
    )


def _note_if_unchecked(session: Session, inbound: _Inbound, contact: Contact) -> None:
    if not contact.phone_verified:
        record_event(
            session,
            UNCHECKED_NUMBER,
            contact=contact,
            message_id=inbound.message.id,
        )
