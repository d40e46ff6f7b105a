"""Quotes for the anonymised report: only from people who allowed it, never
from a flagged answer, with names of people and places from the record, and
contact details of anyone, taken out."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from portal.models import (
    FeedbackChannel,
    FeedbackResponse,
    FftAnswer,
    MeetingAttendee,
    YouSaidWeDid,
)
from portal.services.feedback.periods import Period
from portal.services.feedback.report_quotes import (
    NAME,
    PLACE,
    REMOVED,
    RecordWords,
    record_words,
    remove_names,
    report_quotes,
    report_you_said_we_did,
)
from tests.support.factories import (
    make_contact,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)

JANUARY = Period(date(2026, 1, 1), date(2026, 1, 31))
IN_JANUARY = datetime(2026, 1, 15, 12, tzinfo=UTC)


@pytest.fixture
def record(session: Session) -> dict[str, int]:
    team = make_team(session, name="Northfield Keyworker Team")
    keyworker = make_staff_user(session, team=team, name="Priya Shah")
    person = make_young_person(
        session, team=team, keyworker=keyworker, legal_name="Samuel Okafor", preferred_name="Sam"
    )
    mum = make_contact(session, young_person=person, name="Grace Okafor")
    meeting = make_meeting(session, young_person=person, place="Riverside Clinic, Room 2")
    session.add(MeetingAttendee(meeting_id=meeting.id, role="Teacher", name="Mr Dylan Hughes"))
    session.flush()
    return {"person": person.id, "contact": mum.id, "keyworker": keyworker.id}


def _response(
    session: Session, record: dict[str, int], comment: str, *, flagged: bool = False
) -> int:
    response = FeedbackResponse(
        young_person_id=record["person"],
        contact_id=record["contact"],
        channel=FeedbackChannel.WEB,
        fft_answer=FftAnswer.GOOD,
        comment=comment,
        flagged=flagged,
        received_at=IN_JANUARY,
    )
    session.add(response)
    session.flush()
    return response.id


def test_names_and_places_from_the_record_are_taken_out(
    session: Session, record: dict[str, int]
) -> None:
    words = record_words(session, [record["person"]])
    text = (
        "Priya helped Sam and his mum Grace a lot. Mr Hughes came to the meeting at Riverside "
        "Clinic. The Northfield team rang me back."
    )
    assert remove_names(text, words) == (
        f"{NAME} helped {NAME} and his mum {NAME} a lot. Mr {NAME} came to the meeting at "
        f"{PLACE} Clinic. The {NAME} team rang me back."
    )


def test_case_and_possessives_do_not_hide_a_name(session: Session, record: dict[str, int]) -> None:
    words = record_words(session, [record["person"]])
    assert (
        remove_names("SAM's keyworker and okafor family", words)
        == f"{NAME}'s keyworker and {NAME} family"
    )


def test_ordinary_words_stay(session: Session, record: dict[str, int]) -> None:
    words = record_words(session, [record["person"]])
    text = "The meeting was too long and the room was cold, but my keyworker listened."
    assert remove_names(text, words) == text


@pytest.mark.parametrize(
    "detail",
    [
        "07700 900123",
        "+447700900123",
        "grace@example.org",
        "https://example.org/x",
        "www.example.org",
        "LS1 4AP",
    ],
)
def test_contact_details_of_anyone_are_taken_out(detail: str) -> None:
    assert (
        remove_names(f"Call me on {detail} please", RecordWords()) == f"Call me on {REMOVED} please"
    )


def test_only_allowed_and_unflagged_answers_are_quoted(
    session: Session, record: dict[str, int]
) -> None:
    allowed = _response(session, record, "Sam's keyworker really listened.")
    not_allowed = _response(session, record, "Good support.")
    flagged = _response(session, record, "Nobody would miss me.", flagged=True)

    quotes = report_quotes(session, JANUARY, {allowed, flagged})

    assert [quote.text for quote in quotes] == [f"{NAME}'s keyworker really listened."]
    assert not_allowed not in {allowed, flagged}


def test_quotes_outside_the_period_are_left_out(session: Session, record: dict[str, int]) -> None:
    allowed = _response(session, record, "Helpful.")
    assert report_quotes(session, Period(date(2026, 2, 1), date(2026, 2, 28)), {allowed}) == []


def test_you_said_we_did_loses_names_too(session: Session, record: dict[str, int]) -> None:
    response = _response(session, record, "The meetings at Riverside are too long.")
    session.add(
        YouSaidWeDid(
            response_id=response,
            young_person_id=record["person"],
            you_said="Sam said meetings at Riverside were too long.",
            we_did="Priya now books 45 minutes.",
            written_by_id=record["keyworker"],
            written_at=IN_JANUARY,
        )
    )
    session.flush()

    assert report_you_said_we_did(session, JANUARY) == [
        (f"{NAME} said meetings at {PLACE} were too long.", f"{NAME} now books 45 minutes.")
    ]
