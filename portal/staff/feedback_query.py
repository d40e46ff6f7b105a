"""The collated feedback page's GET form, read from the query string: the
period, the scope and the comment filters. Anything unknown is ignored;
a date that is not real is said, and the default period is used."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.models import FeedbackChannel, FftAnswer
from portal.services.feedback.collated_view import Asked
from portal.services.feedback.collation_comments import CommentFilter
from portal.services.feedback.collation_scope import ScopeKind
from portal.services.feedback.periods import Period, twelve_months_to

NUMBER_MAX_LENGTH = 9
# A period longer than this is refused: the figures are by month on one page.
LONGEST_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class WrongField:
    """A field in error, as the layout's error summary reads a form's fields."""

    id: str
    errors: tuple[LazyString, ...]


@dataclass(frozen=True)
class ReadForm:
    asked: Asked
    # The form as typed, to show it again.
    typed: Mapping[str, str]
    # Field name: what is wrong with it.
    errors: dict[str, LazyString] = field(default_factory=dict)
    form_errors: tuple[LazyString, ...] = ()

    def __iter__(self) -> Iterator[WrongField]:
        """The fields in error (the page's template draws every field itself)."""
        for name, message in self.errors.items():
            yield WrongField(f"feedback-{name}", (message,))


def read_form(args: Mapping[str, str], today: date) -> ReadForm:
    typed = {key: str(args.get(key, "")).strip() for key in FIELDS}
    errors: dict[str, LazyString] = {}
    default = twelve_months_to(today)
    first = _day(typed["from"], "from", errors) or default.first
    last = _day(typed["to"], "to", errors) or (default.last if first == default.first else today)
    if last < first:
        errors["to"] = _l("The end of the period must be on or after its start")
        first, last = default.first, default.last
    elif (last - first).days > LONGEST_PERIOD_DAYS:
        errors["to"] = _l("Choose a period of 3 years or less")
        first, last = default.first, default.last
    asked = Asked(
        period=Period(first, last),
        kind=_member(ScopeKind, typed["scope"]),
        keyworker_id=_number(typed["keyworker"]),
        team_id=_number(typed["team"]),
        wanted=CommentFilter(
            answer=_member(FftAnswer, typed["answer"]),
            theme_id=_number(typed["theme"]),
            channel=_member(FeedbackChannel, typed["channel"]),
            unread=typed["unread"] == "1",
            flagged=typed["flagged"] == "1",
        ),
        page=_number(typed["page"]) or 1,
    )
    return ReadForm(asked, typed, errors)


FIELDS = (
    "from",
    "to",
    "scope",
    "keyworker",
    "team",
    "answer",
    "theme",
    "channel",
    "unread",
    "flagged",
    "page",
)


def _day(text: str, name: str, errors: dict[str, LazyString]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = _l("Enter a real date, like 2026-11-27")
        return None


def _number(text: str) -> int | None:
    if text.isascii() and text.isdigit() and len(text) <= NUMBER_MAX_LENGTH:
        return int(text)
    return None


Member = TypeVar("Member", ScopeKind, FftAnswer, FeedbackChannel)


def _member(kind: type[Member], text: str) -> Member | None:
    return kind(text) if text in {member.value for member in kind} else None
