"""The demo's profiles: communication needs with review dates (one late, so
the record shows what "overdue" looks like) and a risk rating history that
ends at each young person's current rating."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.seed import seed_demo_data
from portal.models import YoungPerson
from portal.services.records.risk_rating import risk_rating_history
from portal.timezones import london_today


def test_needs_have_review_dates_and_one_is_overdue(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    people = session.scalars(select(YoungPerson).order_by(YoungPerson.id)).all()
    today = london_today()
    with_needs = [person for person in people if person.communication_needs]
    assert with_needs and all(person.communication_review_on for person in with_needs)
    late = [
        p for p in with_needs if p.communication_review_on and p.communication_review_on < today
    ]
    assert [person.preferred_name for person in late] == ["Sam"]


def test_each_rating_has_a_history_ending_at_the_current_rating(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    reviews = 0
    for person in session.scalars(select(YoungPerson)):
        history = risk_rating_history(session, person.id)
        assert history[-1].from_rating is None
        assert history[0].to_rating == person.risk_rating
        assert history[0].changed_at == person.risk_rating_reviewed_at
        reviews += sum(change.is_review for change in history)
    assert reviews >= 2
