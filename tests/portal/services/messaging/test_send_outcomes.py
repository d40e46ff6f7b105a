"""What the worker does with each answer Twilio gives, through the real
`twilio` library against a local fake of the API: an invalid number fails
for good and reaches the keyworker's worklist, an opted-out number is
recorded as opted out with the failure, "too many requests" and server
errors are tried again with backoff; and messages that may no longer go are
cancelled before the provider is called."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from portal.clients import OutboxEmailClient, TwilioSmsClient
from portal.clients.sms import rebased_http_client
from portal.models import (
    AuditEvent,
    Contact,
    MessageStatus,
    OptOutSource,
    SmsOptOut,
    utc_now,
)
from portal.services.messaging.opt_outs import is_opted_out
from portal.services.messaging.sending import BACKOFF, send_due_messages
from portal.services.records.caseload import caseload_for
from portal.services.records.worklist import WorkItem, WorkKind, worklist_for
from portal.unit_of_work import unit_of_work
from tests.portal.services.messaging.outbox_data import queued, reload, run
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person
from tests.support.fakes import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    MESSAGING_SERVICE_SID,
    FakeTwilioApi,
    fake_twilio_api,
)


@pytest.fixture
def api() -> Iterator[FakeTwilioApi]:
    with fake_twilio_api() as api:
        yield api


def twilio(api: FakeTwilioApi) -> TwilioSmsClient:
    return TwilioSmsClient(
        ACCOUNT_SID,
        AUTH_TOKEN,
        messaging_service_sid=MESSAGING_SERVICE_SID,
        http_client=rebased_http_client(api.base_url, timeout=5.0),
    )


def test_an_invalid_number_fails_for_good_and_reaches_the_keyworkers_worklist(
    session: Session, api: FakeTwilioApi
) -> None:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker, preferred_name="Robin")
    contact = make_contact(session, young_person=person)
    session.commit()
    [message_id] = queued(session, contact)
    now = utc_now()

    def failures() -> list[WorkItem]:
        items = worklist_for(session, caseload_for(session, keyworker, now), now)
        return [item for item in items if item.kind is WorkKind.MESSAGE_FAILED]

    assert failures() == []

    api.answer_error(400, 21211, "The 'To' number +447700900123 is not a valid phone number.")
    summary = run(session, twilio(api), now)

    message = reload(session, message_id)
    assert summary.failed == 1
    assert (message.status, message.error_code, message.attempts) == (
        MessageStatus.FAILED,
        "21211",
        1,
    )
    assert message.last_error is not None and "not a valid phone number" in message.last_error
    [line] = failures()
    assert (line.young_person_id, line.count) == (person.id, 1)
    assert line.preferred_name == "Robin"

    run(session, twilio(api), now + timedelta(days=1))
    assert len(api.requests) == 1  # never tried again


def test_an_opted_out_number_is_recorded_with_the_failure_and_gets_nothing_more(
    session: Session, contact: Contact, api: FakeTwilioApi
) -> None:
    # The same carer's phone for a second young person.
    other_person = make_young_person(session, team=contact.young_person.team)
    make_contact(session, young_person=other_person, mobile=contact.mobile_e164)
    session.commit()
    phone = str(contact.mobile_e164)
    first, second = queued(session, contact, count=2)
    now = utc_now()
    api.answer_next(
        400,
        {
            "code": 21610,
            "message": "Attempt to send to unsubscribed recipient",
            "more_info": "https://www.twilio.com/docs/errors/21610",
            "status": 400,
        },
    )

    summary = run(session, twilio(api), now)

    assert (summary.failed, summary.cancelled) == (1, 1)
    failed = reload(session, first)
    assert (failed.status, failed.error_code) == (MessageStatus.FAILED, "21610")
    assert is_opted_out(session, phone)
    [opt_out] = session.scalars(select(SmsOptOut).where(SmsOptOut.phone_e164 == phone)).all()
    assert (opt_out.source, opt_out.message_id) == (OptOutSource.SEND_REFUSED, first)
    audited = session.scalars(
        select(AuditEvent.young_person_id).where(AuditEvent.action == "sms.opted_out")
    ).all()
    assert sorted(audited) == sorted([contact.young_person_id, other_person.id])
    # The next message to that number is not even tried.
    cancelled = reload(session, second)
    assert cancelled.status is MessageStatus.CANCELLED
    assert len(api.requests) == 1


def test_the_opt_out_is_saved_with_the_failure_or_not_at_all(
    session: Session, contact: Contact, api: FakeTwilioApi
) -> None:
    [message_id] = queued(session, contact)
    units_made = 0

    @contextmanager
    def outcome_lost() -> Iterator[Session]:
        # The claim commits; the unit recording the outcome fails at the end.
        nonlocal units_made
        units_made += 1
        with unit_of_work(session) as own:
            yield own
            if units_made == 2:
                own.flush()
                raise OperationalError("COMMIT", None, Exception("the database went away"))

    api.answer_error(400, 21610, "Attempt to send to unsubscribed recipient")
    with pytest.raises(OperationalError):
        send_due_messages(outcome_lost, twilio(api), OutboxEmailClient(), utc_now())

    assert not is_opted_out(session, str(contact.mobile_e164))
    assert reload(session, message_id).status is MessageStatus.SENDING  # for a person to check


@pytest.mark.parametrize(
    ("status", "code", "raw"),
    [
        (429, 20429, None),
        (500, 20500, None),
        (503, 20503, None),
        (502, None, b"<html>Bad Gateway</html>"),
    ],
)
def test_busy_or_server_errors_are_tried_again_with_backoff_then_failed(
    session: Session,
    contact: Contact,
    api: FakeTwilioApi,
    status: int,
    code: int | None,
    raw: bytes | None,
) -> None:
    [message_id] = queued(session, contact)
    for _ in range(3):
        if raw is None:
            api.answer_error(status, int(code or 0))
        else:
            api.answer_next(status, raw=raw)
    now: datetime = utc_now()
    expected_code = str(code or status)

    for attempt in range(1, 3):
        summary = run(session, twilio(api), now, max_attempts=3)
        message = reload(session, message_id)
        assert summary.retried == 1
        assert (message.status, message.attempts, message.error_code) == (
            MessageStatus.QUEUED,
            attempt,
            expected_code,
        )
        assert message.send_after == now + BACKOFF[attempt - 1]
        assert run(session, twilio(api), message.send_after - timedelta(seconds=1)).handled == 0
        now = message.send_after

    summary = run(session, twilio(api), now, max_attempts=3)
    message = reload(session, message_id)
    assert summary.failed == 1
    assert (message.status, message.attempts, message.error_code) == (
        MessageStatus.FAILED,
        3,
        expected_code,
    )
    assert len(api.requests) == 3


def test_a_message_sent_after_a_failure_keeps_no_error_code(
    session: Session, contact: Contact, api: FakeTwilioApi
) -> None:
    [message_id] = queued(session, contact)
    api.answer_error(429, 20429, "Too Many Requests")
    run(session, twilio(api), utc_now())
    run(session, twilio(api), utc_now() + timedelta(hours=1))
    message = reload(session, message_id)
    assert (message.status, message.error_code, message.last_error) == (
        MessageStatus.SENT,
        None,
        None,
    )
    assert len(api.requests) == 2
