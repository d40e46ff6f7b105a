"""0024_panel_sharing_is_consent turns the review-panel answers kept on
meeting views into the young person's consent choice, then drops them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.orm import Session

from portal.migrations import upgrade
from portal.models import (
    ConsentChoice,
    ConsentDecision,
    Contact,
    DecisionBasis,
    MeetingViews,
    Relationship,
    YoungPerson,
    utc_now,
)
from portal.services.feedback.day_counts import without_day_counts
from portal.services.meetings.panel_sharing import panel_choice
from tests.support.factories import (
    make_consent_decision,
    make_contact,
    make_meeting,
    make_team,
    make_young_person,
)
from tests.test_migration_feedback_quoting import engine  # noqa: F401  (the fixture)

SET_CHOICE = text(
    "UPDATE meeting_views SET share_with_panel = :share,"
    " share_decided_by_contact_id = :by, updated_at = :at WHERE id = :id"
)


def _views(session: Session, contact: Contact, share: bool, by: Contact, days_ago: int) -> int:
    views = MeetingViews(
        meeting_id=make_meeting(session, young_person=contact.young_person).id,
        contact_id=contact.id,
    )
    session.add(views)
    session.flush()
    at = utc_now() - timedelta(days=days_ago)
    session.execute(SET_CHOICE, {"share": share, "by": by.id, "at": at, "id": views.id})
    return views.id


def _person(session: Session) -> tuple[YoungPerson, Contact, Contact]:
    person = make_young_person(session, team=make_team(session))
    return (
        person,
        make_contact(session, young_person=person, relation=Relationship.SELF),
        make_contact(session, young_person=person),
    )


def test_the_latest_panel_answer_becomes_the_choice_and_the_columns_go(
    engine: Engine,  # noqa: F811
) -> None:
    upgrade(engine, "0023_feedback_day_counts")
    with Session(engine) as session:
        without_day_counts(session)
        changed_mind, own, parent = _person(session)
        _views(session, own, True, own, 9)
        _views(session, parent, False, own, 2)  # the young person chose, on a parent's views
        by_parent, child, mum = _person(session)
        _views(session, child, True, mum, 4)
        decided_since, own_2, _ = _person(session)
        _views(session, own_2, True, own_2, 5)
        make_consent_decision(
            session,
            young_person=decided_since,
            item_code="share_views_with_panel",
            choice=ConsentChoice.NO,
            decided_by_contact=own_2,
        )
        never, _, _ = _person(session)
        session.commit()
        ids = [person.id for person in (changed_mind, by_parent, decided_since, never)]

    upgrade(engine)

    with Session(engine) as session:
        changed_mind_id, by_parent_id, decided_since_id, never_id = ids
        first = panel_choice(session, changed_mind_id)
        assert first.share is False
        assert first.decided_by_contact is not None
        assert first.decided_by_contact.relation is Relationship.SELF
        decision = session.scalars(
            select(ConsentDecision).where(ConsentDecision.young_person_id == changed_mind_id)
        ).one()
        assert decision.basis is DecisionBasis.OWN_CONSENT
        second = session.scalars(
            select(ConsentDecision).where(ConsentDecision.young_person_id == by_parent_id)
        ).one()
        assert (second.choice, second.basis) == (
            ConsentChoice.YES,
            DecisionBasis.PARENTAL_RESPONSIBILITY,
        )
        # A decision made since stands, and nothing is copied over it.
        assert panel_choice(session, decided_since_id).share is False
        since = select(ConsentDecision).where(ConsentDecision.young_person_id == decided_since_id)
        assert len(session.scalars(since).all()) == 1
        assert panel_choice(session, never_id).share is None
        columns = {c["name"] for c in inspect(session.get_bind()).get_columns("meeting_views")}
        assert not columns & {"share_with_panel", "share_decided_by_contact_id"}
