"""A carer of two young people chooses whose page to open: only their own
other rows can be chosen, the date of birth is asked once a session (not for
a contact with a reasonable adjustment), wrong dates count and lock as at
sign-in, and a switch gives the session a new id and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from portal import session_keys
from portal.extensions import db
from portal.models import AccessLink, AuditEvent, Contact, Relationship, WebSession, utc_now
from portal.services.access.identity_check import IDENTITY_CHECK_FAILED, IDENTITY_CHECK_LOCKED
from portal.services.access.switching import YOUNG_PERSON_SWITCHED
from portal.sessions import hash_session_id
from portal.timezones import london_today
from tests.client import PortalClient
from tests.support.at_once import AT_ONCE, at_once
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person
from tests.support.family_sessions import sessions_of, sign_in_family
from tests.support.sign_in_helpers import session_cookie

MOS_BIRTHDAY = date(2015, 9, 21)
CARER_MOBILE = "07700 900200"


@dataclass(frozen=True)
class Family:
    for_amir: Contact  # the carer, about Amir: signed in first
    for_mo: Contact  # the same carer, about Mo
    other_family: Contact  # someone else's contact, with another phone


def _carer(young_person_id: object, **values: object) -> Contact:
    return Contact(
        young_person_id=young_person_id,
        name="Jamie Carertest",
        relation=Relationship.CARER,
        has_parental_responsibility=True,
        mobile_e164=CARER_MOBILE,
        preferred_channel="sms",
        phone_verified=True,
        portal_access_enabled=True,
        **values,
    )


@pytest.fixture
def family(app: Flask) -> Family:
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        amir = make_young_person(
            db.session,
            team=team,
            keyworker=keyworker,
            preferred_name="Amir",
            date_of_birth=date(2017, 2, 1),
        )
        mo = make_young_person(
            db.session,
            team=team,
            keyworker=keyworker,
            preferred_name="Mo",
            date_of_birth=MOS_BIRTHDAY,
        )
        liv = make_young_person(
            db.session,
            team=team,
            preferred_name="Liv",
            date_of_birth=date(london_today().year - 12, 5, 1),
        )
        for_amir = _carer(amir.id)
        for_mo = _carer(mo.id)
        db.session.add_all([for_amir, for_mo])
        other = make_contact(db.session, young_person=liv, name="Chris Otherfamily")
        db.session.commit()
        return Family(for_amir=for_amir, for_mo=for_mo, other_family=other)


def _contact(app: Flask, contact_id: int) -> Contact:
    with app.app_context():
        contact = db.session.get(Contact, contact_id)
        assert contact is not None
        return contact


def _signed_in_contact(app: Flask, client: PortalClient) -> int | None:
    cookie = session_cookie(app, client)
    if cookie is None:
        return None
    with app.app_context():
        record = db.session.get(WebSession, hash_session_id(cookie))
        return record.contact_id if record else None


def _events(app: Flask, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def _choose(client: PortalClient, contact_id: object) -> TestResponse:
    return client.post_form("/choose", {"contact": str(contact_id)})


def _answer(client: PortalClient, day: int, month: int, year: int) -> TestResponse:
    return client.post_form(
        "/choose/check", {"day": str(day), "month": str(month), "year": str(year)}
    )


# The list


def test_the_carer_sees_both_young_people(app: Flask, client: PortalClient, family: Family) -> None:
    sign_in_family(app, client, family.for_amir)
    html = client.get("/choose").get_data(as_text=True)
    assert "Choose whose page to open" in html
    assert f'value="{family.for_amir.id}"' in html and "Amir" in html
    assert f'value="{family.for_mo.id}"' in html and "Mo" in html
    assert "This page is open now." in html
    assert f'value="{family.other_family.id}"' not in html


def test_someone_with_one_young_person_is_sent_home(
    app: Flask, client: PortalClient, family: Family
) -> None:
    sign_in_family(app, client, family.other_family)
    response = client.get("/choose")
    assert response.status_code == 302 and response.headers["Location"] == "/home"


def test_an_address_not_checked_on_both_rows_does_not_join_them(
    app: Flask, client: PortalClient, family: Family
) -> None:
    with app.app_context():
        db.session.get(Contact, family.for_mo.id).phone_verified = False  # type: ignore[union-attr]
        db.session.commit()
    sign_in_family(app, client, family.for_amir)
    assert client.get("/choose").status_code == 302
    assert 'href="/choose"' not in client.get("/home").get_data(as_text=True)


def test_a_verified_email_joins_rows_too(app: Flask, client: PortalClient, family: Family) -> None:
    with app.app_context():
        for contact_id, mobile in ((family.for_amir.id, "07700 900201"), (family.for_mo.id, None)):
            contact = db.session.get(Contact, contact_id)
            assert contact is not None
            contact.mobile_e164 = mobile
            contact.phone_verified = mobile is not None
            contact.email = "jamie.carertest@example.org"
            contact.email_verified = True
            contact.preferred_channel = "email"  # type: ignore[assignment]
        db.session.commit()
    sign_in_family(app, client, family.for_amir)
    assert f'value="{family.for_mo.id}"' in client.get("/choose").get_data(as_text=True)


def test_a_row_the_access_rules_refuse_is_not_offered(
    app: Flask, client: PortalClient, family: Family
) -> None:
    with app.app_context():
        db.session.get(Contact, family.for_mo.id).portal_access_enabled = False  # type: ignore[union-attr]
        db.session.commit()
    sign_in_family(app, client, family.for_amir)
    assert client.get("/choose").status_code == 302


# Bad choices change nothing


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Choose whose page to open"),
        ("not a number", "Choose a name from the list"),
        ("999999", "Choose a name from the list"),
    ],
)
def test_a_bad_choice_is_explained_and_changes_nothing(
    app: Flask, client: PortalClient, family: Family, value: str, message: str
) -> None:
    sign_in_family(app, client, family.for_amir)
    before = session_cookie(app, client)
    response = client.post_form("/choose", {"contact": value})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and message in html
    assert "<title>Error:" in html
    assert session_cookie(app, client) == before
    assert _signed_in_contact(app, client) == family.for_amir.id
    assert client.get("/choose/check").status_code == 303


def test_another_familys_contact_cannot_be_chosen(
    app: Flask, client: PortalClient, family: Family
) -> None:
    sign_in_family(app, client, family.for_amir)
    response = _choose(client, family.other_family.id)
    assert response.status_code == 200
    assert "Choose a name from the list" in response.get_data(as_text=True)
    assert _signed_in_contact(app, client) == family.for_amir.id
    assert _events(app, YOUNG_PERSON_SWITCHED) == []
    # And it cannot be slipped in as the date of birth check's young person.
    assert client.get("/choose/check").status_code == 303
    assert "Liv" not in client.get("/home").get_data(as_text=True)


# The date of birth


def test_a_wrong_date_counts_and_does_not_switch(
    app: Flask, client: PortalClient, family: Family
) -> None:
    sign_in_family(app, client, family.for_amir)
    chosen = _choose(client, family.for_mo.id)
    assert chosen.status_code == 303
    assert chosen.headers["Location"] == "/choose/check"
    page = client.get("/choose/check").get_data(as_text=True)
    assert "What is Mo&#39;s date of birth?" in page or "What is Mo's date of birth?" in page
    assert "You have 5 tries." in page

    response = _answer(client, 1, 1, 2014)
    assert response.status_code == 200
    assert "This date is not right. You can try 4 more times." in response.get_data(as_text=True)
    assert _contact(app, family.for_mo.id).identity_check_failures == 1
    assert _signed_in_contact(app, client) == family.for_amir.id
    failed = _events(app, IDENTITY_CHECK_FAILED)
    assert len(failed) == 1 and failed[0].actor_contact_id == family.for_mo.id
    assert failed[0].detail["switching_from_contact_id"] == family.for_amir.id
    assert "about Amir" in client.get("/home").get_data(as_text=True)


def test_a_date_that_is_not_real_is_explained_and_not_counted(
    app: Flask, client: PortalClient, family: Family
) -> None:
    sign_in_family(app, client, family.for_amir)
    _choose(client, family.for_mo.id)
    response = _answer(client, 31, 2, 2015)
    assert "Enter a real date" in response.get_data(as_text=True)
    assert _contact(app, family.for_mo.id).identity_check_failures == 0


def test_the_right_date_switches_under_a_new_session_id(
    app: Flask, client: PortalClient, family: Family
) -> None:
    cookie = sign_in_family(app, client, family.for_amir)
    with app.app_context():
        record = db.session.get(WebSession, hash_session_id(cookie))
        assert record is not None and record.signed_in_at is not None
        record.data = {session_keys.DISPLAY_SETTINGS: {"text_size": "large"}}
        # Signed in a while ago: switching does not restart the session's time limit.
        signed_in_at = record.signed_in_at - timedelta(minutes=20)
        record.signed_in_at = signed_in_at
        db.session.commit()
    _choose(client, family.for_mo.id)
    before = session_cookie(app, client)
    with app.app_context():
        db.session.get(Contact, family.for_mo.id).identity_check_failures = 2  # type: ignore[union-attr]
        db.session.commit()

    response = _answer(client, MOS_BIRTHDAY.day, MOS_BIRTHDAY.month, MOS_BIRTHDAY.year)
    assert response.status_code == 303
    assert response.headers["Location"] == "/home"
    after = session_cookie(app, client)
    assert after and after != before
    with app.app_context():
        assert db.session.get(WebSession, hash_session_id(before or "")) is None
        record = db.session.get(WebSession, hash_session_id(after))
        assert record is not None and record.contact_id == family.for_mo.id
        assert record.signed_in_at == signed_in_at
        # Display choices belong to the person and stay.
        assert record.data[session_keys.DISPLAY_SETTINGS] == {"text_size": "large"}
    assert _contact(app, family.for_mo.id).identity_check_failures == 0
    switched = _events(app, YOUNG_PERSON_SWITCHED)
    assert len(switched) == 1
    assert switched[0].actor_contact_id == family.for_mo.id
    assert switched[0].detail["from_contact_id"] == family.for_amir.id
    assert switched[0].detail["identity_check"] == "passed"
    assert "This is your page about Mo." in client.get("/home").get_data(as_text=True)


def test_young_people_checked_in_this_session_are_not_asked_again(
    app: Flask, client: PortalClient, family: Family
) -> None:
    sign_in_family(app, client, family.for_amir)
    _choose(client, family.for_mo.id)
    _answer(client, MOS_BIRTHDAY.day, MOS_BIRTHDAY.month, MOS_BIRTHDAY.year)
    assert _signed_in_contact(app, client) == family.for_mo.id

    back = _choose(client, family.for_amir.id)
    assert back.headers["Location"] == "/home"
    assert _signed_in_contact(app, client) == family.for_amir.id
    again = _choose(client, family.for_mo.id)
    assert again.headers["Location"] == "/home"
    assert _signed_in_contact(app, client) == family.for_mo.id
    checks = [event.detail["identity_check"] for event in _events(app, YOUNG_PERSON_SWITCHED)]
    assert checks == ["passed", "earlier", "earlier"]


def test_a_new_session_asks_again(app: Flask, client: PortalClient, family: Family) -> None:
    sign_in_family(app, client, family.for_amir)
    _choose(client, family.for_mo.id)
    _answer(client, MOS_BIRTHDAY.day, MOS_BIRTHDAY.month, MOS_BIRTHDAY.year)
    sign_in_family(app, client, family.for_amir)
    assert _choose(client, family.for_mo.id).headers["Location"] == "/choose/check"


def test_a_contact_with_a_reasonable_adjustment_is_not_asked(
    app: Flask, client: PortalClient, family: Family
) -> None:
    with app.app_context():
        staff_id = make_staff_user(db.session).id
        mo = db.session.get(Contact, family.for_mo.id)
        assert mo is not None
        mo.identity_check_skip_reason = "Cannot type dates without help."
        mo.identity_check_skip_set_by_id = staff_id
        mo.identity_check_skip_set_at = utc_now()
        db.session.commit()
    sign_in_family(app, client, family.for_amir)
    before = session_cookie(app, client)
    response = _choose(client, family.for_mo.id)
    assert response.headers["Location"] == "/home"
    assert session_cookie(app, client) != before
    assert _signed_in_contact(app, client) == family.for_mo.id
    assert [e.detail["identity_check"] for e in _events(app, YOUNG_PERSON_SWITCHED)] == ["skipped"]


def test_too_many_wrong_dates_lock_the_chosen_contact(
    app: Flask, client: PortalClient, family: Family
) -> None:
    with app.app_context():
        db.session.add(
            AccessLink(
                contact_id=family.for_mo.id,
                purpose="sign_in",
                token_hash="x" * 64,
                channel="sms",
                created_at=utc_now(),
                expires_at=utc_now().replace(year=utc_now().year + 1),
                identity_failures=0,
            )
        )
        db.session.commit()
    max_failures = app.config["IDENTITY_CHECK_MAX_FAILURES"]
    sign_in_family(app, client, family.for_amir)
    _choose(client, family.for_mo.id)
    for _ in range(max_failures - 1):
        assert _answer(client, 1, 1, 2014).status_code == 200
    last = _answer(client, 1, 1, 2014)
    assert last.status_code == 303
    assert last.headers["Location"] == "/too-many-tries"

    mo = _contact(app, family.for_mo.id)
    assert mo.sign_in_locked_at is not None
    with app.app_context():
        link = db.session.scalars(
            select(AccessLink).where(AccessLink.contact_id == family.for_mo.id)
        ).one()
        assert link.cancelled_at is not None
    locked = _events(app, IDENTITY_CHECK_LOCKED)
    assert len(locked) == 1 and locked[0].detail["keyworker_id"] is not None
    # Still signed in about Amir; Mo can no longer be chosen.
    assert _signed_in_contact(app, client) == family.for_amir.id
    assert client.get("/choose").status_code == 302
    assert client.get("/choose/check").status_code == 303


def test_a_right_date_among_20_at_once_leaves_no_session_about_mo_after_the_lock(
    app: Flask, family: Family
) -> None:
    app.config["IDENTITY_CHECK_RATE_LIMIT"] = "1000 per minute"
    clients = [app.test_client() for _ in range(AT_ONCE)]
    for each in clients:
        sign_in_family(app, each, family.for_amir)
        assert _choose(each, family.for_mo.id).headers["Location"] == "/choose/check"
    tokens = [each.csrf_token("/choose/check") for each in clients]
    right = 6

    def send(index: int) -> TestResponse:
        given = MOS_BIRTHDAY if index == right else date(2000 + index, 1, 1)
        return clients[index].post(
            "/choose/check",
            data={
                "csrf_token": tokens[index],
                "day": given.day,
                "month": given.month,
                "year": given.year,
            },
        )

    responses = at_once(send)

    assert _contact(app, family.for_mo.id).sign_in_locked_at is not None
    assert len(_events(app, IDENTITY_CHECK_LOCKED)) == 1
    switched = len(_events(app, YOUNG_PERSON_SWITCHED))
    assert switched <= 1 and (switched == 1) is (responses[right].headers["Location"] == "/home")
    # Wrong and counted: 4 before the one that locks, and those before a
    # right answer, which starts the count again.
    counted = sum(response.status_code == 200 for response in responses)
    assert 4 <= counted <= 8 if switched else counted == 4
    # Whoever switched to Mo before the lock is signed out by it; the others
    # still have Amir's page.
    for each in clients:
        each.get("/home")
        assert _signed_in_contact(app, each) in (family.for_amir.id, None)
    assert sessions_of(app, family.for_mo.id) == 0


def test_the_check_with_nothing_chosen_goes_back_to_the_list(
    app: Flask, client: PortalClient, family: Family
) -> None:
    sign_in_family(app, client, family.for_amir)
    response = client.get("/choose/check")
    assert response.status_code == 303 and response.headers["Location"] == "/choose"


def test_a_choice_that_loses_access_before_the_check_is_dropped(
    app: Flask, client: PortalClient, family: Family
) -> None:
    sign_in_family(app, client, family.for_amir)
    _choose(client, family.for_mo.id)
    with app.app_context():
        db.session.get(Contact, family.for_mo.id).portal_access_enabled = False  # type: ignore[union-attr]
        db.session.commit()
    token = client.csrf_token("/home")
    response = client.post(
        "/choose/check",
        data={"day": MOS_BIRTHDAY.day, "month": MOS_BIRTHDAY.month, "year": MOS_BIRTHDAY.year}
        | {"csrf_token": token},
    )
    assert response.status_code == 303 and response.headers["Location"] == "/choose"
    assert _signed_in_contact(app, client) == family.for_amir.id


# Who may use it


def test_signed_out_visitors_are_sent_to_the_start(client: PortalClient) -> None:
    for path in ("/choose", "/choose/check"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/"
