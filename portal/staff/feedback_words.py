"""The collated feedback page in words: labels for staff, and each
breakdown as rows with a one-sentence summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import format_date, gettext
from flask_babel import lazy_gettext as _l

from portal.models import AnsweredBy, FeedbackChannel, FftAnswer
from portal.services.feedback.collated_view import CollatedView
from portal.services.feedback.collation import Collation, percent
from portal.services.feedback.collation_scope import ScopeKind
from portal.template_filters import label

CHANNEL_WORDS = {
    FeedbackChannel.WEB: _l("On the web"),
    FeedbackChannel.SMS: _l("By text message"),
    FeedbackChannel.PAPER: _l("On paper"),
    FeedbackChannel.PHONE: _l("By phone"),
}
ANSWERED_BY_WORDS = {
    AnsweredBy.YOUNG_PERSON: _l("The young person"),
    AnsweredBy.PARENT_OR_CARER: _l("A parent or carer"),
    AnsweredBy.SOMEONE_HELPING: _l("Someone else helping"),
    None: _l("Not said"),
}
SCOPE_WORDS = {
    ScopeKind.CASELOAD: _l("My caseload"),
    ScopeKind.KEYWORKER: _l("A keyworker's caseload"),
    ScopeKind.TEAM: _l("The team"),
    ScopeKind.SERVICE: _l("The whole service"),
}
SUPPORT_IN_GENERAL = _l("About support in general")
# The standard Friends and Family Test words (as STAFF_ANSWER_LABELS), translated.
ANSWER_WORDS = {
    FftAnswer.VERY_GOOD: _l("Very good"),
    FftAnswer.GOOD: _l("Good"),
    FftAnswer.NEITHER: _l("Neither good nor poor"),
    FftAnswer.POOR: _l("Poor"),
    FftAnswer.VERY_POOR: _l("Very poor"),
    FftAnswer.DONT_KNOW: _l("Don't know"),
}


def form_options(view: CollatedView) -> dict[str, list[tuple[str, str]]]:
    """The choices of each select on the page's form: (value, words)."""
    choices = view.choices
    return {
        "scope": [(kind.value, str(SCOPE_WORDS[kind])) for kind in choices.kinds],
        "keyworker": [(str(choice.id), choice.name) for choice in choices.keyworkers],
        "team": [(str(choice.id), choice.name) for choice in choices.teams],
        "answer": [(answer.value, str(ANSWER_WORDS[answer])) for answer in FftAnswer],
        "theme": [(str(theme.theme_id), theme.name) for theme in view.figures.themes],
        "channel": [(channel.value, str(CHANNEL_WORDS[channel])) for channel in FeedbackChannel],
    }


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    heading: str
    rows: Sequence[tuple[str, int]]
    total: int
    summary: str

    def share(self, count: int) -> int | None:
        return percent(count, self.total)


def breakdowns(figures: Collation) -> list[Breakdown]:
    """By month, channel, who answered, meeting and theme, each summed up."""
    total = figures.responses
    months = [(format_date(month, "MMMM y"), count) for month, count in figures.by_month]
    channels = [(str(CHANNEL_WORDS[channel]), count) for channel, count in figures.by_channel]
    who = [(str(ANSWERED_BY_WORDS[person]), count) for person, count in figures.by_who]
    meetings = [
        (str(label(kind)) if kind else str(SUPPORT_IN_GENERAL), count)
        for kind, count in figures.by_meeting
    ]
    themes = [(theme.name, theme.count) for theme in figures.themes]
    return [
        Breakdown(
            "months",
            gettext("Responses by month"),
            gettext("Month"),
            months,
            total,
            _most(months, total),
        ),
        Breakdown(
            "channels",
            gettext("How people answered"),
            gettext("How"),
            channels,
            total,
            _most(channels, total),
        ),
        Breakdown("who", gettext("Who answered"), gettext("Who"), who, total, _most(who, total)),
        Breakdown(
            "meetings",
            gettext("What the feedback was about"),
            gettext("About"),
            meetings,
            total,
            _most(meetings, total),
        ),
        Breakdown("themes", gettext("Themes"), gettext("Theme"), themes, total, _themes(themes)),
    ]


def _most(rows: Sequence[tuple[str, int]], total: int) -> str:
    if total == 0:
        return gettext("No responses in this period.")
    name, count = max(rows, key=lambda row: row[1])
    return gettext(
        "The most: %(name)s, %(count)d of %(total)d responses.",
        name=name,
        count=count,
        total=total,
    )


def _themes(rows: Sequence[tuple[str, int]]) -> str:
    tagged = [row for row in rows if row[1]]
    if not tagged:
        return gettext("No response in this period is tagged with a theme yet.")
    name, count = max(tagged, key=lambda row: row[1])
    return gettext(
        "The theme tagged most: %(name)s, on %(count)d responses. A response can have more "
        "than one theme.",
        name=name,
        count=count,
    )
