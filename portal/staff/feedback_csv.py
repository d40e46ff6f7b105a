"""The collated responses as a CSV file for a spreadsheet: no names, and no
cell a spreadsheet would run as a formula (written by
`portal.services.reporting.csv_safe`, as every CSV the portal writes).
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext

from portal.services.feedback.collation_comments import ResponseRow
from portal.services.reporting.csv_safe import csv_bytes
from portal.staff.feedback_words import (
    ANSWER_WORDS,
    ANSWERED_BY_WORDS,
    CHANNEL_WORDS,
    SUPPORT_IN_GENERAL,
)
from portal.template_filters import label
from portal.timezones import LONDON


def responses_csv(rows: Sequence[ResponseRow]) -> bytes:
    return csv_bytes(_headings(), (_cells(row) for row in rows))


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
        str(ANSWER_WORDS[row.answer]) if row.answer else "",
        str(CHANNEL_WORDS[row.channel]),
        str(ANSWERED_BY_WORDS[row.answered_by]),
        str(label(row.meeting_kind)) if row.meeting_kind else str(SUPPORT_IN_GENERAL),
        "; ".join(row.themes),
        yes if row.flagged else no,
        no if row.unread else yes,
        " / ".join(row.comments),
        " / ".join(row.improvements),
    ]
