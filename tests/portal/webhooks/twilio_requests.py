"""Requests to the Twilio webhooks, signed with the `twilio` library's own
`RequestValidator.compute_signature`, exactly as Twilio signs them: over the
public address (PUBLIC_BASE_URL, which is not the host the test client
calls, as behind a proxy) and every posted field."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from portal.models import Contact
from tests.support.factories import make_contact, make_team, make_young_person

SMS_PATH = "/webhooks/twilio/sms"
STATUS_PATH = "/webhooks/twilio/status"
SERVICE_NUMBER = "+447700900000"
PHONE = "+447700900321"
_sids = itertools.count(1)


def new_sid() -> str:
    return f"SM{next(_sids):032x}"


def sms_fields(
    from_number: str, body: str, *, sid: str | None = None, **more: str
) -> dict[str, str]:
    return {
        "MessageSid": sid or new_sid(),
        "AccountSid": "AC" + "0" * 32,
        "From": from_number,
        "To": SERVICE_NUMBER,
        "Body": body,
        "NumMedia": "0",
        **more,
    }


def signature_for(app: Flask, path: str, fields: Mapping[str, str] | MultiDict[str, str]) -> str:
    url = app.config["PUBLIC_BASE_URL"].rstrip("/") + path
    return str(RequestValidator(app.config["TWILIO_AUTH_TOKEN"]).compute_signature(url, fields))


def post_signed(
    client: FlaskClient,
    app: Flask,
    path: str,
    fields: Mapping[str, str] | Sequence[tuple[str, str]],
    *,
    signature: str | None = None,
) -> TestResponse:
    form: MultiDict[str, str] = MultiDict(fields)
    headers = {
        "X-Twilio-Signature": signature if signature is not None else signature_for(app, path, form)
    }
    return client.post(path, data=form, headers=headers)


def post_sms(
    client: FlaskClient, app: Flask, from_number: str, body: str, **more: str
) -> TestResponse:
    return post_signed(client, app, SMS_PATH, sms_fields(from_number, body, **more))


def make_texting_contact(session: Session) -> Contact:
    """Sam's parent, whose mobile number staff have checked."""
    person = make_young_person(
        session, team=make_team(session), preferred_name="Sam", date_of_birth=date(2015, 3, 1)
    )
    contact = make_contact(session, young_person=person, mobile=PHONE)
    session.commit()
    return contact
