"""The consent pages: a decision recorded on someone's behalf (only lawful
bases offered, others refused, a stale form refused with both shown), a
request answered that the family then reads, and only for staff who may see
the record."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    ConsentDecision,
    ConsentItem,
    ConsentRequestAnswer,
    Contact,
    DecisionBasis,
    StaffRole,
)
from portal.services.consent.ask import ask_to_change
from portal.services.consent.registry import sync_consent_items
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_staff_user, make_team
from tests.support.family_sessions import sign_in_family
from tests.support.sign_in_helpers import Family, make_family


def _consent(family: Family, rest: str = "") -> str:
    return f"/staff/young-people/{family.young_person_id}/consent{rest}"


def _family(app: Flask) -> Family:
    family = make_family(app)
    with app.app_context():
        sync_consent_items(db.session)
        db.session.commit()
    return family


def _decisions(app: Flask) -> list[ConsentDecision]:
    with app.app_context():
        return list(db.session.scalars(select(ConsentDecision).order_by(ConsentDecision.id)))


def _asked(app: Flask, family: Family) -> int:
    with app.app_context():
        contact = db.session.get(Contact, family.contact.id)
        item = db.session.scalars(select(ConsentItem).where(ConsentItem.code == "register")).one()
        assert contact is not None
        request = ask_to_change(db.session, contact, item, "Can we talk?").request
        db.session.commit()
        return request.id


def _decision(family: Family, **changes: str) -> dict[str, str]:
    data = {
        "seen": "",
        "choice": "yes",
        "basis": f"contact-{family.contact.id}",
        "channel": "phone",
        "note": "Rang the office.",
    }
    data.update(changes)
    return data


def test_a_keyworker_records_a_parents_decision_told_by_phone(
    app: Flask, client: PortalClient
) -> None:
    family = _family(app)
    client.sign_in(family.keyworker, PASSWORD)
    record = client.get(f"/staff/young-people/{family.young_person_id}").get_data(as_text=True)
    assert _consent(family) in record
    form = client.get(_consent(family, "/decide?item=register")).get_data(as_text=True)
    assert f"contact-{family.contact.id}" in form

    done = client.post_form(_consent(family, "/decide?item=register"), _decision(family))

    assert done.status_code == 303 and done.headers["Location"] == _consent(family)
    [decision] = _decisions(app)
    assert decision.decided_by_contact_id == family.contact.id
    assert decision.basis is DecisionBasis.PARENTAL_RESPONSIBILITY
    assert decision.recorded_by_staff_id == family.keyworker.id
    page = client.get(_consent(family)).get_data(as_text=True)
    assert "Rang the office." in page and "phone call" in page


def test_a_basis_not_offered_is_refused_and_nothing_saved(app: Flask, client: PortalClient) -> None:
    family = _family(app)
    other = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    made_up = _decision(family, basis=f"contact-{other.contact.id}")
    refused = client.post_form(_consent(family, "/decide?item=register"), made_up)
    assert refused.status_code == 200
    assert "There is a problem" in refused.get_data(as_text=True)
    assert _decisions(app) == []


def test_a_form_shown_before_someone_else_decided_is_refused_with_both(
    app: Flask, client: PortalClient
) -> None:
    family = _family(app)
    client.sign_in(family.keyworker, PASSWORD)
    client.post_form(_consent(family, "/decide?item=register"), _decision(family))
    stale = client.post_form(
        _consent(family, "/decide?item=register"), _decision(family, choice="no")
    )
    html = stale.get_data(as_text=True)
    assert stale.status_code == 200
    assert "Someone else recorded a decision" in html
    assert "When you opened this page: nobody had decided." in html
    assert len(_decisions(app)) == 1


def test_a_reply_to_a_request_is_what_the_family_reads(app: Flask, client: PortalClient) -> None:
    family = _family(app)
    request_id = _asked(app, family)
    client.sign_in(family.keyworker, PASSWORD)
    assert f"/requests/{request_id}" in client.get(_consent(family)).get_data(as_text=True)

    missing = client.post_form(_consent(family, f"/requests/{request_id}"), {"reply": " "})
    assert "Enter your reply and the reason" in missing.get_data(as_text=True)
    reply = "We talked. You will stay on the list for now."
    done = client.post_form(_consent(family, f"/requests/{request_id}"), {"reply": reply})
    assert done.status_code == 303

    again = client.post_form(_consent(family, f"/requests/{request_id}"), {"reply": "Again"})
    assert "This request has an answer" in again.get_data(as_text=True)
    family_client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, family_client, family.contact)
    page = family_client.get("/my-choices/register").get_data(as_text=True)
    assert reply in page and "Your keyworker replied on" in page


def test_recording_the_decision_asked_for_answers_the_request(
    app: Flask, client: PortalClient
) -> None:
    family = _family(app)
    request_id = _asked(app, family)
    client.sign_in(family.keyworker, PASSWORD)
    path = _consent(family, f"/requests/{request_id}/decide")
    done = client.post_form(path, _decision(family, choice="no", reply="Done, as you asked."))
    assert done.status_code == 303
    [decision] = _decisions(app)
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action)))
    assert "staff.consent.decided" in actions and "staff.consent.request_answered" in actions
    family_client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, family_client, family.contact)
    page = family_client.get("/my-choices/register").get_data(as_text=True)
    assert "Your keyworker changed it on" in page and "Done, as you asked." in page
    assert decision.choice.value == "no"


def test_a_request_of_another_young_person_is_not_found(app: Flask, client: PortalClient) -> None:
    family = _family(app)
    other = _family(app)
    request_id = _asked(app, other)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.get(_consent(family, f"/requests/{request_id}")).status_code == 404
    assert client.get(_consent(family, "/decide?item=nonsense")).status_code == 404
    about_stranger = _consent(family, f"/decide?item=family_sees_portal&about={other.contact.id}")
    assert client.get(about_stranger).status_code == 404


PAGES = ("", "/decide?item=register", "/requests/{request}", "/requests/{request}/decide")


@pytest.mark.parametrize("who", ["other keyworker", "other team's manager", "administrator"])
def test_staff_who_may_not_see_the_record_are_refused(
    app: Flask, client: PortalClient, who: str
) -> None:
    family = _family(app)
    request_id = _asked(app, family)
    role = {
        "other keyworker": StaffRole.KEYWORKER,
        "other team's manager": StaffRole.MANAGER,
        "administrator": StaffRole.ADMIN,
    }[who]
    with app.app_context():
        user = make_staff_user(db.session, role=role, team=make_team(db.session))
        db.session.commit()
    client.sign_in(user, PASSWORD)
    status = 403 if role is StaffRole.ADMIN else 404
    token_page = "/staff/admin/staff" if role is StaffRole.ADMIN else "/staff/"
    for page in PAGES:
        path = _consent(family, page.format(request=request_id))
        assert client.get(path).status_code == status, path
        if page:  # the consent page itself has no form
            posted = client.post_form(path, _decision(family, reply="x"), token_page=token_page)
            assert posted.status_code == status, path
    assert _decisions(app) == []
    with app.app_context():
        assert db.session.scalars(select(ConsentRequestAnswer)).all() == []


def test_the_manager_of_the_team_may_record(app: Flask, client: PortalClient) -> None:
    family = _family(app)
    client.sign_in(family.manager, PASSWORD)
    done = client.post_form(_consent(family, "/decide?item=register"), _decision(family))
    assert done.status_code == 303


def test_a_family_member_cannot_use_the_staff_pages(app: Flask) -> None:
    family = _family(app)
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, client, family.contact)
    token = client.csrf_token("/home")
    data = {**_decision(family), "csrf_token": token}
    assert client.post(_consent(family, "/decide?item=register"), data=data).status_code == 403
    assert _decisions(app) == []


def test_a_hard_reply_shows_suggestions_before_it_is_sent(app: Flask, client: PortalClient) -> None:
    family = _family(app)
    request_id = _asked(app, family)
    client.sign_in(family.keyworker, PASSWORD)
    path = _consent(family, f"/requests/{request_id}")
    hard = "Notwithstanding the aforementioned considerations, continuation is appropriate."
    shown = client.post_form(path, {"reply": hard})
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "is a long word" in html
    assert "Save anyway" in html
    with app.app_context():
        assert db.session.scalars(select(ConsentRequestAnswer)).all() == []
    sent = client.post_form(path, {"reply": hard, "save_anyway": "y"})
    assert sent.status_code == 303
