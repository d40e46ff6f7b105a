"""Family sign-in from the staff side: invitations from the record (and the
`invite` command), only to a verified address, and the reasonable adjustment
that skips the date of birth check. Only staff who may see the record can do
either."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AccessLink,
    AuditEvent,
    Contact,
    LinkPurpose,
    Message,
    StaffRole,
    utc_now,
)
from tests.client import PortalClient
from tests.support.factories import PASSWORD, make_contact, make_staff_user, make_team
from tests.support.family_sessions import sessions_of, start_family_session
from tests.support.sign_in_helpers import Family, make_family, sign_in_with_link

CLINICAL_WORDS = re.compile(
    r"autis|learning disab|mental|health|hospital|camhs|cetr|diagnos|risk|"
    r"register|crisis|plan|meeting|admission|section",
    re.IGNORECASE,
)
LINK = re.compile(r"http://portal\.test/l/([A-Za-z0-9_-]{22})")


def _invite_path(family: Family, contact_id: int | None = None) -> str:
    contact_id = contact_id or family.contact.id
    return f"/staff/young-people/{family.young_person_id}/contacts/{contact_id}/invite"


def _record(family: Family) -> str:
    return f"/staff/young-people/{family.young_person_id}"


def _messages(app: Flask) -> list[Message]:
    with app.app_context():
        return list(db.session.scalars(select(Message).order_by(Message.id)))


def test_a_keyworker_invites_a_contact_from_the_record(app: Flask, client: PortalClient) -> None:
    family = make_family(app, email="alex.parent@example.org")
    client.sign_in(family.keyworker, PASSWORD)
    record = client.get(_record(family)).get_data(as_text=True)
    assert 'id="family-sign-in"' in record
    assert _invite_path(family) in record

    response = client.post_form(_invite_path(family), token_page=_record(family))
    assert response.status_code == 303
    assert response.headers["Location"] == _record(family) + "#family-sign-in"
    shown = client.get(_record(family)).get_data(as_text=True)
    assert f"We sent {family.contact.name} a link by text message. It works for 3 days." in shown

    [message] = _messages(app)
    assert message.channel.value == "sms" and message.contact_id == family.contact.id
    assert LINK.search(message.body)
    assert not CLINICAL_WORDS.search(message.body), message.body
    for name in ("Robin", "Testmore", family.contact.name):
        assert name not in message.body
    with app.app_context():
        link = db.session.scalars(select(AccessLink)).one()
        issued = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "access_link.issued")
        ).one()
    assert link.purpose is LinkPurpose.INVITATION and link.issued_by_staff_id == family.keyworker.id
    assert (issued.actor_staff_id, issued.young_person_id) == (
        family.keyworker.id,
        family.young_person_id,
    )
    assert issued.detail["channel"] == "sms"

    # The link in the message signs the contact in.
    family_client = PortalClient(app, app.response_class)
    token = LINK.search(message.body)[1]  # type: ignore[index]
    assert sign_in_with_link(family_client, token).headers["Location"] == "/home"


def test_a_manager_invites_within_their_team(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.manager, PASSWORD)
    assert client.post_form(_invite_path(family), token_page="/staff/").status_code == 303
    assert len(_messages(app)) == 1


@pytest.mark.parametrize("who", ["other keyworker", "other team's manager", "mismatched ids"])
def test_staff_who_may_not_see_the_record_cannot_invite(
    app: Flask, client: PortalClient, who: str
) -> None:
    family, other = make_family(app), make_family(app)
    with app.app_context():
        team = make_team(db.session)
        if who == "other keyworker":
            user = make_staff_user(db.session, team=team)
        elif who == "other team's manager":
            user = make_staff_user(db.session, role=StaffRole.MANAGER, team=team)
        else:
            user = family.keyworker
        db.session.commit()
    client.sign_in(user, PASSWORD)
    path = (
        _invite_path(family, other.contact.id) if who == "mismatched ids" else _invite_path(family)
    )
    assert client.post_form(path, token_page="/staff/").status_code == 404
    assert _messages(app) == []


def test_an_administrator_cannot_invite(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    with app.app_context():
        admin = make_staff_user(db.session, role=StaffRole.ADMIN)
        db.session.commit()
    client.sign_in(admin, PASSWORD)
    assert (
        client.post_form(_invite_path(family), token_page="/staff/admin/staff").status_code == 403
    )
    assert _messages(app) == []


def test_inviting_needs_a_post_with_a_csrf_token(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.get(_invite_path(family)).status_code == 405
    assert client.post(_invite_path(family)).status_code == 400
    assert _messages(app) == []


def test_no_link_is_sent_to_someone_who_may_not_use_the_portal(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app, portal_access_enabled=False)
    client.sign_in(family.keyworker, PASSWORD)
    assert client.post_form(_invite_path(family), token_page="/staff/").status_code == 303
    shown = client.get(_record(family)).get_data(as_text=True)
    assert f"We did not send {family.contact.name} a link" in shown
    assert _messages(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AccessLink)) == 0


def test_no_invitation_goes_to_a_number_nobody_has_verified(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app, mobile="07700 900420", verified=False)
    client.sign_in(family.keyworker, PASSWORD)
    record = client.get(_record(family)).get_data(as_text=True)
    assert "An invitation cannot go yet." in record
    assert "This mobile number is not verified." in record
    assert "Check it with them, for example by phoning them, then mark it verified." in record
    assert _invite_path(family) not in record

    response = client.post_form(_invite_path(family), token_page=_record(family))
    assert response.status_code == 303
    shown = client.get(_record(family)).get_data(as_text=True)
    assert (
        f"We did not send {family.contact.name} a link: this mobile number is not verified."
        in shown
    )
    assert _messages(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AccessLink)) == 0


def test_no_invitation_goes_to_an_unverified_email_address_even_with_a_verified_number(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app, email="chris.parent@example.org")
    with app.app_context():
        contact = db.session.get(Contact, family.contact.id)
        contact.preferred_channel = contact.preferred_channel.EMAIL  # type: ignore[union-attr]
        contact.email_verified = False  # type: ignore[union-attr]
        db.session.commit()
    client.sign_in(family.keyworker, PASSWORD)
    assert "This email address is not verified." in client.get(_record(family)).get_data(
        as_text=True
    )
    client.post_form(_invite_path(family), token_page=_record(family))
    assert "this email address is not verified" in client.get(_record(family)).get_data(
        as_text=True
    )
    assert _messages(app) == []


def test_an_invitation_goes_by_the_preferred_channel(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    with app.app_context():
        emailed = make_contact(
            db.session,
            young_person=db.session.get(Contact, family.contact.id).young_person,  # type: ignore[union-attr]
            email="chris.parent@example.org",
        )
        emailed.preferred_channel = emailed.preferred_channel.EMAIL
        db.session.commit()
    client.sign_in(family.keyworker, PASSWORD)
    client.post_form(_invite_path(family, emailed.id), token_page="/staff/")
    [message] = _messages(app)
    assert (message.channel.value, message.to_address) == ("email", "chris.parent@example.org")
    assert message.subject == "Your link to the Keyworker Family Portal"


def test_an_invitation_lifts_a_sign_in_lock(app: Flask, client: PortalClient) -> None:
    family = make_family(app)
    with app.app_context():
        contact = db.session.get(Contact, family.contact.id)
        contact.sign_in_locked_at = utc_now()  # type: ignore[union-attr]
        contact.identity_check_failures = 5  # type: ignore[union-attr]
        db.session.commit()
        # Saved after the lock by a request that passed the check just before
        # it, and never used while the lock lasted.
        start_family_session(db.session, contact)  # type: ignore[arg-type]
    client.sign_in(family.keyworker, PASSWORD)
    assert "Family sign-in locked" in client.get("/staff/").get_data(as_text=True)
    client.post_form(_invite_path(family), token_page="/staff/")
    assert "Family sign-in locked" not in client.get("/staff/").get_data(as_text=True)
    with app.app_context():
        contact = db.session.get(Contact, family.contact.id)
        assert contact.sign_in_locked_at is None  # type: ignore[union-attr]
        assert contact.identity_check_failures == 0  # type: ignore[union-attr]
        lifted = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "family.sign_in_lock.lifted")
        ).one()
    assert lifted.actor_staff_id == family.keyworker.id
    assert lifted.detail == {"contact_id": family.contact.id, "sessions_ended": 1}
    # It does not come back to life when the lock is lifted.
    assert sessions_of(app, family.contact.id) == 0


# The reasonable adjustment


def _skip_path(family: Family) -> str:
    return (
        f"/staff/young-people/{family.young_person_id}/contacts/{family.contact.id}"
        "/skip-date-of-birth-check"
    )


def test_staff_record_a_reasonable_adjustment_to_skip_the_check(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    client.sign_in(family.keyworker, PASSWORD)
    assert _skip_path(family) in client.get(_record(family)).get_data(as_text=True)
    blank = client.post_form(_skip_path(family), {"reason": "  "})
    assert blank.status_code == 200
    assert "Enter the reason for the adjustment" in blank.get_data(as_text=True)

    saved = client.post_form(_skip_path(family), {"reason": "Cannot type dates; agreed today."})
    assert saved.status_code == 303
    record = client.get(_record(family)).get_data(as_text=True)
    assert "Cannot type dates; agreed today." in record
    assert "skipped as a reasonable adjustment" in record
    assert family.keyworker.name in record
    with app.app_context():
        recorded = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "contact.identity_check_skip.recorded")
        ).one()
    assert recorded.actor_staff_id == family.keyworker.id
    assert recorded.detail["reason"] == "Cannot type dates; agreed today."

    again = (
        f"/staff/young-people/{family.young_person_id}/contacts/{family.contact.id}"
        "/ask-date-of-birth"
    )
    assert client.post_form(again, token_page=_record(family)).status_code == 303
    assert "Date of birth check: asked after each link." in client.get(_record(family)).get_data(
        as_text=True
    )
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "contact.identity_check_skip.removed" in actions


def test_only_staff_who_may_see_the_record_can_skip_the_check(
    app: Flask, client: PortalClient
) -> None:
    family = make_family(app)
    with app.app_context():
        stranger = make_staff_user(db.session, team=make_team(db.session))
        db.session.commit()
    client.sign_in(stranger, PASSWORD)
    assert client.get(_skip_path(family)).status_code == 404
    response = client.post_form(_skip_path(family), {"reason": "x"}, token_page="/staff/")
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Contact, family.contact.id).identity_check_skip_reason is None  # type: ignore[union-attr]


# The `invite` command


def test_the_invite_command_sends_an_invitation_and_prints_the_link_in_development(
    app: Flask,
) -> None:
    family = make_family(app)
    result = app.test_cli_runner().invoke(args=["invite", "--contact", str(family.contact.id)])
    assert result.exit_code == 0, result.output
    assert f"for contact {family.contact.id} is in the outbox (sms)" in result.output
    printed = LINK.search(result.output)
    [message] = _messages(app)
    assert printed and printed[0] in message.body
    with app.app_context():
        issued = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "access_link.issued")
        ).one()
    assert issued.actor_role.value == "system"


def test_the_invite_command_does_not_print_the_link_in_production(app: Flask) -> None:
    app.config["OUTBOX_PAGE_ENABLED"] = False
    family = make_family(app)
    result = app.test_cli_runner().invoke(args=["invite", "--contact", str(family.contact.id)])
    assert result.exit_code == 0, result.output
    assert "/l/" not in result.output
    assert len(_messages(app)) == 1


def test_the_invite_command_sends_nothing_to_an_unverified_number(app: Flask) -> None:
    family = make_family(app, verified=False)
    refused = app.test_cli_runner().invoke(args=["invite", "--contact", str(family.contact.id)])
    assert refused.exit_code != 0
    assert f"Contact {family.contact.id}'s mobile number is not verified" in refused.output
    assert _messages(app) == []


def test_the_invite_command_explains_why_it_sent_nothing(app: Flask) -> None:
    family = make_family(app, portal_access_enabled=False)
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["invite", "--contact", str(family.contact.id)])
    assert refused.exit_code != 0
    assert "may not use the portal today (access_switched_off)" in refused.output
    missing = runner.invoke(args=["invite", "--contact", "999999"])
    assert missing.exit_code != 0 and "There is no contact 999999." in missing.output
    assert _messages(app) == []
