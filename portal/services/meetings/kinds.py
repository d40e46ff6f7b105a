"""Each kind of meeting in plain words, in the reader's language: the
family's list of meetings, a meeting's heading, the home page's card and the
calendar entry's title.

Nothing more than the kind (no purpose, no clinical detail): a calendar can
be seen by anyone who picks up the phone.
"""

from __future__ import annotations

from portal.models import MeetingKind
from portal.services.wording import Translator


def kind_name(kind: MeetingKind, translator: Translator) -> str:
    """The kind's name; a kind with no name of its own is "a meeting about your care"."""
    if kind is MeetingKind.CETR:
        return translator.gettext("Care, Education and Treatment Review")
    if kind is MeetingKind.CTR:
        return translator.gettext("Care and Treatment Review")
    if kind is MeetingKind.MDT:
        return translator.gettext("Meeting of the people who help you")
    if kind is MeetingKind.REGISTER_REVIEW:
        return translator.gettext("Meeting to check your support")
    return translator.gettext("Meeting about your care")
