"""Every page the portal has, in every state worth checking, with how to reach it.

The accessibility (browser) tests and the markup and translation tests all walk
this list. `tests/test_page_examples.py` fails when a page in `app.url_map` is
missing here, so a new page cannot be added without being checked.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from portal import session_keys
from portal.access import public
from portal.demo.seed import DEMO_PASSWORD, DEMO_TEAM, KINSHIP_CARER_NAME
from portal.extensions import db
from portal.models import (
    AccessLink,
    ActorRole,
    AuditEvent,
    Channel,
    Contact,
    FamilyInputKind,
    LinkPurpose,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Plan,
    PlanVersion,
    RegisterStatus,
    Relationship,
    StaffRole,
    StaffUser,
    UrgentAction,
    WebSession,
    YoungPerson,
    utc_now,
)
from portal.services.access.link_requests import ASKED_FOR_UNVERIFIED
from portal.services.access.links import hash_token, new_token
from portal.services.access.refusals import AskedFor, RefusalReason, record_refusal
from portal.services.meetings.family_view import PAST_MEETINGS_SHOWN
from portal.services.messaging.outbox import queue_email, queue_sms
from portal.services.records.audit import FAMILY_PAGE_VIEWED, record_event, record_family_view
from portal.services.records.urgent import acknowledge_urgent
from portal.services.staff_accounts.passwords import password_fingerprint
from portal.sessions import hash_session_id
from portal.timezones import london_today
from tests.support.demo_copy import add_demo_data
from tests.support.factories import make_staff_user
from tests.support.family_input_data import add_family_input_of_every_kind
from tests.support.page_example_types import PageExample, World
from tests.support.page_examples_family import FAMILY_PAGE_EXAMPLES
from tests.support.page_examples_family.meeting_views import add_example_views
from tests.support.page_examples_family.plan import add_long_plan
from tests.support.page_examples_staff_actions import EXAMPLES as ACTION_PAGE_EXAMPLES
from tests.support.page_examples_staff_actions import add_example_actions
from tests.support.page_examples_staff_consent import EXAMPLES as CONSENT_PAGE_EXAMPLES
from tests.support.page_examples_staff_consent import add_example_consent
from tests.support.page_examples_staff_contacts import CONTACT_PAGE_EXAMPLES
from tests.support.page_examples_staff_feedback import EXAMPLES as FEEDBACK_PAGE_EXAMPLES
from tests.support.page_examples_staff_meetings import EXAMPLES as MEETING_PAGE_EXAMPLES
from tests.support.page_examples_staff_meetings import add_example_meeting_data
from tests.support.page_examples_staff_notes import EXAMPLES as NOTES_PAGE_EXAMPLES
from tests.support.page_examples_staff_notes import add_example_notes
from tests.support.page_examples_staff_plan import PLAN_PAGE_EXAMPLES
from tests.support.page_examples_staff_profile import PROFILE_PAGE_EXAMPLES
from tests.support.page_examples_staff_record_feedback import (
    EXAMPLES as RECORD_FEEDBACK_PAGE_EXAMPLES,
)
from tests.support.page_examples_staff_record_feedback import add_example_feedback
from tests.support.page_examples_staff_replies import EXAMPLES as REPLY_PAGE_EXAMPLES
from tests.support.page_examples_staff_replies import FAMILY_EXAMPLES as MESSAGES_PAGE_EXAMPLES
from tests.support.page_examples_staff_replies import add_example_replies

# GET endpoints that return no HTML page: they need no example. "Exit this
# page" only ends the session and redirects to another site; the others are
# files (a calendar entry, CSV downloads).
NOT_PAGES = {
    "static",
    "status.healthz",
    "family.exit_page",
    "family.meeting_calendar",
    "staff.feedback_report_csv",
    "staff.feedback_responses_csv",
}
ERROR_ROUTE = "/_test/error/<int:code>"


CORE_EXAMPLES: tuple[PageExample, ...] = (
    PageExample("family start", "family.start", lambda w: "/"),
    PageExample("pictures we use", "family.pictures", lambda w: "/pictures-we-use"),
    PageExample("words we use", "family.words", lambda w: "/words-we-use"),
    PageExample("staff sign in", "staff.sign_in", lambda w: "/staff/sign-in"),
    PageExample(
        "staff sign in after timeout", "staff.sign_in", lambda w: "/staff/sign-in?reason=timeout"
    ),
    PageExample(
        "staff sign in, nothing entered", "staff.sign_in", lambda w: "/staff/sign-in", submit={}
    ),
    PageExample(
        "staff sign in, wrong password",
        "staff.sign_in",
        lambda w: "/staff/sign-in",
        submit={"email": "nobody@example.org", "password": "not the password"},
    ),
    PageExample(
        "security code",
        "staff.sign_in_code",
        lambda w: "/staff/sign-in/code",
        signed_in_as="password_done",
    ),
    PageExample(
        "security code, wrong code",
        "staff.sign_in_code",
        lambda w: "/staff/sign-in/code",
        signed_in_as="password_done",
        submit={"code": "000000"},
    ),
    PageExample(
        "set up authenticator",
        "staff.set_up_authenticator",
        lambda w: "/staff/sign-in/set-up-authenticator",
        signed_in_as="password_done_not_enrolled",
    ),
    PageExample(
        "set up authenticator, nothing entered",
        "staff.set_up_authenticator",
        lambda w: "/staff/sign-in/set-up-authenticator",
        signed_in_as="password_done_not_enrolled",
        submit={},
    ),
    PageExample("signed out", "staff.signed_out", lambda w: "/staff/signed-out"),
    PageExample(
        "signed out after timeout", "staff.signed_out", lambda w: "/staff/signed-out?reason=timeout"
    ),
    PageExample("caseload", "staff.caseload", lambda w: "/staff/", signed_in_as="keyworker"),
    PageExample("team caseload", "staff.caseload", lambda w: "/staff/", signed_in_as="manager"),
    PageExample(
        "worklist and caseload, filtered",
        "staff.caseload",
        lambda w: "/staff/?risk=red&meeting=1&name=a",
        signed_in_as="keyworker",
    ),
    PageExample(
        "worklist and caseload, nobody matches (empty)",
        "staff.caseload",
        lambda w: "/staff/?name=nobody-has-this-name",
        signed_in_as="keyworker",
    ),
    PageExample(
        "team worklist, urgent only",
        "staff.caseload",
        lambda w: "/staff/?urgent=1",
        signed_in_as="manager",
    ),
    PageExample(
        "team worklist, one kind shown in full",
        "staff.caseload",
        lambda w: "/staff/?all=action_overdue",
        signed_in_as="manager",
    ),
    PageExample(
        "team caseload, a page past the last",
        "staff.caseload",
        lambda w: "/staff/?page=9&all=nothing",
        signed_in_as="manager",
    ),
    PageExample(
        "team worklist, nobody matches (empty)",
        "staff.caseload",
        lambda w: "/staff/?name=nobody-has-this-name&new=1",
        signed_in_as="manager",
    ),
    PageExample(
        "record",
        "staff.record",
        lambda w: f"/staff/young-people/{w.young_person_id}",
        signed_in_as="keyworker",
    ),
    PageExample(
        "record, seen by a manager (export button)",
        "staff.record",
        lambda w: f"/staff/young-people/{w.young_person_id}",
        signed_in_as="manager",
    ),
    PageExample(
        "keyworker and history, for a manager",
        "staff.keyworker",
        lambda w: f"/staff/young-people/{w.young_person_id}/keyworker",
        signed_in_as="manager",
    ),
    PageExample(
        "keyworker, nothing entered",
        "staff.keyworker",
        lambda w: f"/staff/young-people/{w.young_person_id}/keyworker",
        signed_in_as="manager",
        submit={"day": "", "month": "", "year": ""},
    ),
    PageExample(
        "keyworker history, for the keyworker",
        "staff.keyworker",
        lambda w: f"/staff/young-people/{w.young_person_id}/keyworker",
        signed_in_as="keyworker",
    ),
    PageExample(
        "cover now and past, for a manager",
        "staff.cover",
        lambda w: f"/staff/young-people/{w.young_person_id}/cover",
        signed_in_as="manager",
    ),
    PageExample(
        "cover, nothing entered",
        "staff.cover",
        lambda w: f"/staff/young-people/{w.young_person_id}/cover",
        signed_in_as="manager",
        submit={},
    ),
    PageExample(
        "cover, for the keyworker",
        "staff.cover",
        lambda w: f"/staff/young-people/{w.young_person_id}/cover",
        signed_in_as="keyworker",
    ),
    PageExample(
        "cover, nobody covers and no history",
        "staff.cover",
        lambda w: f"/staff/young-people/{w.locked_young_person_id}/cover",
        signed_in_as="manager",
    ),
    PageExample(
        "staff accounts",
        "staff.staff_accounts",
        lambda w: "/staff/admin/staff",
        signed_in_as="admin",
    ),
    PageExample(
        "new staff account",
        "staff.staff_account_new",
        lambda w: "/staff/admin/staff/new",
        signed_in_as="admin",
    ),
    PageExample(
        "new staff account, nothing entered",
        "staff.staff_account_new",
        lambda w: "/staff/admin/staff/new",
        signed_in_as="admin",
        submit={},
    ),
    PageExample(
        "new staff account, weak password",
        "staff.staff_account_new",
        lambda w: "/staff/admin/staff/new",
        signed_in_as="admin",
        submit={
            "name": "Test Person",
            "email": "test.person@example.org",
            "role": "keyworker",
            "password": "short",
        },
    ),
    PageExample(
        "reset sign-in",
        "staff.staff_account_reset",
        lambda w: f"/staff/admin/staff/{w.keyworker_id}/reset-sign-in",
        signed_in_as="admin",
    ),
    PageExample(
        "reset sign-in, weak password",
        "staff.staff_account_reset",
        lambda w: f"/staff/admin/staff/{w.keyworker_id}/reset-sign-in",
        signed_in_as="admin",
        submit={"password": "short"},
    ),
    PageExample(
        "change your password",
        "staff.change_password",
        lambda w: "/staff/change-password",
        signed_in_as="keyworker",
    ),
    PageExample(
        "change your password, nothing entered",
        "staff.change_password",
        lambda w: "/staff/change-password",
        signed_in_as="manager",
        submit={},
    ),
    PageExample(
        # The right current password, so nothing counts towards a lockout.
        "change your password, new one not good enough",
        "staff.change_password",
        lambda w: "/staff/change-password",
        signed_in_as="admin",
        submit={
            "current_password": DEMO_PASSWORD,
            "new_password": "short",
            "new_password_again": "not the same",
        },
    ),
    PageExample("outbox", "staff.outbox", lambda w: "/staff/admin/outbox", signed_in_as="admin"),
    PageExample(
        "feedback report",
        "staff.feedback_report_page",
        lambda w: "/staff/reports/feedback?period=2026-27",
        signed_in_as="manager",
    ),
    PageExample(
        "refused access",
        "staff.refused_access",
        lambda w: "/staff/admin/refused-access",
        signed_in_as="admin",
    ),
    PageExample(
        "form open too long (CSRF)",
        None,
        lambda w: "/staff/sign-in",
        submit={"email": "nobody@example.org", "password": "x"},
        without_csrf_token=True,
        expected_status=400,
    ),
    PageExample("not found", None, lambda w: "/no-such-page", expected_status=404),
    PageExample(
        "not found (staff)",
        None,
        lambda w: "/staff/young-people/999999",
        signed_in_as="keyworker",
        expected_status=404,
    ),
    PageExample(
        "forbidden",
        None,
        lambda w: "/staff/admin/staff",
        signed_in_as="keyworker",
        expected_status=403,
    ),
    PageExample("method not allowed", None, lambda w: "/staff/sign-out", expected_status=405),
    # Family sign-in
    PageExample("get a link", "family.sign_in", lambda w: "/sign-in"),
    PageExample("get a link, nothing entered", "family.sign_in", lambda w: "/sign-in", submit={}),
    PageExample(
        "get a link, not a number or email address",
        "family.sign_in",
        lambda w: "/sign-in",
        submit={"address": "my phone"},
    ),
    PageExample("link sent", "family.link_sent", lambda w: "/sign-in/link-sent"),
    PageExample("open a link", "family.use_link_page", lambda w: f"/l/{w.link_token}"),
    PageExample(
        "a link that does not work",
        "family.use_link_page",
        lambda w: "/l/AAAAAAAAAAAAAAAAAAAAAA",
        expected_status=404,
    ),
    PageExample(
        "open a link, form open too long (CSRF)",
        "family.use_link_page",
        lambda w: f"/l/{w.link_token}",
        submit={},
        without_csrf_token=True,
        expected_status=400,
    ),
    PageExample(
        "date of birth check",
        "family.identity_check",
        lambda w: "/check",
        signed_in_as="identity_pending",
    ),
    PageExample(
        "date of birth check, by a family member",
        "family.identity_check",
        lambda w: "/check",
        signed_in_as="identity_pending_family",
    ),
    PageExample(
        "date of birth check, by a carer of two young people",
        "family.identity_check",
        lambda w: "/check",
        signed_in_as="identity_pending_carer",
    ),
    PageExample(
        "date of birth check, nothing entered",
        "family.identity_check",
        lambda w: "/check",
        signed_in_as="identity_pending",
        submit={},
    ),
    PageExample(
        "date of birth check, 31 February",
        "family.identity_check",
        lambda w: "/check",
        signed_in_as="identity_pending",
        submit={"day": "31", "month": "2", "year": "2010"},
    ),
    PageExample(
        "date of birth check, letters",
        "family.identity_check",
        lambda w: "/check",
        signed_in_as="identity_pending_family",
        submit={"day": "four", "month": "3", "year": "2010"},
    ),
    PageExample(
        "date of birth check, in the future",
        "family.identity_check",
        lambda w: "/check",
        signed_in_as="identity_pending",
        submit={"day": "1", "month": "1", "year": "2100"},
    ),
    # Counts as a wrong answer: the browser tests give it 3 times (of 5 allowed).
    PageExample(
        "date of birth check, wrong date",
        "family.identity_check",
        lambda w: "/check",
        signed_in_as="identity_pending",
        submit={"day": "1", "month": "1", "year": "1990"},
    ),
    PageExample(
        "date of birth check, no link used",
        "family.identity_check",
        lambda w: "/check",
        expected_status=404,
    ),
    PageExample("too many tries", "family.too_many_tries", lambda w: "/too-many-tries"),
    PageExample("family home", "family.home", lambda w: "/home", signed_in_as="family"),
    PageExample(
        "record, family sign-in locked",
        "staff.record",
        lambda w: f"/staff/young-people/{w.locked_young_person_id}",
        signed_in_as="keyworker",
    ),
    PageExample(
        "record, needs you now, as the manager",
        "staff.record",
        lambda w: f"/staff/young-people/{w.locked_young_person_id}#needs-you-now",
        signed_in_as="manager",
    ),
    PageExample(
        "acknowledge an urgent item",
        "staff.acknowledge",
        lambda w: f"/staff/young-people/{w.locked_young_person_id}/urgent/{w.urgent_notice_id}",
        signed_in_as="keyworker",
    ),
    PageExample(
        "acknowledge an urgent item, nothing chosen and words typed",
        "staff.acknowledge",
        lambda w: f"/staff/young-people/{w.locked_young_person_id}/urgent/{w.urgent_notice_id}",
        signed_in_as="keyworker",
        submit={"detail": "Rang the family at noon; no answer, left a message."},
    ),
    PageExample(
        "acknowledge an urgent item, something else with no words",
        "staff.acknowledge",
        lambda w: f"/staff/young-people/{w.locked_young_person_id}/urgent/{w.urgent_notice_id}",
        signed_in_as="manager",
        submit={"action": "other"},
    ),
    PageExample(
        "acknowledge an urgent item someone dealt with already",
        "staff.acknowledge",
        lambda w: (
            f"/staff/young-people/{w.locked_young_person_id}/urgent/{w.acknowledged_notice_id}"
        ),
        signed_in_as="keyworker",
    ),
    PageExample(
        "verify an email address",
        "staff.verify_email",
        lambda w: (
            f"/staff/young-people/{w.young_person_id}/contacts/{w.family_member_contact_id}"
            "/verify-email"
        ),
        signed_in_as="keyworker",
    ),
    PageExample(
        "verify a mobile number that is verified already",
        "staff.verify_mobile",
        lambda w: (
            f"/staff/young-people/{w.young_person_id}/contacts/{w.family_member_contact_id}"
            "/verify-mobile"
        ),
        signed_in_as="keyworker",
    ),
    PageExample(
        "verify a mobile number, nothing chosen and a note too long",
        "staff.verify_mobile",
        lambda w: (
            f"/staff/young-people/{w.young_person_id}/contacts/{w.family_member_contact_id}"
            "/verify-mobile"
        ),
        signed_in_as="keyworker",
        submit={"note": "x" * 501},
    ),
    PageExample(
        "skip the date of birth check",
        "staff.skip_identity_check",
        lambda w: (
            f"/staff/young-people/{w.young_person_id}/contacts/{w.family_member_contact_id}"
            "/skip-date-of-birth-check"
        ),
        signed_in_as="keyworker",
    ),
    PageExample(
        "skip the date of birth check, no reason",
        "staff.skip_identity_check",
        lambda w: (
            f"/staff/young-people/{w.young_person_id}/contacts/{w.family_member_contact_id}"
            "/skip-date-of-birth-check"
        ),
        signed_in_as="keyworker",
        submit={},
    ),
    PageExample("family signed out", "family.signed_out", lambda w: "/signed-out"),
    PageExample(
        "family signed out after timeout",
        "family.signed_out",
        lambda w: "/signed-out?reason=timeout",
    ),
    PageExample(
        "family signed out on all devices",
        "family.signed_out",
        lambda w: "/signed-out?everywhere=yes",
    ),
    PageExample(
        "sign out on all devices",
        "family.sign_out_everywhere",
        lambda w: "/sign-out-on-all-devices",
        signed_in_as="family",
    ),
    PageExample(
        "who has looked at your information",
        "family.who_has_looked_page",
        lambda w: "/who-has-looked",
        signed_in_as="family",
    ),
    *(
        PageExample(
            f"error {code}", None, lambda w, code=code: f"/_test/error/{code}", expected_status=code
        )
        for code in (400, 413, 415, 429, 500)
    ),
    PageExample("staff error 413", None, lambda w: "/staff/_test/error/413", expected_status=413),
    PageExample(
        "neutral error 404", None, lambda w: "/webhooks/_test/error/404", expected_status=404
    ),
)


# Each area of the family pages keeps its examples in its own module.
PAGE_EXAMPLES: tuple[PageExample, ...] = (
    CORE_EXAMPLES
    + FAMILY_PAGE_EXAMPLES
    + NOTES_PAGE_EXAMPLES
    + PROFILE_PAGE_EXAMPLES
    + PLAN_PAGE_EXAMPLES
    + CONTACT_PAGE_EXAMPLES
    + MEETING_PAGE_EXAMPLES
    + FEEDBACK_PAGE_EXAMPLES
    + CONSENT_PAGE_EXAMPLES
    + REPLY_PAGE_EXAMPLES
    + MESSAGES_PAGE_EXAMPLES
    + ACTION_PAGE_EXAMPLES
    + RECORD_FEEDBACK_PAGE_EXAMPLES
)


# Where the error route is added: a family address, one in the staff
# workspace, and one that is neither (its error page has the neutral layout).
ERROR_ROUTE_PREFIXES = {
    "": "test_error",
    "/staff": "test_staff_error",
    "/webhooks": "test_neutral_error",
}


def add_error_route(app: Flask) -> None:
    """Routes that answer with any error status, so every error page can be
    looked at in each layout. Only ever added to apps built by tests."""

    @public
    def raise_error(code: int) -> None:
        if code == 500:
            raise RuntimeError("a deliberate test failure")
        abort(code)

    for prefix, endpoint in ERROR_ROUTE_PREFIXES.items():
        app.add_url_rule(prefix + ERROR_ROUTE, endpoint, raise_error)


CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def visit_example(
    app: Flask, client: FlaskClient, world: World, example: PageExample
) -> TestResponse:
    """Reach the page `example` describes with a test client, and check its status."""
    if example.signed_in_as:
        with app.app_context():
            cookie = start_session(
                db.session, world, example.signed_in_as, data=example.session_data
            )
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    path = example.path(world)
    if example.submit is None:
        response = client.get(path)
    else:
        data = dict(example.submit)
        if not example.without_csrf_token:
            form_page = client.get(path).get_data(as_text=True)
            match = CSRF_TOKEN.search(form_page)
            assert match, f"no CSRF token on {path}"
            data["csrf_token"] = match[1]
        response = client.post(path, data=data)
        if example.lands_on is not None:
            landing = example.lands_on(world)
            assert response.status_code in (302, 303), (
                f"{example.name}: expected a redirect to {landing}, got {response.status_code}"
            )
            assert urlsplit(response.location).path == urlsplit(landing).path, (
                f"{example.name}: redirected to {response.location}, not {landing}"
            )
            response = client.get(response.location)
    assert response.status_code == example.expected_status, (
        f"{example.name}: expected {example.expected_status}, got {response.status_code}"
    )
    return response


def build_world(session: Session) -> World:
    """The fictional demo data plus a user who has not set up an authenticator."""
    add_demo_data(session)

    def staff_id(role: StaffRole) -> int:
        return session.scalars(
            select(StaffUser.id)
            .join(StaffUser.team)
            .where(StaffUser.role == role, StaffUser.team.has(name=DEMO_TEAM))
            .order_by(StaffUser.id)
        ).first()  # type: ignore[return-value]

    keyworker_id = staff_id(StaffRole.KEYWORKER)
    not_enrolled = make_staff_user(session, role=StaffRole.KEYWORKER, with_totp=False)
    young_person_id = session.scalars(
        select(YoungPerson.id)
        .where(YoungPerson.keyworker_id == keyworker_id)
        .order_by(YoungPerson.id)
    ).first()
    _queue_example_messages(session, young_person_id)  # type: ignore[arg-type]
    family_contact_id = session.scalars(
        select(Contact.id).where(
            Contact.young_person_id == young_person_id,
            Contact.relation == Relationship.SELF,
            Contact.portal_access_enabled.is_(True),
        )
    ).one()
    _add_example_looks(session, young_person_id, keyworker_id)  # type: ignore[arg-type]
    _add_example_refusals(session, keyworker_id, family_contact_id)
    links = _add_example_links(session, keyworker_id, family_contact_id)
    urgent = _add_example_family_input(session, links["locked_young_person_id"])
    family_pages = _family_page_data(session, young_person_id, keyworker_id)  # type: ignore[arg-type]
    add_example_views(session, young_person_id)  # type: ignore[arg-type]
    notes = add_example_notes(
        session,
        young_person_id,  # type: ignore[arg-type]
        keyworker_id,
        family_pages["empty_contact_id"],
    )
    meetings = add_example_meeting_data(
        session,
        upcoming_meeting_id=family_pages["upcoming_meeting_id"],
        past_meeting_id=family_pages["past_meeting_id"],
        contact_id=family_contact_id,
        keyworker_id=keyworker_id,
    )
    consent = add_example_consent(session, family_contact_id, keyworker_id)
    replies = add_example_replies(
        session,
        young_person_id,  # type: ignore[arg-type]
        links["locked_young_person_id"],
    )
    actions = add_example_actions(session, young_person_id, keyworker_id)  # type: ignore[arg-type]
    feedback = add_example_feedback(session, young_person_id)  # type: ignore[arg-type]
    session.commit()
    return World(
        keyworker_id=keyworker_id,
        manager_id=staff_id(StaffRole.MANAGER),
        admin_id=staff_id(StaffRole.ADMIN),
        not_enrolled_id=not_enrolled.id,
        young_person_id=young_person_id,  # type: ignore[arg-type]
        family_contact_id=family_contact_id,
        **links,
        **family_pages,
        **notes,
        **urgent,
        **meetings,
        **consent,
        **replies,
        **actions,
        **feedback,
    )


def _family_page_data(session: Session, young_person_id: int, keyworker_id: int) -> dict[str, int]:
    """The young person's meetings, the carer of two young people, and a young
    person with nothing recorded yet, for the family pages' examples."""
    meetings = {
        meeting.status: meeting.id
        for meeting in session.scalars(
            select(Meeting).where(Meeting.young_person_id == young_person_id)
        )
    }
    carer = session.scalars(
        select(Contact).where(Contact.name == KINSHIP_CARER_NAME).order_by(Contact.id)
    ).first()
    assert carer is not None
    _add_meeting_history(session, carer.young_person_id)
    keyworker = session.get(StaffUser, keyworker_id)
    assert keyworker is not None
    newcomer = YoungPerson(
        legal_name="Toby Newcombe-Example",
        preferred_name="Toby",
        date_of_birth=london_today() - timedelta(days=14 * 365 + 100),
        register_status=RegisterStatus.ON_REGISTER,
        keyworker=keyworker,
        team_id=keyworker.team_id,
    )
    session.add(newcomer)
    session.flush()
    parent = Contact(
        young_person_id=newcomer.id,
        name="Sky Newcombe-Example",
        relation=Relationship.PARENT,
        relationship_detail="Dad",
        has_parental_responsibility=True,
        mobile_e164="07700 900900",
        preferred_channel=Channel.SMS,
        phone_verified=True,
        portal_access_enabled=True,
    )
    session.add(parent)
    session.flush()
    return {
        "upcoming_meeting_id": meetings[MeetingStatus.PLANNED],
        "past_meeting_id": meetings[MeetingStatus.HELD],
        "cancelled_meeting_id": meetings[MeetingStatus.CANCELLED],
        "carer_contact_id": carer.id,
        "carer_pending_link_id": _used_link(session, carer).id,
        "empty_contact_id": parent.id,
        "newcomer_young_person_id": newcomer.id,
        "long_plan_contact_id": add_long_plan(session, keyworker),
        **_home_page_data(session, carer),
    }


def _add_meeting_history(session: Session, young_person_id: int) -> None:
    """More meetings that happened than My meetings lists, so the carer's
    page shows the latest and links to all of them."""
    for weeks in range(30, 31 + PAST_MEETINGS_SHOWN):
        starts_at = utc_now() - timedelta(weeks=weeks)
        session.add(
            Meeting(
                young_person_id=young_person_id,
                kind=MeetingKind.MDT,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=1),
                place="Room 1, Example Clinic",
                status=MeetingStatus.HELD,
            )
        )
    session.flush()


def _home_page_data(session: Session, carer: Contact) -> dict[str, int]:
    """The carer's other contact row, and a parent of the carer's young person
    who opened My plan the day before its latest version (no other example
    signs in as them, so the home page's banner always shows for them)."""
    other_row = session.scalars(
        select(Contact)
        .where(Contact.name == KINSHIP_CARER_NAME, Contact.id != carer.id)
        .order_by(Contact.id)
    ).first()
    parent = session.scalars(
        select(Contact)
        .where(
            Contact.young_person_id == carer.young_person_id,
            Contact.relation == Relationship.PARENT,
        )
        .order_by(Contact.id)
    ).first()
    assert other_row is not None and parent is not None
    latest = session.scalar(
        select(func.max(PlanVersion.created_at))
        .join(Plan, Plan.id == PlanVersion.plan_id)
        .where(Plan.young_person_id == parent.young_person_id)
    )
    assert latest is not None
    session.add(
        AuditEvent(
            occurred_at=latest - timedelta(days=1),
            actor_role=ActorRole.FAMILY,
            actor_contact_id=parent.id,
            action=FAMILY_PAGE_VIEWED,
            young_person_id=parent.young_person_id,
            detail={"page": "family.plan"},
        )
    )
    return {"carer_other_contact_id": other_row.id, "plan_changed_contact_id": parent.id}


def _add_example_looks(session: Session, young_person_id: int, keyworker_id: int) -> None:
    """Audit events for "Who has looked at your information": the keyworker
    opened the record, and a parent opened a family page."""
    parent = session.scalars(
        select(Contact).where(
            Contact.young_person_id == young_person_id, Contact.relation == Relationship.PARENT
        )
    ).first()
    keyworker = session.get(StaffUser, keyworker_id)
    record_event(session, "record.viewed", staff_user=keyworker, young_person_id=young_person_id)
    if parent is not None:
        record_family_view(session, parent, "family.who_has_looked_page")


def _add_example_refusals(session: Session, keyworker_id: int, family_contact_id: int) -> None:
    """Refused access for the administrators' page: a keyworker refused often
    (over the threshold), a family member refused another family's meeting,
    and someone refused an administrator's page."""
    keyworker = session.get(StaffUser, keyworker_id)
    contact = session.get(Contact, family_contact_id)
    other_young_person = session.scalars(
        select(YoungPerson.id).where(YoungPerson.keyworker_id != keyworker_id)
    ).first()
    for _ in range(6):
        record_refusal(
            session,
            RefusalReason.NOT_VISIBLE,
            AskedFor("staff.record", "GET", {"young_person_id": other_young_person}),
            staff_user=keyworker,
            ip_address="192.0.2.10",
        )
    record_refusal(
        session,
        RefusalReason.WRONG_ROLE,
        AskedFor("staff.staff_accounts", "GET"),
        staff_user=keyworker,
        ip_address="192.0.2.10",
    )
    record_refusal(
        session,
        RefusalReason.NOT_VISIBLE,
        AskedFor("family.meeting", "GET", {"meeting_id": 999_999}),
        contact=contact,
        ip_address="192.0.2.11",
    )


def _used_link(session: Session, contact: Contact) -> AccessLink:
    """A sign-in link `contact` has just used: the date of birth is next."""
    now = utc_now()
    made = AccessLink(
        contact_id=contact.id,
        purpose=LinkPurpose.SIGN_IN,
        token_hash=hash_token(new_token()),
        channel=contact.preferred_channel,
        created_at=now,
        expires_at=now + timedelta(minutes=15),
        used_at=now,
        identity_failures=0,
    )
    session.add(made)
    session.flush()
    return made


def _add_example_links(
    session: Session, keyworker_id: int, family_contact_id: int
) -> dict[str, Any]:
    """Sign-in links for the family sign-in pages, and a locked sign-in, a
    skipped date of birth check and a number nobody has verified (that
    someone asked for a link for) for the staff pages."""
    now = utc_now()
    family_contact = session.get(Contact, family_contact_id)
    assert family_contact is not None
    parent = session.scalars(
        select(Contact).where(
            Contact.young_person_id == family_contact.young_person_id,
            Contact.relation == Relationship.PARENT,
        )
    ).first()
    assert parent is not None

    def link(contact: Contact, token: str, *, used: bool) -> AccessLink:
        made = AccessLink(
            contact_id=contact.id,
            purpose=LinkPurpose.INVITATION,
            token_hash=hash_token(token),
            channel=contact.preferred_channel,
            created_at=now,
            expires_at=now + timedelta(days=3),
            used_at=now if used else None,
            identity_failures=0,
        )
        session.add(made)
        session.flush()
        return made

    pending = link(family_contact, new_token(), used=True)
    parent_pending = link(parent, new_token(), used=True)
    token = new_token()
    link(family_contact, token, used=False)
    # Another young person of the keyworker with two parents: one locked out,
    # one who is not asked the date of birth.
    locked_young_person = session.scalars(
        select(YoungPerson)
        .where(YoungPerson.keyworker_id == keyworker_id, YoungPerson.id != parent.young_person_id)
        .where(
            select(func.count(Contact.id))
            .where(Contact.young_person_id == YoungPerson.id, Contact.portal_access_enabled)
            .scalar_subquery()
            >= 2
        )
        .order_by(YoungPerson.id)
    ).first()
    assert locked_young_person is not None
    skipping, locked = [c for c in locked_young_person.contacts if c.portal_access_enabled][:2]
    locked.identity_check_failures = 5
    locked.sign_in_locked_at = now
    skipping.identity_check_skip_reason = "Cannot type dates without help; agreed with them."
    skipping.identity_check_skip_set_by_id = keyworker_id
    skipping.identity_check_skip_set_at = now
    # Their number is not verified, and someone asked for a link for it.
    skipping.phone_verified = False
    session.add(
        AuditEvent(
            occurred_at=now - timedelta(hours=1),
            actor_role=ActorRole.ANONYMOUS,
            action=ASKED_FOR_UNVERIFIED,
            young_person_id=skipping.young_person_id,
            detail={
                "contact_id": skipping.id,
                "channel": Channel.SMS.value,
                "address": skipping.mobile_e164,
            },
        )
    )
    return {
        "link_token": token,
        "pending_link_id": pending.id,
        "family_member_contact_id": parent.id,
        "family_member_pending_link_id": parent_pending.id,
        "locked_young_person_id": locked_young_person.id,
    }


def _add_example_family_input(session: Session, young_person_id: int) -> dict[str, int]:
    """What both parents sent from the family pages, for the staff record and
    caseload: one parent's input seen by the keyworker, the other's new (two
    of it urgent), with long text that keeps its line breaks. One of the seen
    urgent items is acknowledged; the others are in Needs you now."""
    first, second = session.scalars(
        select(Contact)
        .where(Contact.young_person_id == young_person_id, Contact.relation == Relationship.PARENT)
        .order_by(Contact.id)
    ).all()[:2]
    meeting = session.scalars(
        select(Meeting).where(
            Meeting.young_person_id == young_person_id, Meeting.status == MeetingStatus.PLANNED
        )
    ).first()
    assert meeting is not None
    keyworker_id = first.young_person.keyworker_id
    seen = add_family_input_of_every_kind(session, contact=first, meeting=meeting)
    for notice in seen.values():
        notice.created_at = notice.seen_at = utc_now() - timedelta(days=2)
        notice.seen_by_id = keyworker_id
    long_text = "She finds mornings hard.\nPlease start after 11.\n" + "She likes drawing. " * 20
    new = add_family_input_of_every_kind(
        session, contact=second, meeting=meeting, text=long_text, with_message=True
    )
    acknowledged = seen[FamilyInputKind.CONSENT_DECISION]
    keyworker = session.get(StaffUser, keyworker_id)
    assert keyworker is not None
    acknowledge_urgent(
        session,
        acknowledged,
        keyworker,
        UrgentAction.OTHER,
        "Phoned mum. She wants to talk about the register at the next review.",
        utc_now() - timedelta(days=1),
    )
    return {
        "urgent_notice_id": new[FamilyInputKind.FEEDBACK].id,
        "acknowledged_notice_id": acknowledged.id,
    }


def _queue_example_messages(session: Session, young_person_id: int) -> None:
    """A text message and an email in the outbox, for the outbox page. (Bodies
    are data; one line each, so the translation check can match them whole.)"""
    contacts = session.scalars(
        select(Contact).where(Contact.young_person_id == young_person_id).order_by(Contact.id)
    ).all()
    texted = next(contact for contact in contacts if contact.mobile_e164)
    queue_sms(session, contact=texted, body="You have a message from your keyworker.")
    emailed = next((contact for contact in contacts if contact.email), None)
    if emailed is not None:
        queue_email(
            session,
            contact=emailed,
            subject="You have a meeting",
            body="You have a meeting soon. Your keyworker will tell you more.",
        )


# Kinds of signed-in family visitor, and the World field naming their contact.
FAMILY_VISITORS = {
    "family": "family_contact_id",
    "family_member": "family_member_contact_id",
    "carer": "carer_contact_id",
    "family_empty": "empty_contact_id",
    "family_plan_changed": "plan_changed_contact_id",
    "family_long_plan": "long_plan_contact_id",
}


def _password_done(session: Session, staff_user_id: int) -> dict[str, Any]:
    """The session data of a sign-in whose password step has just passed."""
    user = session.get(StaffUser, staff_user_id)
    assert user is not None
    return {
        session_keys.STAFF_PENDING_USER: staff_user_id,
        session_keys.STAFF_PENDING_SINCE: utc_now().isoformat(),
        session_keys.STAFF_PENDING_PASSWORD: password_fingerprint(user.password_hash),
    }


def start_session(
    session: Session, world: World, who: str, *, data: dict[str, Any] | None = None
) -> str:
    """Create a server-side session for `who` (its data starting with `data`);
    return the cookie value."""
    session_id = secrets.token_urlsafe(32)
    now = utc_now()
    record = WebSession(id_hash=hash_session_id(session_id), created_at=now, last_seen_at=now)
    if who in ("keyworker", "manager", "admin"):
        record.staff_user_id = getattr(world, f"{who}_id")
        record.signed_in_at = now
        record.data = {}
    elif who == "password_done":
        record.data = _password_done(session, world.keyworker_id)
    elif who in FAMILY_VISITORS:
        record.contact_id = getattr(world, FAMILY_VISITORS[who])
        record.signed_in_at = now
        record.data = {}
    elif who == "carer_choosing":
        # The carer chose their other young person: the date of birth is next.
        record.contact_id = world.carer_contact_id
        record.signed_in_at = now
        record.data = {
            session_keys.SWITCH_PENDING_CONTACT: world.carer_other_contact_id,
            session_keys.SWITCH_PENDING_SINCE: now.isoformat(),
        }
    elif who == "identity_pending_carer":
        # The carer of two used their one link; either date of birth is next.
        record.data = {
            session_keys.IDENTITY_PENDING_CONTACT: world.carer_contact_id,
            session_keys.IDENTITY_PENDING_LINK: world.carer_pending_link_id,
            session_keys.IDENTITY_PENDING_SINCE: now.isoformat(),
        }
    elif who in ("identity_pending", "identity_pending_family"):
        # A link has just been used; the date of birth is asked next.
        family_member = who == "identity_pending_family"
        record.data = {
            session_keys.IDENTITY_PENDING_CONTACT: (
                world.family_member_contact_id if family_member else world.family_contact_id
            ),
            session_keys.IDENTITY_PENDING_LINK: (
                world.family_member_pending_link_id if family_member else world.pending_link_id
            ),
            session_keys.IDENTITY_PENDING_SINCE: now.isoformat(),
        }
    elif who == "password_done_not_enrolled":
        record.data = _password_done(session, world.not_enrolled_id)
    else:
        raise ValueError(f"unknown kind of visitor: {who}")
    record.data = {**(record.data or {}), **(data or {})}
    session.add(record)
    session.commit()
    return session_id
