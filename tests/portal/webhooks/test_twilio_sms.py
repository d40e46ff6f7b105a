"""POST /webhooks/twilio/sms: signed, stored once, handled, answered in TwiML."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    Contact,
    Direction,
    FamilyMessage,
    Message,
    MessageStatus,
    utc_now,
)
from portal.services.messaging.opt_outs import is_opted_out
from tests.client import PortalClient
from tests.portal.webhooks.twilio_requests import (
    PHONE,
    SMS_PATH,
    post_signed,
    post_sms,
    signature_for,
    sms_fields,
)


def _count(session: Session, model: type, *where: object) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]


def _inbound(session: Session) -> list[Message]:
    session.expire_all()
    return list(session.scalars(select(Message).where(Message.direction == Direction.INBOUND)))


@pytest.mark.parametrize("signature", [None, "", "not-the-signature"])
def test_a_missing_empty_or_wrong_signature_is_refused_and_nothing_is_stored(
    app: Flask, client: PortalClient, session: Session, contact: Contact, signature: str | None
) -> None:
    fields = sms_fields(PHONE, "hello")
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    response = client.post(SMS_PATH, data=fields, headers=headers)
    assert response.status_code == 403
    assert _inbound(session) == []


def test_a_signature_over_the_address_behind_the_proxy_is_refused(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    fields = sms_fields(PHONE, "hello")
    # Signed for the host the test client calls, not the public address Twilio calls.
    from twilio.request_validator import RequestValidator

    wrong = RequestValidator(app.config["TWILIO_AUTH_TOKEN"]).compute_signature(
        "http://localhost" + SMS_PATH, fields
    )
    assert post_signed(client, app, SMS_PATH, fields, signature=wrong).status_code == 403
    assert post_signed(client, app, SMS_PATH, fields).status_code == 200
    assert len(_inbound(session)) == 1


def test_a_signature_covers_the_query_string(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    fields = sms_fields(PHONE, "hello")
    path = SMS_PATH + "?source=twilio&x=1"
    assert (
        post_signed(
            client, app, path, fields, signature=signature_for(app, SMS_PATH, fields)
        ).status_code
        == 403
    )
    assert post_signed(client, app, path, fields).status_code == 200


def test_a_signature_for_other_fields_is_refused(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    fields = sms_fields(PHONE, "hello")
    signature = signature_for(app, SMS_PATH, fields)
    changed = {**fields, "Body": "something else"}
    assert post_signed(client, app, SMS_PATH, changed, signature=signature).status_code == 403


def test_without_a_message_sid_nothing_is_stored(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    fields = sms_fields(PHONE, "hello")
    del fields["MessageSid"]
    response = post_signed(client, app, SMS_PATH, fields)
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert _inbound(session) == []


def test_a_message_is_filed_for_the_team_and_thanked_in_twiml(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    response = post_sms(client, app, PHONE, "Sam had a hard day at school")
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert b"<Response><Message>Thank you." in response.data
    [message] = _inbound(session)
    assert message.contact_id == contact.id and message.young_person_id == contact.young_person_id
    assert message.processed_at is not None
    [filed] = session.scalars(select(FamilyMessage)).all()
    assert filed.text == "Sam had a hard day at school" and filed.message_id == message.id
    [reply] = session.scalars(select(Message).where(Message.direction == Direction.OUTBOUND)).all()
    assert reply.status is MessageStatus.SENT and reply.purpose == "thank_you"
    assert reply.young_person_id == contact.young_person_id and reply.to_address == PHONE


def test_a_repeated_delivery_is_answered_the_same_and_files_nothing_twice(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    fields = sms_fields(PHONE, "Can someone call me")
    first = post_signed(client, app, SMS_PATH, fields)
    second = post_signed(client, app, SMS_PATH, fields)
    assert first.status_code == second.status_code == 200
    assert first.data == second.data
    assert len(_inbound(session)) == 1
    assert _count(session, FamilyMessage) == 1
    assert _count(session, Message, Message.direction == Direction.OUTBOUND) == 1


def test_an_unknown_number_gets_the_generic_reply_and_nothing_is_filed(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    response = post_sms(client, app, "+447700900999", "hello, is that Sam's keyworker?")
    assert b"this number cannot answer messages" in response.data
    [message] = _inbound(session)
    assert message.young_person_id is None and message.contact_id is None
    assert _count(session, FamilyMessage) == 0


def test_a_removed_contact_counts_as_an_unknown_number(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    from tests.support.factories import make_staff_user

    remover = make_staff_user(session, team=contact.young_person.team)
    contact.portal_access_enabled = False
    contact.removed_at = utc_now()
    contact.removed_by_id = remover.id
    session.commit()
    response = post_sms(client, app, PHONE, "hello")
    assert b"this number cannot answer messages" in response.data
    assert _count(session, FamilyMessage) == 0


@pytest.mark.parametrize("body", ["STOP", "stop.", "  Stop!  ", "unsubscribe", "OPTOUT"])
def test_stop_opts_the_number_out_and_start_opts_it_in(
    app: Flask, client: PortalClient, session: Session, contact: Contact, body: str
) -> None:
    stopped = post_sms(client, app, PHONE, body)
    assert b"You will not get texts" in stopped.data
    assert is_opted_out(session, PHONE)
    assert _count(session, FamilyMessage) == 0
    started = post_sms(client, app, PHONE, "start")
    assert b"You will get texts" in started.data
    assert not is_opted_out(session, PHONE)


def test_twilio_opt_out_type_is_honoured(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    # A custom opt-out word set up in the Messaging Service's Advanced Opt-Out.
    post_sms(client, app, PHONE, "STOPP", OptOutType="STOP")
    assert is_opted_out(session, PHONE)
    [message] = _inbound(session)
    assert message.opt_out_type == "STOP"


def test_stop_please_is_a_message_not_a_keyword(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    response = post_sms(client, app, PHONE, "STOP please")
    assert b"Thank you." in response.data
    assert not is_opted_out(session, PHONE)
    assert _count(session, FamilyMessage) == 1


def test_help_says_who_we_are(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    response = post_sms(client, app, PHONE, "help")
    assert app.config["SERVICE_NAME"].encode() in response.data
    assert app.config["TEAM_PHONE"].encode() in response.data


def test_nothing_but_start_is_answered_while_the_number_is_opted_out(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    post_sms(client, app, PHONE, "stop")
    response = post_sms(client, app, PHONE, "Sam is poorly today")
    assert response.status_code == 204
    assert _count(session, FamilyMessage) == 1  # still filed for the team


def test_link_sends_a_sign_in_link_to_a_contact_who_may_have_one(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    response = post_sms(client, app, PHONE, "LINK")
    assert response.status_code == 204
    queued = session.scalars(
        select(Message).where(Message.direction == Direction.OUTBOUND, Message.to_address == PHONE)
    ).all()
    assert len(queued) == 1 and "http://portal.test/" in queued[0].body


def test_link_from_an_unknown_or_unchecked_number_gets_the_generic_reply(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    contact.phone_verified = False
    session.commit()
    for number in (PHONE, "+447700900998"):
        response = post_sms(client, app, number, "link")
        assert b"this number cannot answer messages" in response.data
    assert (
        _count(session, Message, Message.direction == Direction.OUTBOUND, Message.purpose.is_(None))
        == 0
    )


def test_a_long_message_with_emoji_and_other_scripts_is_kept_whole(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    body = ("Dziękuję 👍 ہاں نعم Diolch ŵŷ " * 60)[:1600]
    assert post_sms(client, app, PHONE, body).status_code == 200
    [message] = _inbound(session)
    assert message.body == body
    assert session.scalars(select(FamilyMessage.text)).one() == body.strip()


def test_pictures_are_counted_and_never_fetched(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    response = post_sms(
        client,
        app,
        PHONE,
        "",
        NumMedia="2",
        MediaContentType0="image/jpeg",
        MediaUrl0="http://127.0.0.1:9/never-fetched-0",
        MediaContentType1="video/mp4",
        MediaUrl1="http://127.0.0.1:9/never-fetched-1",
    )
    assert response.status_code == 200
    [message] = _inbound(session)
    assert message.media_count == 2 and message.media_types == ["image/jpeg", "video/mp4"]
    assert "2 picture(s) or file(s)" in session.scalars(select(FamilyMessage.text)).one()


def test_an_empty_message_is_stored_and_not_answered(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    assert post_sms(client, app, PHONE, "").status_code == 204
    assert len(_inbound(session)) == 1
    assert _count(session, FamilyMessage) == 0


def test_repeated_fields_take_the_first(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    fields = [*sms_fields(PHONE, "first").items(), ("Body", "second"), ("From", "+447700900998")]
    assert post_signed(client, app, SMS_PATH, fields).status_code == 200
    [message] = _inbound(session)
    assert message.body == "first" and message.from_address == PHONE


def test_a_text_to_another_number_gets_the_generic_reply(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    app.config["TWILIO_FROM_NUMBER"] = "+447700900001"
    response = post_sms(client, app, PHONE, "hello")
    assert b"this number cannot answer messages" in response.data
    assert len(_inbound(session)) == 1
    assert _count(session, FamilyMessage) == 0


def test_a_failure_while_handling_keeps_the_message_for_the_worker(
    app: Flask,
    client: PortalClient,
    session: Session,
    contact: Contact,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from portal.services.conversations import inbound
    from portal.services.conversations.inbound_messages import retry_unprocessed
    from tests.portal.services.messaging.outbox_data import units_on

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(inbound, "file_family_message", broken)
    response = post_sms(client, app, PHONE, "Please ring me")
    assert response.status_code == 204
    [message] = _inbound(session)
    assert message.processed_at is None and message.processing_attempts == 1
    assert "the database went away" in (message.processing_error or "")
    assert _count(session, FamilyMessage) == 0

    monkeypatch.undo()
    from portal.i18n import translator_for
    from portal.services.conversations.inbound_replies import InboundSettings
    from portal.timezones import london_today

    later = utc_now() + timedelta(minutes=1)
    with app.test_request_context():
        settings = InboundSettings.from_config(app.config, translator_for)
        handled = retry_unprocessed(
            units_on(session),
            later,
            lambda s, message_id: inbound.process_inbound(
                s, message_id, later, london_today(), settings, answered_now=False
            ),
        )
    assert handled == 1
    assert _count(session, FamilyMessage) == 1
    session.expire_all()
    reply = session.scalars(select(Message).where(Message.direction == Direction.OUTBOUND)).one()
    assert reply.status is MessageStatus.QUEUED and reply.purpose == "thank_you"


def test_stop_from_a_number_on_no_contact_still_opts_it_out(
    app: Flask, client: PortalClient, session: Session, contact: Contact
) -> None:
    assert b"You will not get texts" in post_sms(client, app, "+447700900997", "STOP").data
    assert is_opted_out(session, "+447700900997") and not is_opted_out(session, PHONE)
    [message] = _inbound(session)
    assert message.young_person_id is None
