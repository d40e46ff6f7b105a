"""The worklist: what needs a person, most urgent first, in a fixed number of queries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Flask
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import MeetingStatus, RiskRating, StaffRole, utc_now
from portal.services.records.caseload import CaseloadFilter, caseload_for
from portal.services.records.worklist import (
    WorkKind,
    birthday_at,
    months_before,
    staff_home,
    worklist_for,
)
from portal.timezones import LONDON
from tests.query_counter import count_queries
from tests.support.factories import make_meeting, make_staff_user, make_team, make_young_person
from tests.support.worklist_data import add_everything


def test_the_worklist_lists_each_kind_of_need_most_urgent_first(session: Session) -> None:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker, preferred_name="Robin")
    now = utc_now()
    add_everything(session, person, keyworker, now)
    today = now.astimezone(LONDON).date()

    items = worklist_for(session, caseload_for(session, keyworker, now), now)

    assert [item.kind for item in items] == [
        WorkKind.URGENT,
        WorkKind.MESSAGE_FAILED,
        WorkKind.SIGN_IN_LOCKED,
        WorkKind.FAMILY_MESSAGE,
        WorkKind.FROM_FAMILY,
        WorkKind.ACTION_OVERDUE,
        WorkKind.MEETING_NO_OUTCOME,
        WorkKind.MEETING_NO_REPLY,
        WorkKind.MEETING_SUPPORT,
        WorkKind.ACTION_DUE,
        WorkKind.BIRTHDAY,
        WorkKind.RISK_REVIEW,
    ]
    by_kind = {item.kind: item for item in items}
    assert {item.preferred_name for item in items} == {"Robin"}
    assert by_kind[WorkKind.ACTION_OVERDUE].detail == "Book the review"
    assert by_kind[WorkKind.ACTION_OVERDUE].day == today - timedelta(days=2)
    assert by_kind[WorkKind.ACTION_DUE].detail == "Send the letter"
    # The new items, the urgent one too, since the oldest.
    assert by_kind[WorkKind.FROM_FAMILY].count == 3
    message = by_kind[WorkKind.FAMILY_MESSAGE]
    # Who sent it, never the words.
    assert message.notice_id is not None and (message.detail or "").startswith("Contact ")
    assert by_kind[WorkKind.MEETING_SUPPORT].count == 1
    assert by_kind[WorkKind.MESSAGE_FAILED].count == 1
    assert by_kind[WorkKind.BIRTHDAY].age == 16
    assert by_kind[WorkKind.BIRTHDAY].day == today + timedelta(days=30)
    assert by_kind[WorkKind.RISK_REVIEW].when is None


def test_a_meeting_marked_held_with_no_outcome_a_day_later_is_listed(session: Session) -> None:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker)
    now = utc_now()
    held = {"young_person": person, "status": MeetingStatus.HELD}
    make_meeting(session, starts_at=now - timedelta(days=2), **held)  # listed
    make_meeting(session, starts_at=now - timedelta(hours=3), **held)  # not 24 hours yet
    make_meeting(session, starts_at=now - timedelta(days=4), **held).outcome_recorded_at = now
    make_meeting(
        session,
        young_person=person,
        starts_at=now - timedelta(days=5),
        status=MeetingStatus.CANCELLED,
    )
    session.flush()

    items = worklist_for(session, caseload_for(session, keyworker, now), now)

    no_outcome = [item for item in items if item.kind is WorkKind.MEETING_NO_OUTCOME]
    assert [(item.detail, item.day) for item in no_outcome] == [
        ("held", (now - timedelta(days=2)).astimezone(LONDON).date())
    ]


def test_a_reviewed_rating_and_far_birthdays_are_left_out(session: Session) -> None:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    now = utc_now()
    today = now.astimezone(LONDON).date()
    # Turns 16 in 61 days, one day too far; its rating reviewed a month ago.
    person = make_young_person(
        session,
        team=team,
        keyworker=keyworker,
        date_of_birth=birthday_at(today + timedelta(days=61), -16),
    )
    person.risk_rating_reviewed_at = now - timedelta(days=30)
    # Turned 18 yesterday; its rating reviewed 3 months and a minute ago.
    stale = make_young_person(
        session,
        team=team,
        keyworker=keyworker,
        date_of_birth=birthday_at(today - timedelta(days=1), -18),
    )
    stale.risk_rating_reviewed_at = months_before(now, 3) - timedelta(minutes=1)
    session.flush()

    items = worklist_for(session, caseload_for(session, keyworker, now), now)

    assert [(item.kind, item.young_person_id) for item in items] == [
        (WorkKind.RISK_REVIEW, stale.id)
    ]


def test_a_manager_sees_the_team_with_keyworkers_and_others_see_nothing(
    session: Session,
) -> None:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team, name="Kim Keyworker")
    other = make_staff_user(session, team=team)
    manager = make_staff_user(session, team=team, role=StaffRole.MANAGER)
    elsewhere = make_staff_user(session, team=make_team(session), role=StaffRole.MANAGER)
    admin = make_staff_user(session, team=team, role=StaffRole.ADMIN)
    person = make_young_person(session, team=team, keyworker=keyworker)
    now = utc_now()
    add_everything(session, person, keyworker, now)

    team_items = staff_home(session, manager, now).worklist
    assert len(team_items) == 12
    assert {item.keyworker_name for item in team_items} == {"Kim Keyworker"}
    for outsider in (other, elsewhere, admin):
        assert staff_home(session, outsider, now).worklist == []


def test_the_filter_narrows_the_caseload_and_the_worklist(session: Session) -> None:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    red = make_young_person(
        session, team=team, keyworker=keyworker, preferred_name="Ruby", risk_rating=RiskRating.RED
    )
    green = make_young_person(
        session, team=team, keyworker=keyworker, preferred_name="Gil", risk_rating=RiskRating.GREEN
    )
    now = utc_now()
    add_everything(session, green, keyworker, now)

    def shown(wanted: CaseloadFilter) -> tuple[list[str], set[int]]:
        home = staff_home(session, keyworker, now, wanted)
        return [row.preferred_name for row in home.caseload], {
            item.young_person_id for item in home.worklist
        }

    assert shown(CaseloadFilter(risk=RiskRating.RED)) == (["Ruby"], {red.id})
    assert shown(CaseloadFilter(has_urgent=True)) == (["Gil"], {green.id})
    assert shown(CaseloadFilter(has_new=True)) == (["Gil"], {green.id})
    assert shown(CaseloadFilter(meeting_soon=True)) == (["Gil"], {green.id})
    assert shown(CaseloadFilter(name="rUB")) == (["Ruby"], {red.id})
    assert shown(CaseloadFilter(not_rated=True)) == ([], set())
    assert staff_home(session, keyworker, now, CaseloadFilter(name="x")).caseload_size == 2


def test_the_home_runs_the_same_queries_at_10_and_at_200_young_people(app: Flask) -> None:
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        now = utc_now()

        def add_people(count: int) -> None:
            for _ in range(count):
                person = make_young_person(db.session, team=team, keyworker=keyworker)
                add_everything(db.session, person, keyworker, now)
            db.session.commit()

        def run() -> tuple[int, int]:
            with count_queries(db.engine) as log:
                home = staff_home(db.session, keyworker, now)
                db.session.flush()
            db.session.rollback()
            return log.count, len(home.worklist)

        add_people(10)
        ten, items = run()
        assert items == 10 * 12
        add_people(190)
        two_hundred, items = run()
        assert items == 200 * 12
        assert ten == two_hundred == 9


def test_months_before_keeps_the_time_and_clamps_the_day() -> None:
    moment = datetime(2026, 5, 31, 9, 30, tzinfo=LONDON)
    assert months_before(moment, 3) == datetime(2026, 2, 28, 9, 30, tzinfo=LONDON)
    assert months_before(datetime(2026, 1, 15, tzinfo=LONDON), 3) == datetime(
        2025, 10, 15, tzinfo=LONDON
    )


def test_someone_born_on_29_february_has_their_birthday_on_1_march() -> None:
    assert birthday_at(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert birthday_at(date(2008, 2, 29), 16) == date(2024, 2, 29)
