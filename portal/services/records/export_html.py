"""`record.html`: the exported record as one page a person can read and print.

Made from the same data as `record.json` (`export_json.record_data`). Every
value is escaped: whatever someone wrote is shown as text, never as markup.
The page loads nothing: its style is inline, and it has no scripts, images,
fonts or links to load from any host, so it opens the same anywhere, offline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from html import escape
from typing import Any

from babel.dates import format_date, format_datetime

from portal.services.wording import Translator
from portal.timezones import LONDON

STYLE = """
body { font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5;
  color: #212b32; margin: 2em auto; max-width: 60em; padding: 0 1em; }
h1 { font-size: 2em; } h2 { font-size: 1.5em; margin-top: 2em;
  border-bottom: 2px solid #005eb8; } h3 { font-size: 1.1em; }
section.row { border: 1px solid #d8dde0; padding: 0.5em 1em; margin: 1em 0;
  break-inside: avoid; }
dl { display: grid; grid-template-columns: 16em 1fr; gap: 0.25em 1em; margin: 0; }
dt { font-weight: bold; } dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; } }
"""

_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A stored code, such as "on_register" or "quiet_room": shown as words.
_CODE = re.compile(r"^[a-z]+(_[a-z]+)+$")


def _sections(translator: Translator) -> list[tuple[str, str]]:
    """Each part of the record, in the order shown, with its heading."""
    _ = translator.gettext
    return [
        ("contacts", _("People on the record")),
        ("address_verifications", _("Phone numbers and emails we checked")),
        ("access_links", _("Sign-in links we sent")),
        ("plans", _("Plan")),
        ("plan_versions", _("Each version of the plan")),
        ("actions", _("Who will do what")),
        ("meetings", _("Meetings")),
        ("consent_decisions", _("Choices about consent")),
        ("consent_change_requests", _("Asks to change a choice")),
        ("consent_request_answers", _("Answers to asks to change a choice")),
        ("capacity_assessments", _("Who can decide")),
        ("best_interests_decisions", _("Decisions made in your best interests")),
        ("family_input_notices", _("Things the family sent")),
        ("urgent_acknowledgements", _("What staff did about urgent things")),
        ("family_input_acknowledgements", _("Things staff marked as dealt with")),
        ("family_replies", _("Messages from your keyworker")),
        ("family_reply_reads", _("When each message was read")),
        ("feedback_requests", _("When we asked for feedback")),
        ("feedback", _("Feedback")),
        ("feedback_theme_tags", _("Themes staff found in the feedback")),
        ("you_said_we_did", _("You said, we did")),
        ("messages", _("Texts and emails")),
        ("family_messages", _("Messages the family wrote to the team")),
        ("sms_conversations", _("Questions we asked by text message")),
        ("sms_opt_outs", _("When a phone number stopped or started our texts")),
        ("notes", _("Notes")),
        ("risk_rating_changes", _("Risk rating: each change and review")),
        ("keyworker_allocations", _("Who the keyworker has been")),
        ("cover_grants", _("Colleagues who covered for the keyworker")),
        ("audit", _("Who looked at or changed the record")),
    ]


def _label(field: str) -> str:
    return escape(field.replace("_", " ").capitalize())


def _value(value: Any, translator: Translator) -> str:
    """One value, escaped; instants and days in words, in London time."""
    if value is None or value == "" or value == []:
        return escape(translator.gettext("Nothing"))
    if isinstance(value, bool):
        return escape(translator.gettext("Yes") if value else translator.gettext("No"))
    if isinstance(value, str) and _INSTANT.match(value):
        moment = datetime.fromisoformat(value).astimezone(LONDON)
        return escape(format_datetime(moment, "EEEE d MMMM y, HH:mm", locale="en_GB"))
    if isinstance(value, str) and _DAY.match(value):
        return escape(format_date(date.fromisoformat(value), "EEEE d MMMM y", locale="en_GB"))
    if isinstance(value, str) and _CODE.match(value):
        return escape(value.replace("_", " "))
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return "".join(_row(item, translator) for item in value)
    if isinstance(value, dict):
        return _row(value, translator)
    if isinstance(value, list):
        return ", ".join(_value(item, translator) for item in value)
    return escape(str(value))


def _row(row: Mapping[str, Any], translator: Translator) -> str:
    items = "".join(
        f"<dt>{_label(field)}</dt><dd>{_value(value, translator)}</dd>"
        for field, value in row.items()
    )
    return f'<section class="row"><dl>{items}</dl></section>'


def record_html(record: Mapping[str, Any], exported_at: datetime, translator: Translator) -> str:
    """The whole record as one HTML page (a string of UTF-8 text)."""
    _ = translator.gettext
    person = record["young_person"]
    name = person["preferred_name"]
    title = _("The record of %(name)s", name=name)
    everything = _("This is everything the portal keeps about %(name)s.", name=name)
    made = format_datetime(exported_at.astimezone(LONDON), "EEEE d MMMM y, HH:mm", locale="en_GB")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(translator.language)}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>",
        f"<body><main><h1>{escape(title)}</h1>",
        f"<p>{escape(everything)}</p>",
        f"<p>{escape(_('It was made on %(date)s.', date=made))}</p>",
        f"<h2>{escape(_('About %(name)s', name=name))}</h2>",
        _row(person, translator),
    ]
    for key, heading in _sections(translator):
        rows = record.get(key, [])
        parts.append(f'<h2 id="{key}">{escape(heading)}</h2>')
        parts.append(_value(rows, translator) if rows else f"<p>{escape(_('Nothing'))}</p>")
    parts.append("</main></body></html>")
    return "\n".join(parts)
