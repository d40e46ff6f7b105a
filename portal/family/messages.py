"""Messages from your keyworker: the replies staff wrote to what this
contact sent, newest first. Opening the page marks them read, once each.

Only replies to the signed-in contact are listed; a reply to another member
of the same family is theirs alone. The rules are in
portal.services.records.family_replies.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, render_template

from easyread.dates import easy_date
from portal.access import family
from portal.extensions import db
from portal.family import family_blueprint
from portal.i18n import easyread_language
from portal.models import utc_now
from portal.services.records.family_replies import (
    FamilyMessage,
    mark_messages_read,
    messages_for,
)
from portal.timezones import london_today


@dataclass(frozen=True)
class MessageLine:
    # What it answers: a FamilyInputKind value.
    kind: str
    # The day of the meeting it is about, in easy words (None if not about one).
    meeting_day: str | None
    text: str
    keyworker_name: str
    day: str
    is_new: bool


@family_blueprint.route("/messages")
@family
def messages() -> str:
    found = messages_for(db.session, g.family_contact)
    mark_messages_read(
        db.session, g.family_contact, [m.reply.id for m in found if m.is_new], utc_now()
    )
    return render_template("family/messages.html", messages=[_line(m) for m in found])


def _line(message: FamilyMessage) -> MessageLine:
    lang, today = easyread_language(), london_today()
    return MessageLine(
        kind=message.kind.value,
        meeting_day=(
            easy_date(message.meeting_starts_at, lang, today=today)
            if message.meeting_starts_at
            else None
        ),
        text=message.reply.text,
        keyworker_name=message.keyworker_name,
        day=easy_date(message.reply.written_at, lang, today=today),
        is_new=message.is_new,
    )
