"""Urgent items stay open until a person acknowledges them: who may, what
they record, and exactly one acknowledgement under 20 at once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    AuditEvent,
    FamilyInputKind,
    FamilyInputNotice,
    StaffRole,
    StaffUser,
    UrgentAcknowledgement,
    UrgentAction,
    utc_now,
)
from portal.services.access.staff import NotVisible
from portal.services.records.family_input import mark_seen, unseen_counts
from portal.services.records.urgent import (
    URGENT_ACKNOWLEDGED,
    AcknowledgementInvalid,
    AlreadyAcknowledged,
    acknowledge_urgent,
    open_urgent_counts,
    open_urgent_notices,
)
from portal.timezones import london_today
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import make_cover_grant, make_staff_user
from tests.support.family_input_data import (
    FamilyOnCaseload,
    add_family_input_of_every_kind,
    make_family_on_caseload,
)


@pytest.fixture
def family(session: Session) -> FamilyOnCaseload:
    return make_family_on_caseload(session)


@pytest.fixture
def notices(session: Session, family: FamilyOnCaseload) -> dict[FamilyInputKind, FamilyInputNotice]:
    found = add_family_input_of_every_kind(session, contact=family.contact, meeting=family.meeting)
    session.commit()
    return found


def test_opening_the_record_does_not_close_an_urgent_item(
    session: Session, family: FamilyOnCaseload, notices: dict[FamilyInputKind, FamilyInputNotice]
) -> None:
    person_id = family.young_person.id
    assert mark_seen(session, person_id, family.keyworker, utc_now()) == 6
    assert unseen_counts(session, [person_id])[person_id].urgent == 2
    assert open_urgent_counts(session, [person_id]) == {person_id: 2}
    assert [n.kind for n in open_urgent_notices(session, person_id)] == [
        FamilyInputKind.CONSENT_DECISION,
        FamilyInputKind.FEEDBACK,
    ]


def test_the_keyworker_acknowledges_and_it_is_closed_and_audited(
    session: Session, family: FamilyOnCaseload, notices: dict[FamilyInputKind, FamilyInputNotice]
) -> None:
    notice = notices[FamilyInputKind.FEEDBACK]
    done = acknowledge_urgent(
        session, notice, family.keyworker, UrgentAction.PHONED_FAMILY, "  ", utc_now()
    )
    session.commit()
    assert (done.notice_id, done.acknowledged_by_id, done.detail) == (
        notice.id,
        family.keyworker.id,
        None,
    )
    person_id = family.young_person.id
    assert open_urgent_counts(session, [person_id]) == {person_id: 1}
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == URGENT_ACKNOWLEDGED)
    ).one()
    assert event.actor_staff_id == family.keyworker.id
    assert event.young_person_id == person_id
    assert event.detail == {
        "notice_id": notice.id,
        "acknowledgement_id": done.id,
        "what_was_done": "phoned_family",
    }


def test_a_manager_of_the_team_may_acknowledge(
    session: Session, family: FamilyOnCaseload, notices: dict[FamilyInputKind, FamilyInputNotice]
) -> None:
    notice = notices[FamilyInputKind.CONSENT_DECISION]
    done = acknowledge_urgent(
        session, notice, family.manager, UrgentAction.OTHER, "Met them at home.", utc_now()
    )
    assert done.detail == "Met them at home."


def test_a_colleague_covering_the_case_may_acknowledge(
    session: Session, family: FamilyOnCaseload, notices: dict[FamilyInputKind, FamilyInputNotice]
) -> None:
    """The keyworker may be the one who is away: whoever covers acts for them."""
    colleague = make_staff_user(session, team=family.keyworker.team)
    today = london_today()
    make_cover_grant(
        session,
        young_person=family.young_person,
        colleague=colleague,
        starts_on=today,
        ends_on=today + timedelta(days=3),
    )
    done = acknowledge_urgent(
        session,
        notices[FamilyInputKind.FEEDBACK],
        colleague,
        UrgentAction.PHONED_FAMILY,
        None,
        utc_now(),
    )
    assert done.acknowledged_by_id == colleague.id


@pytest.mark.parametrize(
    "who", ["other keyworker", "other manager", "admin", "turned off", "cover ended"]
)
def test_nobody_else_may_acknowledge(
    session: Session,
    family: FamilyOnCaseload,
    notices: dict[FamilyInputKind, FamilyInputNotice],
    who: str,
) -> None:
    other = make_family_on_caseload(session)
    user: StaffUser = {
        "other keyworker": lambda: other.keyworker,
        "other manager": lambda: other.manager,
        "admin": lambda: make_staff_user(session, role=StaffRole.ADMIN, team=family.keyworker.team),
        "turned off": lambda: make_staff_user(
            session, role=StaffRole.MANAGER, team=family.keyworker.team, is_active=False
        ),
        "cover ended": lambda: _covered_until_yesterday(session, family),
    }[who]()
    with pytest.raises(NotVisible):
        acknowledge_urgent(
            session,
            notices[FamilyInputKind.FEEDBACK],
            user,
            UrgentAction.PHONED_FAMILY,
            None,
            utc_now(),
        )
    assert session.scalar(select(func.count(UrgentAcknowledgement.id))) == 0


def test_a_notice_that_is_not_urgent_cannot_be_acknowledged(
    session: Session, family: FamilyOnCaseload, notices: dict[FamilyInputKind, FamilyInputNotice]
) -> None:
    with pytest.raises(NotVisible):
        acknowledge_urgent(
            session,
            notices[FamilyInputKind.MEETING_REPLY],
            family.keyworker,
            UrgentAction.PHONED_FAMILY,
            None,
            utc_now(),
        )


@pytest.mark.parametrize("detail", [None, "", "   ", "x" * 2001])
def test_other_needs_words_and_words_have_a_limit(
    session: Session,
    family: FamilyOnCaseload,
    notices: dict[FamilyInputKind, FamilyInputNotice],
    detail: str | None,
) -> None:
    with pytest.raises(AcknowledgementInvalid):
        acknowledge_urgent(
            session,
            notices[FamilyInputKind.FEEDBACK],
            family.keyworker,
            UrgentAction.OTHER,
            detail,
            utc_now(),
        )


def test_a_second_acknowledgement_is_told_who_did_it_first(
    session: Session, family: FamilyOnCaseload, notices: dict[FamilyInputKind, FamilyInputNotice]
) -> None:
    notice = notices[FamilyInputKind.FEEDBACK]
    acknowledge_urgent(
        session, notice, family.manager, UrgentAction.PASSED_TO_MANAGER, None, utc_now()
    )
    session.commit()
    with pytest.raises(AlreadyAcknowledged) as already:
        acknowledge_urgent(
            session, notice, family.keyworker, UrgentAction.PHONED_FAMILY, None, utc_now()
        )
    assert already.value.acknowledgement.acknowledged_by.id == family.manager.id
    session.commit()  # the savepoint was undone; the transaction still works
    assert session.scalar(select(func.count(UrgentAcknowledgement.id))) == 1


def test_20_acknowledgements_at_once_record_exactly_one(
    session: Session, family: FamilyOnCaseload, notices: dict[FamilyInputKind, FamilyInputNotice]
) -> None:
    notice_id = notices[FamilyInputKind.FEEDBACK].id
    people = {0: family.keyworker.id, 1: family.manager.id}

    def acknowledge(own: Session, index: int) -> str:
        notice = own.get(FamilyInputNotice, notice_id)
        user = own.get(StaffUser, people[index % 2])
        assert notice is not None and user is not None
        try:
            acknowledge_urgent(
                own, notice, user, UrgentAction.PHONED_FAMILY, f"Call {index}", utc_now()
            )
        except AlreadyAcknowledged as already:
            return f"already by {already.acknowledgement.acknowledged_by.name}"
        return "recorded"

    outcomes = at_once_in_transactions(session.get_bind(), acknowledge)

    assert Counter(outcomes)["recorded"] == 1
    session.expire_all()
    done = session.scalars(select(UrgentAcknowledgement)).one()
    assert Counter(outcomes)[f"already by {done.acknowledged_by.name}"] == AT_ONCE - 1
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == URGENT_ACKNOWLEDGED)
    ).all()
    assert len(events) == 1


def _covered_until_yesterday(session: Session, family: FamilyOnCaseload) -> StaffUser:
    colleague = make_staff_user(session, team=family.keyworker.team)
    today = london_today()
    make_cover_grant(
        session,
        young_person=family.young_person,
        colleague=colleague,
        starts_on=today - timedelta(days=5),
        ends_on=today - timedelta(days=1),
    )
    return colleague
