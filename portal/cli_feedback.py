"""Feedback commands.

`flask --app portal request-feedback --contact ID [--meeting ID]`: ask one
contact for feedback now, as "Ask for feedback now" does on the record.
Prints who was asked and how, or why not; exits non-zero when nothing was
sent. The schedule's requests go with `run-due` (`portal.cli_messages`).

`flask --app portal recount-feedback`: rebuild the service-wide day counts
the collated view reads (`portal.services.feedback.day_counts`) from the
responses, tags and requests themselves. They are kept up to date as answers
arrive; this is for rows added another way (a data import) or a repair.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.extensions import db
from portal.unit_of_work import unit_of_work

# Why nobody was asked, in the words staff use.
WHY_NOT = {
    "already_open": "they were asked already, and the request is open until they answer or it"
    " expires",
    "no_portal_access": "they cannot use the portal (access is off, or they may not see it)",
    "does_not_want_messages": "the choice about getting text messages and emails is no",
    "no_checked_address": "no checked mobile number or email address",
    "opted_out": "their number replied STOP to our texts, and they have no checked email address",
}


@click.command("request-feedback")
@click.option("--contact", "contact_id", required=True, type=int, help="The contact's id.")
@click.option("--meeting", "meeting_id", type=int, help="A held meeting to ask about.")
@with_appcontext
def request_feedback_command(contact_id: int, meeting_id: int | None) -> None:
    """Ask a contact for feedback now, about their keyworker support or a held meeting."""
    from portal.i18n import translator_for
    from portal.models import Contact, Meeting
    from portal.services.feedback.requests import (
        FeedbackRequestSettings,
        RequestRefused,
        request_feedback,
    )

    settings = FeedbackRequestSettings.from_config(current_app.config, translator_for)
    with unit_of_work(db.session) as session:
        contact = session.get(Contact, contact_id)
        if contact is None or contact.removed_at is not None:
            raise click.ClickException(f"There is no contact {contact_id} on any record.")
        meeting = None
        if meeting_id is not None:
            meeting = session.get(Meeting, meeting_id)
            if meeting is None:
                raise click.ClickException(f"There is no meeting {meeting_id}.")
        try:
            outcome = request_feedback(
                session,
                contact,
                meeting=meeting,
                now=datetime.now(UTC),
                settings=settings,
                by_hand=True,
            )
        except RequestRefused:
            raise click.ClickException(
                f"Not asked: meeting {meeting_id} must be held, and be about this contact's"
                " young person."
            ) from None
    about = f"meeting {meeting_id}" if meeting_id is not None else "keyworker support"
    if outcome.channel is None:
        reason = outcome.not_asked.value if outcome.not_asked else "no_checked_address"
        raise click.ClickException(
            f"Contact {contact_id} was not asked about {about} ({reason}): {WHY_NOT[reason]}."
        )
    click.echo(
        f"Contact {contact_id} asked about {about} by {outcome.channel.value}"
        f" (request {outcome.request_id}, message {outcome.message_id})."
    )


@click.command("recount-feedback")
@with_appcontext
def recount_feedback_command() -> None:
    """Rebuild the service-wide feedback counts from the responses themselves."""
    from portal.services.feedback.day_counts import recount_all

    with unit_of_work(db.session) as session:
        months = recount_all(session)
    click.echo(
        f"The feedback counts are rebuilt ({months} month{'' if months == 1 else 's'} counted)."
    )
