"""The collated responses as a CSV file for a spreadsheet: no names, and no
cell a spreadsheet would run as a formula.

Until the shared CSV writer is on this branch, a cell that starts with
=, +, -, @, a tab or a carriage return gets a single quote in front, so a
spreadsheet shows it as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from flask_babel import gettext

from portal.services.feedback.collation_comments import ResponseRow
from portal.services.feedback.filing import STAFF_ANSWER_LABELS
from portal.staff.feedback_words import ANSWERED_BY_WORDS, CHANNEL_WORDS, SUPPORT_IN_GENERAL
from portal.template_filters import label
from portal.timezones import LONDON

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def responses_csv(rows: Sequence[ResponseRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(heading) for heading in _headings()])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in _cells(row)])
    return out.getvalue()


def _headings() -> list[str]:
    return [
        gettext("Response id"),
        gettext("Received (London time)"),
        gettext("Young person's record id"),
        gettext("Answer"),
        gettext("How"),
        gettext("Who answered"),
        gettext("About"),
        gettext("Themes"),
        gettext("Flagged"),
        gettext("Read"),
        gettext("What was good"),
        gettext("What could be better"),
    ]


def _cells(row: ResponseRow) -> list[str]:
    yes, no = gettext("Yes"), gettext("No")
    return [
        str(row.response_id),
        row.received_at.astimezone(LONDON).strftime("%Y-%m-%d %H:%M"),
        str(row.young_person_id),
        STAFF_ANSWER_LABELS[row.answer] if row.answer else "",
        str(CHANNEL_WORDS[row.channel]),
        str(ANSWERED_BY_WORDS[row.answered_by]),
        str(label(row.meeting_kind)) if row.meeting_kind else str(SUPPORT_IN_GENERAL),
        "; ".join(row.themes),
        yes if row.flagged else no,
        no if row.unread else yes,
        " / ".join(row.comments),
        " / ".join(row.improvements),
    ]
