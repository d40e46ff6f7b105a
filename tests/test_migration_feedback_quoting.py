"""0022_feedback_record turns the old "may we use it in reports" answers into
consent decisions about each person's own words."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from portal.migrations import upgrade
from portal.models import (
    ConsentChoice,
    ConsentDecision,
    Contact,
    DecisionBasis,
    FeedbackChannel,
    FeedbackResponse,
    Relationship,
    utc_now,
)
from portal.services.feedback.day_counts import without_day_counts
from portal.services.feedback.quoting import may_quote
from tests.conftest import _create_postgresql_database, _drop_postgresql_database
from tests.support.factories import (
    make_consent_decision,
    make_contact,
    make_team,
    make_young_person,
)


@pytest.fixture
def engine(tmp_path: Path, database_server_url: str) -> Iterator[Engine]:
    if database_server_url:
        url = _create_postgresql_database(database_server_url)
        engine = create_engine(url)
        yield engine
        engine.dispose()
        _drop_postgresql_database(database_server_url, url)
    else:
        engine = create_engine(f"sqlite:///{tmp_path / f'{secrets.token_hex(4)}.sqlite3'}")
        yield engine
        engine.dispose()


def _answer(session: Session, contact: Contact, yes: bool, days_ago: int) -> FeedbackResponse:
    response = FeedbackResponse(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        channel=FeedbackChannel.WEB,
        comment="Fine",
        may_use_anonymously=yes,
        received_at=utc_now() - timedelta(days=days_ago),
    )
    session.add(response)
    session.flush()
    return response


def test_old_answers_and_decisions_become_choices_about_each_persons_words(
    engine: Engine,
) -> None:
    upgrade(engine, "0021_feedback")
    with Session(engine) as session:
        without_day_counts(session)  # their tables come in 0023
        person = make_young_person(session, team=make_team(session))
        said_yes = make_contact(session, young_person=person, relation=Relationship.SELF)
        changed_mind = make_contact(session, young_person=person)
        decided_before = make_contact(session, young_person=person)
        decided_own = make_contact(session, young_person=person)
        _answer(session, said_yes, False, 9)
        yes_answer = _answer(session, said_yes, True, 3)
        _answer(session, changed_mind, True, 9)
        later_no = _answer(session, changed_mind, False, 3)
        make_consent_decision(
            session,
            young_person=person,
            item_code="feedback_in_reports",
            decided_by_contact=decided_before,
        )
        make_consent_decision(
            session,
            young_person=person,
            item_code="feedback_in_reports",
            choice=ConsentChoice.NO,
            decided_by_contact=decided_own,
            about_contact=decided_own,
        )
        _answer(session, decided_own, True, 1)
        session.commit()
        ids = [c.id for c in (said_yes, changed_mind, decided_before, decided_own)]
        yes_answer_id, later_no_id = yes_answer.id, later_no.id

    upgrade(engine)

    with Session(engine) as session:
        about = {
            d.about_contact_id: d
            for d in session.scalars(
                select(ConsentDecision).where(ConsentDecision.about_contact_id.is_not(None))
            )
        }
        said_yes_id, changed_mind_id, decided_before_id, decided_own_id = ids
        assert set(about) == {said_yes_id, decided_before_id, decided_own_id}
        copied = about[said_yes_id]
        assert copied.choice is ConsentChoice.YES and copied.basis is DecisionBasis.OWN_CONSENT
        assert copied.decided_by_contact_id == said_yes_id
        assert about[decided_before_id].choice is ConsentChoice.YES
        # Their own decision stands: nothing copied over it.
        assert about[decided_own_id].choice is ConsentChoice.NO
        yes_answer = session.get(FeedbackResponse, yes_answer_id)
        later_no = session.get(FeedbackResponse, later_no_id)
        assert yes_answer is not None and later_no is not None
        assert copied.decided_at == yes_answer.received_at
        assert may_quote(session, yes_answer) is True
        assert may_quote(session, later_no) is False
        assert changed_mind_id not in about
