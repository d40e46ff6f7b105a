"""Which decision stands: the latest for each item (and for each contact an
item is about), ties broken by the order recorded, in one query however long
the history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import ConsentChoice, ConsentItem, Contact, YoungPerson
from portal.services.consent.current import current_decision, current_decisions
from portal.services.consent.registry import FAMILY_SEES_PORTAL
from tests.query_counter import count_queries
from tests.support.factories import (
    make_consent_decision,
    make_contact,
    make_team,
    make_young_person,
)

YES, NO = ConsentChoice.YES, ConsentChoice.NO
WHO_SEES = FAMILY_SEES_PORTAL.code
MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def item(session: Session, code: str) -> ConsentItem:
    return session.scalars(select(ConsentItem).where(ConsentItem.code == code)).one()


def _family(session: Session) -> tuple[YoungPerson, Contact, Contact]:
    person = make_young_person(session, team=make_team(session))
    return (
        person,
        make_contact(session, young_person=person),
        make_contact(session, young_person=person),
    )


def _decide(
    session: Session,
    person: YoungPerson,
    code: str,
    choice: ConsentChoice,
    at: datetime,
    about: Contact | None = None,
) -> int:
    return make_consent_decision(
        session,
        young_person=person,
        item_code=code,
        choice=choice,
        decided_at=at,
        about_contact=about,
    ).id


def test_the_latest_decision_stands_whatever_order_they_were_recorded(session: Session) -> None:
    person, _mum, _dad = _family(session)
    later = _decide(session, person, "share_gp", NO, MORNING + timedelta(days=1))
    _decide(session, person, "share_gp", YES, MORNING)  # recorded after, decided before
    school = _decide(session, person, "share_school", YES, MORNING)
    found = current_decisions(session, person.id)
    assert {key: d.id for key, d in found.items()} == {
        (item(session, "share_gp").id, None): later,
        (item(session, "share_school").id, None): school,
    }


def test_of_two_decisions_at_the_same_moment_the_one_recorded_last_stands(
    session: Session,
) -> None:
    person, _mum, _dad = _family(session)
    _decide(session, person, "register", YES, MORNING)
    last = _decide(session, person, "register", NO, MORNING)
    decision = current_decision(session, person.id, "register")
    assert decision is not None and decision.id == last


def test_an_item_about_one_contact_has_a_decision_for_each(session: Session) -> None:
    person, mum, dad = _family(session)
    _decide(session, person, WHO_SEES, YES, MORNING, about=mum)
    mum_now = _decide(session, person, WHO_SEES, NO, MORNING + timedelta(hours=1), about=mum)
    dad_now = _decide(session, person, WHO_SEES, YES, MORNING, about=dad)
    who_sees = item(session, WHO_SEES)
    found = current_decisions(session, person.id, item_ids=(who_sees.id,))
    assert {key: d.id for key, d in found.items()} == {
        (who_sees.id, mum.id): mum_now,
        (who_sees.id, dad.id): dad_now,
    }
    # Newest first.
    assert [d.id for d in found.values()] == [mum_now, dad_now]
    about_dad = current_decision(session, person.id, who_sees, about_contact_id=dad.id)
    assert about_dad is not None and about_dad.id == dad_now
    # About nobody in particular: nobody has decided.
    assert current_decision(session, person.id, who_sees) is None


def test_filters_keep_only_the_items_and_contact_asked_for(session: Session) -> None:
    person, mum, _dad = _family(session)
    gp = _decide(session, person, "share_gp", YES, MORNING)
    _decide(session, person, "share_school", YES, MORNING)
    about_mum = _decide(session, person, WHO_SEES, YES, MORNING, about=mum)
    by_code = current_decisions(session, person.id, item_codes=("share_gp", WHO_SEES))
    assert {d.id for d in by_code.values()} == {gp, about_mum}
    only_mum = current_decisions(session, person.id, about_contact_id=mum.id)
    assert [d.id for d in only_mum.values()] == [about_mum]
    nobody = current_decisions(session, person.id, about_contact_id=None)
    assert about_mum not in {d.id for d in nobody.values()} and gp in {
        d.id for d in nobody.values()
    }


def test_another_young_person_s_decisions_are_not_theirs(session: Session) -> None:
    person, _mum, _dad = _family(session)
    other, _other_mum, _other_dad = _family(session)
    _decide(session, other, "share_gp", YES, MORNING)
    assert current_decisions(session, person.id) == {}
    assert current_decision(session, person.id, "share_gp") is None


def test_one_query_however_long_the_history(session: Session) -> None:
    person, mum, dad = _family(session)
    for hours in range(40):
        for code in ("share_gp", "register", "contact_by_message"):
            _decide(
                session, person, code, YES if hours % 2 else NO, MORNING + timedelta(hours=hours)
            )
        _decide(session, person, WHO_SEES, YES, MORNING + timedelta(hours=hours), about=mum)
        _decide(session, person, WHO_SEES, NO, MORNING + timedelta(hours=hours), about=dad)
    session.flush()
    with count_queries(db.engine) as log:
        found = current_decisions(session, person.id)
    assert log.count == 1
    assert len(found) == 5
    with count_queries(db.engine) as log:
        current_decision(session, person.id, WHO_SEES, about_contact_id=mum.id)
    assert log.count == 1
