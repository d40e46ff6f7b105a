"""`flask --app portal inbox` (text messages that arrived) and
`flask --app portal simulate-sms` (send one to the running portal exactly as
Twilio would, signed, so the SMS side can be tried without a Twilio account)."""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from twilio.request_validator import RequestValidator

from portal.extensions import db

# Fictional: the number the portal receives texts on in the demo (Ofcom's drama range).
DEMO_SERVICE_NUMBER = "+447700900990"


def _state(message: object) -> str:
    from portal.services.conversations.inbound_messages import MAX_ATTEMPTS

    processed_at = getattr(message, "processed_at", None)
    attempts = int(getattr(message, "processing_attempts", 0) or 0)
    if processed_at is not None:
        return "handled" if getattr(message, "young_person_id", None) else "handled, not placed"
    if attempts >= MAX_ATTEMPTS:
        return "NEEDS A PERSON: not handled after every try"
    return f"waiting to be handled (tries: {attempts})"


@click.command("inbox")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print JSON, one object per message.")
@click.option(
    "--show-bodies", is_flag=True, help="Print what each message says (personal information)."
)
@with_appcontext
def inbox(limit: int, as_json: bool, show_bodies: bool) -> None:
    """List the latest text messages that arrived, and any a person must look at."""
    from portal.services.conversations.inbound_messages import latest_inbound, waiting_for_a_person

    messages = list(latest_inbound(db.session, limit=limit))
    stuck = [m for m in waiting_for_a_person(db.session) if m not in messages]
    rows: list[dict[str, Any]] = [
        {
            "id": message.id,
            "from": message.from_address,
            "to": message.to_address,
            "received_at": message.created_at.isoformat(),
            "young_person_id": message.young_person_id,
            "contact_id": message.contact_id,
            "media_count": message.media_count,
            "media_types": message.media_types or [],
            "opt_out_type": message.opt_out_type,
            "processed_at": message.processed_at.isoformat() if message.processed_at else None,
            "processing_attempts": message.processing_attempts,
            "processing_error": message.processing_error,
            "state": _state(message),
            **({"body": message.body} if show_bodies else {}),
        }
        for message in [*stuck, *messages]
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No text message has arrived.")
    for row in rows:
        click.echo(
            f"#{row['id']}  from {row['from']}  to {row['to']}  received {row['received_at'][:16]}"
            f"  record {row['young_person_id'] or '-'}  {row['state']}"
        )
        if row["media_count"]:
            click.echo(f"    media: {row['media_count']} ({', '.join(row['media_types'])})")
        if row["processing_error"]:
            click.echo(f"    last error: {row['processing_error']}")
        if show_bodies:
            for line in str(row["body"]).splitlines() or [""]:
                click.echo(f"    | {line}")
    if rows and not show_bodies:
        click.echo("(Bodies are hidden: add --show-bodies to print them.)")


def sms_form(from_number: str, to_number: str, body: str, account_sid: str) -> dict[str, str]:
    """The fields Twilio posts for one text message."""
    return {
        "MessageSid": "SM" + secrets.token_hex(16),
        "SmsMessageSid": "",
        "AccountSid": account_sid,
        "MessagingServiceSid": "",
        "From": from_number,
        "To": to_number,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }


@click.command("simulate-sms")
@click.option("--from", "from_number", required=True, help="The sender, such as +447700900123.")
@click.option("--body", required=True, help="What the message says.")
@click.option("--to", "to_number", default=None, help="The portal's number.")
@click.option(
    "--url",
    default=None,
    help="The running portal, such as http://127.0.0.1:5000 (default: PUBLIC_BASE_URL).",
)
@with_appcontext
def simulate_sms(from_number: str, body: str, to_number: str | None, url: str | None) -> None:
    """Send a text message to the running portal's webhook, signed as Twilio signs it."""
    config = current_app.config
    token = config.get("TWILIO_AUTH_TOKEN")
    if not token:
        raise click.ClickException("Set TWILIO_AUTH_TOKEN to the token the portal checks with.")
    public = (config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    target = (url or public).rstrip("/") + "/webhooks/twilio/sms"
    # Twilio signs the address it calls, which the portal knows as PUBLIC_BASE_URL.
    signed = (public or (url or "").rstrip("/")) + "/webhooks/twilio/sms"
    form = sms_form(
        from_number,
        to_number or config.get("TWILIO_FROM_NUMBER") or DEMO_SERVICE_NUMBER,
        body,
        config.get("TWILIO_ACCOUNT_SID") or "AC" + "0" * 32,
    )
    signature = RequestValidator(token).compute_signature(signed, form)
    request = urllib.request.Request(  # noqa: S310 (an address the operator gave)
        target,
        data=urllib.parse.urlencode(form).encode(),
        headers={"X-Twilio-Signature": signature, "User-Agent": "TwilioProxy/1.1"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status, answer = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, answer = error.code, error.read().decode(errors="replace")
    except urllib.error.URLError as error:
        raise click.ClickException(f"Could not reach {target}: {error.reason}") from None
    click.echo(f"Sent {form['MessageSid']} from {from_number}: HTTP {status}")
    click.echo(answer if answer else "(No reply.)")
