"""Messages: write to the keyworker team, and read one thread, newest first:
what you wrote, the team's replies, and the text messages and emails the
service sent you (by what they were for, never their words). Opening the
page marks the replies read, once each.

Only the signed-in contact's own messages are listed; a reply to another
member of the same family is theirs alone. Sending is post/redirect/get,
once per form (a one-time token). What was just sent is remembered in the
session for the next page only: a confirmation, or, when the words may say
the person is at risk, where to get help now, first. The rules are in
portal.services.conversations.portal_messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from easyread.dates import easy_date
from portal import session_keys
from portal.access import family
from portal.extensions import db
from portal.family import family_blueprint
from portal.family.forms.messages import TOO_LONG, WriteMessageForm
from portal.i18n import easyread_language
from portal.models import utc_now
from portal.page_cache import per_response, render_family_page
from portal.services.conversations.family_messages import EmptyMessage
from portal.services.conversations.portal_messages import (
    MessageTooLong,
    ThreadLine,
    family_thread,
    new_reply_ids,
    send_web_message,
)
from portal.services.feedback.recording import new_form_token
from portal.services.feedback.triage import triage_feedback
from portal.services.records.family_replies import mark_messages_read
from portal.services.records.urgent_alerts import UrgentSettings
from portal.timezones import london_today

SENT = "sent"
FLAGGED = "flagged"


@dataclass(frozen=True)
class MessageLine:
    # "wrote", "reply" or "sent" (portal_messages.ThreadKind).
    kind: str
    day: str
    text: str | None
    channel: str | None
    keyworker_name: str | None
    # What a reply answers: a FamilyInputKind value.
    answers_kind: str | None
    # The day of the meeting a reply is about, in easy words.
    meeting_day: str | None
    is_new: bool
    purpose: str | None


@family_blueprint.route("/messages", methods=["GET", "POST"])
@family
def messages() -> str | Response:
    form = WriteMessageForm()
    if form.validate_on_submit():
        try:
            sent = send_web_message(
                db.session,
                g.family_contact,
                form.text.data or "",
                utc_now(),
                UrgentSettings.from_config(current_app.config),
                form_token=form.form_token.data,
                ip_address=request.remote_addr,
            )
        except EmptyMessage:
            form.text.errors = [_("Write your message in the box.")]
        except MessageTooLong:
            form.text.errors = [str(TOO_LONG)]
        else:
            session[session_keys.MESSAGE_JUST_SENT] = FLAGGED if sent.flagged else SENT
            return redirect(url_for("family.messages") + "#message-sent", 303)
    just_sent = None
    if request.method == "GET":
        just_sent = session.pop(session_keys.MESSAGE_JUST_SENT, None)
        if just_sent is None:
            return _thread_with_blank_form()
    if not form.form_token.data or just_sent:
        form.form_token.data = new_form_token()
    if just_sent:
        form.text.data = ""
    found = family_thread(db.session, g.family_contact)
    mark_messages_read(db.session, g.family_contact, new_reply_ids(found), utc_now())
    return render_template(
        "family/messages.html",
        form=form,
        messages=[_line(m) for m in found],
        just_sent=just_sent,
        # Words not sent (too long) may still say they are not OK: help first.
        help_first=just_sent == FLAGGED or triage_feedback(form.text.data).flagged,
    )


def _thread_with_blank_form() -> str:
    """The thread and an empty form, kept in memory (portal.page_cache) with
    a new one-time token in every copy served."""
    found = family_thread(db.session, g.family_contact)
    mark_messages_read(db.session, g.family_contact, new_reply_ids(found), utc_now())
    lines = tuple(_line(m) for m in found)

    def page() -> dict[str, Any]:
        form = WriteMessageForm()
        form.form_token.data = per_response("form_token")
        return {"form": form, "messages": lines, "just_sent": None, "help_first": False}

    return render_family_page(
        "family/messages.html", inputs=lines, build=page, fresh={"form_token": new_form_token}
    )


def _line(line: ThreadLine) -> MessageLine:
    lang, today = easyread_language(), london_today()
    return MessageLine(
        kind=line.kind.value,
        day=easy_date(line.at, lang, today=today),
        text=line.text,
        channel=line.channel,
        keyworker_name=line.keyworker_name,
        answers_kind=line.answers_kind,
        meeting_day=(
            easy_date(line.meeting_starts_at, lang, today=today) if line.meeting_starts_at else None
        ),
        is_new=line.is_new,
        purpose=line.purpose,
    )
