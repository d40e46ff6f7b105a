"""Permission to quote is a consent decision each person makes about their
own words: recorded only when it changes the current choice, read for a
response by `may_quote` and by the `quotable` SQL condition alike."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    AssessmentOutcome,
    ConsentChoice,
    ConsentDecision,
    Contact,
    DecisionArea,
    DecisionBasis,
    DecisionChannel,
    FeedbackChannel,
    FeedbackResponse,
    FftAnswer,
    Relationship,
    utc_now,
)
from portal.services.consent.registry import sync_consent_items
from portal.services.feedback.quoting import (
    current_quote_choice,
    may_quote,
    quotable,
    record_quote_choice,
)
from portal.timezones import london_today
from tests.support.factories import (
    make_capacity_assessment,
    make_contact,
    make_team,
    make_young_person,
)


@pytest.fixture
def family(session: Session) -> tuple[Contact, Contact]:
    """A young person of 14 (parents decide most things for them) and a parent."""
    person = make_young_person(session, team=make_team(session), date_of_birth=date(2012, 6, 1))
    young = make_contact(session, young_person=person, relation=Relationship.SELF)
    parent = make_contact(session, young_person=person, relation=Relationship.PARENT)
    sync_consent_items(session)
    session.commit()
    return young, parent


def _response(session: Session, contact: Contact) -> FeedbackResponse:
    response = FeedbackResponse(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        channel=FeedbackChannel.WEB,
        fft_answer=FftAnswer.GOOD,
        comment="Kind people",
    )
    session.add(response)
    session.flush()
    return response


def _decisions(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ConsentDecision)) or 0)


def _quotable_ids(session: Session) -> set[int]:
    return set(session.scalars(select(FeedbackResponse.id).where(quotable(FeedbackResponse))))


def test_a_parents_yes_covers_only_the_parents_words(
    session: Session, family: tuple[Contact, Contact]
) -> None:
    young, parent = family
    theirs, mine = _response(session, young), _response(session, parent)

    assert record_quote_choice(session, parent, True, london_today()) is True
    session.commit()

    decision = session.scalars(select(ConsentDecision)).one()
    assert decision.about_contact_id == parent.id
    assert decision.decided_by_contact_id == parent.id
    assert decision.basis is DecisionBasis.OWN_CONSENT
    assert decision.channel is DecisionChannel.PORTAL
    assert may_quote(session, mine) is True
    assert may_quote(session, theirs) is False
    assert _quotable_ids(session) == {mine.id}


def test_the_young_persons_yes_covers_only_their_words_even_under_16(
    session: Session, family: tuple[Contact, Contact]
) -> None:
    young, parent = family
    theirs, mine = _response(session, young), _response(session, parent)

    assert record_quote_choice(session, young, True, london_today()) is True
    session.commit()

    assert may_quote(session, theirs) is True
    assert may_quote(session, mine) is False
    assert current_quote_choice(session, young) is True
    assert current_quote_choice(session, parent) is None
    assert _quotable_ids(session) == {theirs.id}


def test_the_same_answer_twice_adds_nothing_and_no_from_nobody_adds_nothing(
    session: Session, family: tuple[Contact, Contact]
) -> None:
    young, _parent = family
    today = london_today()
    # Never chosen is already no.
    assert record_quote_choice(session, young, False, today) is False
    assert _decisions(session) == 0
    assert record_quote_choice(session, young, True, today) is True
    assert record_quote_choice(session, young, True, today) is False
    assert _decisions(session) == 1


def test_the_current_choice_counts_for_earlier_answers_and_history_is_kept(
    session: Session, family: tuple[Contact, Contact]
) -> None:
    young, _parent = family
    today = london_today()
    response = _response(session, young)
    record_quote_choice(session, young, True, today)
    assert may_quote(session, response) is True
    # Withdrawn later: not quoted from then on, even words given while it was yes.
    assert record_quote_choice(session, young, False, today) is True
    session.commit()
    assert may_quote(session, response) is False
    assert _quotable_ids(session) == set()
    choices = session.scalars(select(ConsentDecision.choice).order_by(ConsentDecision.id)).all()
    assert choices == [ConsentChoice.YES, ConsentChoice.NO]


def test_the_latest_decision_stands_by_time_then_by_id(
    session: Session, family: tuple[Contact, Contact]
) -> None:
    young, _parent = family
    response = _response(session, young)
    record_quote_choice(session, young, True, london_today())
    session.flush()
    # A "no" dated earlier (entered late) does not override the later "yes".
    yes = session.scalars(select(ConsentDecision)).one()
    session.add(
        ConsentDecision(
            young_person_id=young.young_person_id,
            item_id=yes.item_id,
            choice=ConsentChoice.NO,
            decided_by_contact_id=young.id,
            basis=DecisionBasis.OWN_CONSENT,
            channel=DecisionChannel.PAPER,
            about_contact_id=young.id,
            decided_at=yes.decided_at - timedelta(days=1),
        )
    )
    session.flush()
    assert may_quote(session, response) is True
    assert _quotable_ids(session) == {response.id}


def test_a_young_person_without_capacity_to_share_information_is_not_quoted(
    session: Session, family: tuple[Contact, Contact]
) -> None:
    young, _parent = family
    make_capacity_assessment(
        session,
        young_person=young.young_person,
        area=DecisionArea.INFORMATION_SHARING,
        outcome=AssessmentOutcome.LACKS_CAPACITY,
    )
    response = _response(session, young)
    assert record_quote_choice(session, young, True, london_today()) is False
    assert may_quote(session, response) is False


def test_an_answer_nobody_signed_is_never_quoted(
    session: Session, family: tuple[Contact, Contact]
) -> None:
    young, _parent = family
    record_quote_choice(session, young, True, london_today())
    response = FeedbackResponse(
        young_person_id=young.young_person_id,
        contact_id=None,
        channel=FeedbackChannel.PAPER,
        comment="From a paper form",
        received_at=utc_now(),
    )
    session.add(response)
    session.flush()
    assert may_quote(session, response) is False
    assert response.id not in _quotable_ids(session)
