"""Every staff route, tried by everyone who might try it.

`WHO_MAY` says, for each `staff.*` endpoint, which of the people in `Who`
may use it and what everyone else gets: 404 for a young person's page they
may not see (the same answer as an id that does not exist), 403 for a page
their role may not use, and the sign-in page when nobody is signed in. The
first test fails when an endpoint is missing from the table, so a new route
cannot go untried: add it with the profile that fits, or a new profile.

One world serves the whole module: every URL variable has a real row. Each
route is opened with GET, or, when it only takes POST, posted with a valid
CSRF token and an empty form. Whoever may use it gets a page or a redirect,
never a server error; whoever may not changes nothing in the database (apart
from the audit event of their refusal).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

import pytest
from flask import Flask, url_for
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from portal.extensions import db
from portal.models import (
    Base,
    ConsentItem,
    FamilyInputKind,
    FeedbackChannel,
    FeedbackResponse,
    FeedbackTheme,
    FftAnswer,
    MeetingSupportRequest,
    Relationship,
    StaffRole,
    StaffUser,
    utc_now,
)
from portal.services.access.refusals import ACCESS_REFUSED
from portal.services.consent.ask import ask_to_change
from portal.services.consent.registry import sync_consent_items
from portal.services.feedback.themes import sync_standard_themes
from portal.services.records.family_input import notify_staff
from portal.services.records.notes import NoteDraft, add_note
from portal.timezones import london_today
from tests.client import PortalClient
from tests.conftest import _empty_every_table, build_test_app
from tests.support.factories import (
    make_action,
    make_contact,
    make_cover_grant,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.staff_sessions import sign_in_staff
from tests.support.urgent import TEST_ALERTS
from tests.support.worklist_data import add_plan

# Who may use each route is decided in Python, the same on any database (the
# queries behind each page are tested on both elsewhere), so this runs once.
pytestmark = pytest.mark.one_database


class Who(StrEnum):
    SIGNED_OUT = "signed_out"
    # Allocated to the young person every route is about.
    KEYWORKER = "keyworker"
    # Allocated to another young person in the same team.
    OTHER_KEYWORKER = "other_keyworker"
    # In the same team, with a current cover grant for the young person.
    COVERING_KEYWORKER = "covering_keyworker"
    TEAM_MANAGER = "team_manager"
    OTHER_TEAM_MANAGER = "other_team_manager"
    # In the young person's team, but an administrator, not a manager.
    ADMINISTRATOR = "administrator"


class Answer(StrEnum):
    USES = "a page or a redirect"
    NOT_FOUND = "404, as for an id that does not exist"
    REFUSED = "403"
    SIGN_IN = "sent to sign in"


Profile = Mapping[Who, Answer]

_ANYONE_SIGNED_IN = {who: Answer.USES for who in Who} | {Who.SIGNED_OUT: Answer.SIGN_IN}

# Anyone, signed in or not (the sign-in pages).
PUBLIC: Profile = {who: Answer.USES for who in Who}
# Any member of staff, whatever their role (their own account and session).
ANY_STAFF: Profile = _ANYONE_SIGNED_IN
# Keyworkers and managers, about no young person in particular (the caseload).
CASE_STAFF: Profile = _ANYONE_SIGNED_IN | {Who.ADMINISTRATOR: Answer.REFUSED}
# A young person's pages: the people with a need to know.
NEED_TO_KNOW: Profile = CASE_STAFF | {
    Who.OTHER_KEYWORKER: Answer.NOT_FOUND,
    Who.OTHER_TEAM_MANAGER: Answer.NOT_FOUND,
}
# A young person's pages only their team's manager may use (allocation, export).
TEAM_MANAGER: Profile = NEED_TO_KNOW | {
    Who.KEYWORKER: Answer.REFUSED,
    Who.OTHER_KEYWORKER: Answer.REFUSED,
    Who.COVERING_KEYWORKER: Answer.REFUSED,
}
# Staff accounts, the outbox and refusals: administrators only.
ADMINISTRATORS: Profile = {who: Answer.REFUSED for who in Who} | {
    Who.SIGNED_OUT: Answer.SIGN_IN,
    Who.ADMINISTRATOR: Answer.USES,
}

# Service-wide reports with no one named: managers and administrators.
MANAGERS_AND_ADMINISTRATORS: Profile = {who: Answer.REFUSED for who in Who} | {
    Who.SIGNED_OUT: Answer.SIGN_IN,
    Who.TEAM_MANAGER: Answer.USES,
    Who.OTHER_TEAM_MANAGER: Answer.USES,
    Who.ADMINISTRATOR: Answer.USES,
}

WHO_MAY: dict[str, Profile] = {
    # Signing in and out
    "staff.sign_in": PUBLIC,
    "staff.sign_in_code": PUBLIC,
    "staff.set_up_authenticator": PUBLIC,
    "staff.signed_out": PUBLIC,
    "staff.sign_out": ANY_STAFF,
    "staff.stay_signed_in": ANY_STAFF,
    "staff.change_password": ANY_STAFF,
    # Home
    "staff.caseload": CASE_STAFF,
    # Collated feedback: figures for every role in their scope; the CSV file
    # has the responses themselves, so only for staff who see records.
    "staff.feedback": ANY_STAFF,
    "staff.feedback_responses_csv": CASE_STAFF,
    # The record
    "staff.record": NEED_TO_KNOW,
    "staff.access_log_page": NEED_TO_KNOW,
    "staff.record_messages_page": NEED_TO_KNOW,
    "staff.edit_profile": NEED_TO_KNOW,
    "staff.risk_rating": NEED_TO_KNOW,
    "staff.export_record": TEAM_MANAGER,
    # Feedback on the record
    "staff.record_feedback": NEED_TO_KNOW,
    "staff.feedback_theme_add": NEED_TO_KNOW,
    "staff.feedback_theme_remove": NEED_TO_KNOW,
    "staff.you_said_we_did": NEED_TO_KNOW,
    "staff.feedback_entry": NEED_TO_KNOW,
    # Allocation and cover
    "staff.keyworker": NEED_TO_KNOW,
    "staff.change_keyworker_post": TEAM_MANAGER,
    "staff.cover": NEED_TO_KNOW,
    "staff.grant_cover_post": TEAM_MANAGER,
    "staff.end_cover_post": TEAM_MANAGER,
    # Contacts and their access
    "staff.new_contact": NEED_TO_KNOW,
    "staff.edit_contact": NEED_TO_KNOW,
    "staff.remove_contact_page": NEED_TO_KNOW,
    "staff.verify_mobile": NEED_TO_KNOW,
    "staff.verify_email": NEED_TO_KNOW,
    "staff.invite": NEED_TO_KNOW,
    "staff.skip_identity_check": NEED_TO_KNOW,
    "staff.ask_date_of_birth_again": NEED_TO_KNOW,
    "staff.end_contact_sessions": NEED_TO_KNOW,
    "staff.switch_off_contact_access": NEED_TO_KNOW,
    # Consent and capacity
    "staff.consent": NEED_TO_KNOW,
    "staff.consent_decide": NEED_TO_KNOW,
    "staff.consent_request": NEED_TO_KNOW,
    "staff.consent_request_decide": NEED_TO_KNOW,
    "staff.capacity": NEED_TO_KNOW,
    "staff.capacity_assessment": NEED_TO_KNOW,
    "staff.capacity_best_interests": NEED_TO_KNOW,
    # Meetings
    "staff.new_meeting": NEED_TO_KNOW,
    "staff.meeting": NEED_TO_KNOW,
    "staff.edit_meeting": NEED_TO_KNOW,
    "staff.cancel": NEED_TO_KNOW,
    "staff.meeting_held": NEED_TO_KNOW,
    "staff.send_reminder": NEED_TO_KNOW,
    "staff.ask_for_meeting_feedback": NEED_TO_KNOW,
    "staff.meeting_outcome": NEED_TO_KNOW,
    "staff.confirm": NEED_TO_KNOW,
    # Notes, urgent items and the plan
    "staff.notes": NEED_TO_KNOW,
    "staff.new_note": NEED_TO_KNOW,
    "staff.amend": NEED_TO_KNOW,
    "staff.acknowledge": NEED_TO_KNOW,
    "staff.edit_plan": NEED_TO_KNOW,
    "staff.plan_versions": NEED_TO_KNOW,
    "staff.plan_version": NEED_TO_KNOW,
    "staff.compare_plan_versions": NEED_TO_KNOW,
    # Actions
    "staff.actions": NEED_TO_KNOW,
    "staff.new_action": NEED_TO_KNOW,
    "staff.edit_action": NEED_TO_KNOW,
    "staff.action_history_page": NEED_TO_KNOW,
    # From the family: replies and "dealt with"
    "staff.family_reply": NEED_TO_KNOW,
    "staff.family_dealt_with": NEED_TO_KNOW,
    # Reports
    "staff.feedback_report_page": MANAGERS_AND_ADMINISTRATORS,
    "staff.feedback_report_csv": MANAGERS_AND_ADMINISTRATORS,
    "staff.ask_for_feedback": NEED_TO_KNOW,
    # Administration
    "staff.staff_accounts": ADMINISTRATORS,
    "staff.staff_account_new": ADMINISTRATORS,
    "staff.staff_account_reset": ADMINISTRATORS,
    "staff.staff_account_deactivate": ADMINISTRATORS,
    "staff.outbox": ADMINISTRATORS,
    "staff.feedback_themes": ADMINISTRATORS,
    "staff.feedback_theme_edit": ADMINISTRATORS,
    "staff.refused_access": ADMINISTRATORS,
}


@dataclass(frozen=True)
class RolesWorld:
    # The id of each person in `Who` (but the signed-out visitor).
    staff_ids: Mapping[Who, int]
    # A real value for every URL variable of a staff route.
    url_values: Mapping[str, int]
    # The query string of the pages that need one to show anything.
    queries: Mapping[str, Mapping[str, str | int]]


def _staff_endpoints(app: Flask) -> set[str]:
    return {
        rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("staff.")
    }


def test_every_staff_endpoint_says_who_may_use_it(app: Flask) -> None:
    endpoints = _staff_endpoints(app)
    assert sorted(endpoints - WHO_MAY.keys()) == [], "add these endpoints to WHO_MAY"
    assert sorted(WHO_MAY.keys() - endpoints) == [], "these endpoints no longer exist"
    for endpoint, profile in WHO_MAY.items():
        assert set(profile) == set(Who), endpoint


def _build_world(session: Session) -> RolesWorld:
    """One young person with one of everything a staff address can name, the
    seven people of `Who`, and a spare cover grant and account for the routes
    that end or turn off one (so that using them changes nobody's access)."""
    team, other_team = make_team(session), make_team(session)
    keyworker = make_staff_user(session, team=team)
    covering = make_staff_user(session, team=team)
    other_keyworker = make_staff_user(session, team=team)
    staff = {
        Who.KEYWORKER: keyworker,
        Who.OTHER_KEYWORKER: other_keyworker,
        Who.COVERING_KEYWORKER: covering,
        Who.TEAM_MANAGER: make_staff_user(session, role=StaffRole.MANAGER, team=team),
        Who.OTHER_TEAM_MANAGER: make_staff_user(session, role=StaffRole.MANAGER, team=other_team),
        Who.ADMINISTRATOR: make_staff_user(session, role=StaffRole.ADMIN, team=team),
    }
    person = make_young_person(session, team=team, keyworker=keyworker)
    make_young_person(session, team=team, keyworker=other_keyworker)
    today = london_today()
    make_cover_grant(
        session,
        young_person=person,
        colleague=covering,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=7),
    )
    spare_grant = make_cover_grant(
        session,
        young_person=person,
        colleague=make_staff_user(session, team=team),
        starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=20),
    )
    own = make_contact(session, young_person=person, relation=Relationship.SELF)
    parent = make_contact(session, young_person=person, email="parent.roles@example.org")
    meeting = make_meeting(session, young_person=person)
    now = utc_now()
    note = add_note(
        session,
        keyworker,
        person.id,
        NoteDraft(summary="Phoned the family", event_at=now, body="Talked about the meeting."),
        now,
    )
    notice = notify_staff(
        session,
        parent,
        FamilyInputKind.FEEDBACK,
        subject_id=1,
        summary="Feedback",
        urgent=True,
        alerts=TEST_ALERTS,
    )
    sync_consent_items(session)
    register = session.scalars(select(ConsentItem).where(ConsentItem.code == "register")).one()
    request = ask_to_change(session, own, register, "Can we talk about this?").request
    plan = add_plan(session, person, keyworker, [])
    add_plan(session, person, keyworker, [], number=2, plan=plan)
    support = MeetingSupportRequest(
        meeting_id=meeting.id, contact_id=parent.id, supports=["quiet_room"]
    )
    session.add(support)
    action = make_action(session, young_person_id=person.id, meeting_id=meeting.id, by=keyworker)
    spare_account = make_staff_user(session, team=team)
    response = FeedbackResponse(
        young_person_id=person.id,
        contact_id=parent.id,
        channel=FeedbackChannel.WEB,
        fft_answer=FftAnswer.GOOD,
        comment="The phone calls helped.",
    )
    session.add(response)
    sync_standard_themes(session)
    theme = session.scalars(select(FeedbackTheme)).first()
    assert theme is not None
    session.commit()
    return RolesWorld(
        staff_ids={who: user.id for who, user in staff.items()},
        url_values={
            "young_person_id": person.id,
            "contact_id": parent.id,
            "meeting_id": meeting.id,
            "note_id": note.id,
            "cover_grant_id": spare_grant.id,
            "notice_id": notice.id,
            "consent_request_id": request.id,
            "version_number": 1,
            "staff_user_id": spare_account.id,
            "action_id": action.id,
            "response_id": response.id,
            "theme_id": theme.id,
        },
        queries={
            "staff.consent_decide": {"item": "register"},
            "staff.compare_plan_versions": {"first": 1, "second": 2},
            "staff.confirm": {"request": support.id},
        },
    )


@pytest.fixture(scope="module")
def roles_portal(database_url: str, migrated_engine: Engine) -> Iterator[tuple[Flask, RolesWorld]]:
    app = build_test_app(database_url)
    try:
        with app.app_context():
            world = _build_world(db.session)
        yield app, world
    finally:
        _empty_every_table(migrated_engine)


def _rule(app: Flask, endpoint: str) -> Rule:
    [rule] = app.url_map.iter_rules(endpoint)
    return rule


def _snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, but sessions (seen now) and refusals (audited)."""
    rows = {}
    for table in Base.metadata.sorted_tables:
        if table.name == "web_sessions":
            continue
        query = select(table).order_by(*table.primary_key.columns)
        if table.name == "audit_events":
            query = query.where(table.c.action != ACCESS_REFUSED)
        rows[table.name] = [tuple(row) for row in session.execute(query)]
    return rows


def _try(
    app: Flask, client: PortalClient, world: RolesWorld, endpoint: str, who: Who
) -> TestResponse:
    rule = _rule(app, endpoint)
    with app.test_request_context():
        values = {name: world.url_values[name] for name in rule.arguments}
        url = url_for(endpoint, **values, **world.queries.get(endpoint, {}))
    if "GET" in (rule.methods or set()):
        return client.get(url)
    # Any signed-in member of staff may open their password page.
    token = client.csrf_token(
        "/staff/sign-in" if who is Who.SIGNED_OUT else "/staff/change-password"
    )
    return client.post(url, data={"csrf_token": token})


def _client(app: Flask, world: RolesWorld, who: Who) -> PortalClient:
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    if who is not Who.SIGNED_OUT:
        with app.app_context():
            user = db.session.get(StaffUser, world.staff_ids[who])
            assert user is not None
        sign_in_staff(app, client, user)
    return client


def _check(response: TestResponse, expected: Answer, why: str) -> None:
    status = response.status_code
    location = response.headers.get("Location", "")
    if expected is Answer.USES:
        assert status in (200, 302, 303), why
    elif expected is Answer.SIGN_IN:
        assert status in (302, 303) and location.startswith("/staff/sign-in?next="), why
    elif expected is Answer.NOT_FOUND:
        assert status == 404, why
    else:
        assert status == 403, why


@pytest.mark.parametrize(
    ("endpoint", "who"),
    [(endpoint, who) for endpoint in WHO_MAY for who in Who],
    ids=lambda value: str(value),
)
def test_each_route_answers_each_person_as_the_table_says(
    roles_portal: tuple[Flask, RolesWorld], endpoint: str, who: Who
) -> None:
    app, world = roles_portal
    expected = WHO_MAY[endpoint][who]
    client = _client(app, world, who)
    with app.app_context():
        before = None if expected is Answer.USES else _snapshot(db.session)
    response = _try(app, client, world, endpoint, who)
    _check(response, expected, f"{endpoint} for {who}: {response.status_code}, not {expected}")
    if before is not None:
        with app.app_context():
            assert _snapshot(db.session) == before, f"{endpoint} refused {who} but changed rows"


def test_the_world_names_every_url_variable(roles_portal: tuple[Flask, RolesWorld]) -> None:
    app, world = roles_portal
    variables = {
        name
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("staff.")
        for name in rule.arguments
    }
    assert sorted(variables - world.url_values.keys()) == [], "give these a row in _build_world"
