"""Words from families for the anonymised report: quotes, and "You said, we did".

A quote comes only from someone who allowed their words in reports (the
consent choice "Using what you tell us in reports", as it stands when the
report is made), never from an answer the safeguarding check flagged, and
with the names of people and places from the record taken out:

- the young person's names, every contact's name, the names of people at
  their meetings and of every member of staff and team, word by word;
- the places of their meetings, word by word (words of 3 letters or more
  that start with a capital letter there, such as "Riverside" and "Clinic");
- anything that looks like a phone number, an email address, a web address
  or a postcode, whoever it belongs to.

Each becomes "[name]", "[place]" or "[removed]". This is a safety net, not a
promise: a person reads every quote in the report before it is shared
(docs/reports.md says so).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    Contact,
    FeedbackResponse,
    FftAnswer,
    Meeting,
    MeetingAttendee,
    StaffUser,
    Team,
    YoungPerson,
    YouSaidWeDid,
)
from portal.services.feedback.periods import Period
from portal.services.feedback.quoting import quotable

QUOTES_IN_A_REPORT = 10
YOU_SAID_WE_DID_IN_A_REPORT = 10

NAME = "[name]"
PLACE = "[place]"
REMOVED = "[removed]"

# Words in names of people, teams and places that say nothing about who or
# where: taking them out would only spoil the quote.
_NOT_NAMES = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "the", "and", "of", "at", "for",
        "team", "keyworker", "keyworkers", "keyworking", "service", "services", "nhs",
        "trust", "council", "support", "young", "people", "family", "families",
        "room", "clinic", "hospital", "school", "college", "centre", "center", "house",
        "office", "road", "street", "lane", "building", "floor", "online", "video",
        "call", "ward", "unit", "hall", "library", "home", "meeting", "main",
    }
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CONTACT_DETAILS = (
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE),
    re.compile(r"(?<!\w)(?:\+?44\s?|0)(?:\d[\s-]?){9,10}(?!\w)"),
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE),
)


@dataclass(frozen=True)
class Quote:
    text: str
    answer: FftAnswer | None


@dataclass
class RecordWords:
    """Words to take out of quotes: names of people, and of places."""

    names: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)

    def add_name(self, name: str | None) -> None:
        for word in _WORD.findall(name or ""):
            if len(word) > 1 and word.casefold() not in _NOT_NAMES:
                self.names.add(word.casefold())

    def add_place(self, place: str | None) -> None:
        for word in _WORD.findall(place or ""):
            if len(word) >= 3 and word[0].isupper() and word.casefold() not in _NOT_NAMES:
                self.places.add(word.casefold())


def remove_names(text: str, words: RecordWords) -> str:
    """`text` with contact details, then names and places, taken out."""
    for pattern in _CONTACT_DETAILS:
        text = pattern.sub(REMOVED, text)

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        base, possessive = _possessive(word)
        if base.casefold() in words.names:
            return NAME + possessive
        if base.casefold() in words.places:
            return PLACE + possessive
        return word

    return _WORD.sub(replace, text)


def _possessive(word: str) -> tuple[str, str]:
    """ "Sam's" is "Sam" and "'s"."""
    for ending in ("'s", "’s", "'S", "’S"):
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)], word[-len(ending) :]
    return word, ""


def record_words(session: Session, young_person_ids: Iterable[int]) -> RecordWords:
    """The names and places to take out for these young people's words, and
    every member of staff and team: five queries."""
    ids = sorted(set(young_person_ids))
    words = RecordWords()
    for person in session.execute(
        select(YoungPerson.legal_name, YoungPerson.preferred_name).where(YoungPerson.id.in_(ids))
    ):
        words.add_name(person.legal_name)
        words.add_name(person.preferred_name)
    for name in session.scalars(select(Contact.name).where(Contact.young_person_id.in_(ids))):
        words.add_name(name)
    for attendee in session.scalars(
        select(MeetingAttendee.name)
        .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .where(Meeting.young_person_id.in_(ids))
    ):
        words.add_name(attendee)
    for place in session.scalars(select(Meeting.place).where(Meeting.young_person_id.in_(ids))):
        words.add_place(place)
    for staff_or_team in session.scalars(select(StaffUser.name).union_all(select(Team.name))):
        words.add_name(staff_or_team)
    return words


def quotable_response_ids(session: Session, period: Period) -> set[int]:
    """The responses of the period whose writer allows their words in reports
    now (`portal.services.feedback.quoting.quotable`). One query."""
    return set(
        session.scalars(
            select(FeedbackResponse.id).where(
                quotable(FeedbackResponse),
                FeedbackResponse.received_at >= period.starts_at,
                FeedbackResponse.received_at < period.ends_at,
            )
        )
    )


def report_quotes(session: Session, period: Period, quotable_ids: set[int]) -> list[Quote]:
    """Up to QUOTES_IN_A_REPORT quotes from the period, newest first, from the
    responses in `quotable_ids` (those whose writer allowed it), names removed."""
    rows = session.execute(
        select(
            FeedbackResponse.id,
            FeedbackResponse.young_person_id,
            FeedbackResponse.fft_answer,
            FeedbackResponse.comment,
            FeedbackResponse.improvement,
        )
        .where(
            FeedbackResponse.id.in_(sorted(quotable_ids)),
            FeedbackResponse.received_at >= period.starts_at,
            FeedbackResponse.received_at < period.ends_at,
            FeedbackResponse.flagged.is_(False),
        )
        .order_by(FeedbackResponse.received_at.desc(), FeedbackResponse.id.desc())
        .limit(QUOTES_IN_A_REPORT)
    ).all()
    words = record_words(session, (row.young_person_id for row in rows))
    quotes = []
    for row in rows:
        text = " ".join(part.strip() for part in (row.comment, row.improvement) if part)
        if text:
            quotes.append(Quote(text=remove_names(text, words), answer=row.fft_answer))
    return quotes


def report_you_said_we_did(session: Session, period: Period) -> list[tuple[str, str]]:
    """The newest "You said, we did" entries of the period, names removed."""
    rows = session.execute(
        select(YouSaidWeDid.young_person_id, YouSaidWeDid.you_said, YouSaidWeDid.we_did)
        .where(
            YouSaidWeDid.written_at >= period.starts_at, YouSaidWeDid.written_at < period.ends_at
        )
        .order_by(YouSaidWeDid.written_at.desc(), YouSaidWeDid.id.desc())
        .limit(YOU_SAID_WE_DID_IN_A_REPORT)
    ).all()
    words = record_words(session, (row.young_person_id for row in rows))
    return [(remove_names(row.you_said, words), remove_names(row.we_did, words)) for row in rows]
