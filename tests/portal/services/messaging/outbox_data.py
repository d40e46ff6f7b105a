"""A contact, queued messages and scripted clients, for the tests of the
outbox, the worker's passes and its loop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from sqlalchemy.orm import Session

from portal.clients import MessageSendError, OutboxEmailClient, SentMessage
from portal.models import Contact, Message, MessageStatus
from portal.services.messaging.outbox import queue_sms
from portal.services.messaging.sending import SendSummary, Units, send_due_messages
from portal.unit_of_work import unit_of_work
from tests.support.factories import make_contact, make_team, make_young_person

BODY = "You have a message from your keyworker. Open the portal: http://portal.test/"


class SimulatedCrash(BaseException):
    """The process dies: nothing in the worker may catch this."""


@dataclass
class ScriptedSms:
    """An SMS client that records each call and does what it is told, in turn."""

    outcomes: list[Callable[[], SentMessage]] = field(default_factory=list)
    calls: list[tuple[str, str]] = field(default_factory=list)

    def send(
        self, to_e164: str, body: str, *, status_callback_url: str | None = None
    ) -> SentMessage:
        self.calls.append((to_e164, body))
        if self.outcomes:
            return self.outcomes.pop(0)()
        return SentMessage(provider_id=f"SM{len(self.calls):032d}", status=MessageStatus.SENT)


def fails(*, retryable: bool, outcome_unknown: bool = False) -> Callable[[], SentMessage]:
    def outcome() -> SentMessage:
        raise MessageSendError(
            "provider said no", retryable=retryable, outcome_unknown=outcome_unknown, code="42"
        )

    return outcome


def crashes() -> SentMessage:
    raise SimulatedCrash


def make_message_contact(session: Session) -> Contact:
    person = make_young_person(session, team=make_team(session))
    contact = make_contact(session, young_person=person, email="alex.sample@example.org")
    session.commit()
    return contact


def queued(session: Session, contact: Contact, count: int = 1, **options: datetime) -> list[int]:
    messages = [
        queue_sms(session, contact=contact, body=f"{BODY} ({n})", **options) for n in range(count)
    ]
    session.commit()
    return [message.id for message in messages]


def reload(session: Session, message_id: int) -> Message:
    message = session.get(Message, message_id, populate_existing=True)
    assert message is not None
    return message


def units_on(session: Session) -> Units:
    """Units of work on `session`, as the worker's edge makes them."""
    return partial(unit_of_work, session)


def run(session: Session, sms: object, now: datetime, **options: object) -> SendSummary:
    """One pass, with `sms` and the outbox email client."""
    return send_due_messages(units_on(session), sms, OutboxEmailClient(), now, **options)  # type: ignore[arg-type]
