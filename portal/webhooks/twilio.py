"""Twilio's webhooks: a text message arrived (`/webhooks/twilio/sms`), and
what happened to one the service sent (`/webhooks/twilio/status`).

Both check `X-Twilio-Signature` first, against PUBLIC_BASE_URL and the
path and query string Twilio called (so a proxy in front changes nothing),
with TWILIO_AUTH_TOKEN. A missing or wrong signature is refused with 403
before anything is stored. That check is why these two routes are exempt
from CSRF: nobody else can make a request they accept.

A message is stored in a unit of work of its own and committed before it
is handled, then handled in a second one; if handling fails, the worker
tries again later and Twilio is answered with an empty 204. Replies are
TwiML; a repeated delivery is answered as the first was.
"""

from __future__ import annotations

from flask import Response, current_app, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse
from werkzeug.datastructures import MultiDict

from portal.access import webhook
from portal.extensions import csrf, db
from portal.i18n import translator_for
from portal.models import utc_now
from portal.phone import InvalidPhoneNumber, to_e164
from portal.services.conversations.inbound import process_inbound
from portal.services.conversations.inbound_messages import (
    SID_MAX_LENGTH,
    InboundSms,
    record_processing_failure,
    store_inbound,
)
from portal.services.conversations.inbound_replies import InboundSettings, reply_sent_for
from portal.services.messaging.delivery_status import RANK, record_delivery_status
from portal.timezones import london_today
from portal.unit_of_work import unit_of_work
from portal.webhooks import webhooks_blueprint

SIGNATURE_HEADER = "X-Twilio-Signature"
# Twilio sends at most 10 pictures or files with one message.
MAX_MEDIA = 10


def signed_url() -> str:
    """The address Twilio called, as it signed it: the public address, not
    the one a proxy passed the request on to."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    query = request.query_string.decode("latin-1")
    return base + request.path + (f"?{query}" if query else "")


def has_valid_signature() -> bool:
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not token or not signature:
        return False
    try:
        return bool(RequestValidator(token).validate(signed_url(), request.form, signature))
    except (ValueError, TypeError, UnicodeError):
        return False


def _plain(text: str, status: int) -> Response:
    return Response(text, status=status, mimetype="text/plain")


def _no_reply() -> Response:
    response = Response(status=204)
    del response.headers["Content-Type"]
    return response


def _twiml(body: str | None) -> Response:
    if body is None:
        return _no_reply()
    reply = MessagingResponse()
    reply.message(body)
    return Response(str(reply), status=200, mimetype="text/xml")


def _phone(raw: str) -> str:
    try:
        return to_e164(raw)
    except InvalidPhoneNumber:
        return raw.strip()[:254]


def inbound_from_form(form: MultiDict[str, str]) -> InboundSms | None:
    """What Twilio posted (the first of any repeated field), or None without a MessageSid."""
    sid = (form.get("MessageSid") or form.get("SmsMessageSid") or "").strip()
    if not sid or len(sid) > SID_MAX_LENGTH:
        return None
    raw_count = (form.get("NumMedia") or "0").strip()
    count = min(int(raw_count), MAX_MEDIA) if raw_count.isdecimal() else 0
    types = tuple(
        (form.get(f"MediaContentType{index}") or "")[:100]
        for index in range(count)
        if form.get(f"MediaContentType{index}")
    )
    return InboundSms(
        sid=sid,
        from_number=_phone(form.get("From") or ""),
        to_number=_phone(form.get("To") or ""),
        body=form.get("Body") or "",
        media_count=count,
        media_types=types,
        opt_out_type=(form.get("OptOutType") or "").strip().upper()[:20] or None,
    )


@webhooks_blueprint.post("/twilio/sms")
@webhook
@csrf.exempt
def twilio_sms() -> Response:
    if not has_valid_signature():
        return _plain("Forbidden", 403)
    sms = inbound_from_form(request.form)
    if sms is None:
        return _plain("A MessageSid is needed.", 400)
    with unit_of_work(db.session):
        stored = store_inbound(db.session, sms, utc_now())
    settings = InboundSettings.from_config(current_app.config, translator_for)
    try:
        with unit_of_work(db.session):
            process_inbound(
                db.session,
                stored.message_id,
                utc_now(),
                london_today(),
                settings,
                answered_now=True,
            )
    except Exception as error:
        current_app.logger.exception(
            "Inbound message %s: not handled; the worker will try again", stored.message_id
        )
        with unit_of_work(db.session):
            record_processing_failure(db.session, stored.message_id, error)
        return _no_reply()
    reply = reply_sent_for(db.session, stored.message_id)
    return _twiml(reply.body if reply else None)


@webhooks_blueprint.post("/twilio/status")
@webhook
@csrf.exempt
def twilio_status() -> Response:
    from portal.clients.sms import twilio_status_to_message_status

    if not has_valid_signature():
        return _plain("Forbidden", 403)
    sid = (request.form.get("MessageSid") or request.form.get("SmsSid") or "").strip()
    raw_status = request.form.get("MessageStatus") or request.form.get("SmsStatus") or ""
    if not sid or not raw_status:
        return _plain("A MessageSid and a MessageStatus are needed.", 400)
    try:
        status = twilio_status_to_message_status(raw_status)
    except ValueError:
        return _no_reply()  # a status Twilio has not documented: nothing to do
    if status not in RANK:
        return _no_reply()
    error_code = (request.form.get("ErrorCode") or "").strip()[:20] or None
    with unit_of_work(db.session):
        record_delivery_status(db.session, sid[:SID_MAX_LENGTH], status, error_code=error_code)
    return _no_reply()
