"""Every staff route that takes an id resolves it through one check: the
need-to-know rule for a young person and what belongs to them, or the account
for an administrator. Unknown and not allowed answer the same 404."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Blueprint, Flask, Response
from sqlalchemy import select

from portal.access import staff
from portal.extensions import db
from portal.models import ActorRole, AuditEvent, Meeting, StaffRole, YoungPerson
from portal.services.access.refusals import ACCESS_REFUSED
from portal.staff.resolvers import resolved_variables, staff_young_person
from tests.client import PortalClient
from tests.support.factories import (
    PASSWORD,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)

# What differs on every page whatever it shows: a script nonce, and the CSRF
# token (signed with the time) of the sign-out and stay-signed-in forms.
PER_RESPONSE = re.compile(r' nonce="[^"]+"|name="csrf_token" value="[^"]+"')


def unresolved_staff_variables(app: Flask) -> list[str]:
    """Staff routes with a URL variable their view's decorator does not resolve."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("staff."):
            continue
        missing = set(rule.arguments) - resolved_variables(app.view_functions[rule.endpoint])
        if missing:
            found.append(f"{rule.rule} ({', '.join(sorted(missing))})")
    return sorted(found)


def test_every_staff_route_resolves_the_ids_in_its_address(app: Flask) -> None:
    assert unresolved_staff_variables(app) == [], (
        "resolve ids with portal.staff.resolvers (@staff_young_person() or @staff_account)"
    )
    with_ids = [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("staff.") and rule.arguments
    ]
    assert len(with_ids) >= 8  # the record, 5 about a contact, 2 about an account


def _text(text: str) -> Response:
    return Response(text, mimetype="text/plain")


def test_a_staff_route_that_reads_an_id_itself_is_found() -> None:
    app = Flask(__name__)
    blueprint = Blueprint("staff", __name__)

    @blueprint.route("/young-people/<int:young_person_id>/unchecked")
    def unchecked(young_person_id: int) -> Response:
        return _text(str(young_person_id))

    @blueprint.route("/young-people/<int:young_person_id>/checked")
    @staff_young_person()
    def checked(young_person: YoungPerson) -> Response:
        return _text(young_person.preferred_name)

    @blueprint.route("/young-people/<int:young_person_id>/things/<int:thing_id>")
    @staff_young_person()
    def thing(young_person: YoungPerson, **rows: Any) -> Response:
        return _text("a thing")

    @blueprint.route("/no-ids")
    def no_ids() -> Response:
        return _text("nothing to resolve")

    app.register_blueprint(blueprint)
    assert unresolved_staff_variables(app) == [
        "/young-people/<int:young_person_id>/things/<int:thing_id> (thing_id)",
        "/young-people/<int:young_person_id>/unchecked (young_person_id)",
    ]


def _add_meeting_route(app: Flask, *, shows_record: bool) -> None:
    """A route about one meeting of a young person, added for the test."""

    def meeting_page(young_person: YoungPerson, meeting: Meeting) -> Response:
        return _text(f"{young_person.preferred_name}: meeting {meeting.id}")

    view: Callable[..., Response] = staff(StaffRole.KEYWORKER, StaffRole.MANAGER)(
        staff_young_person(shows_record=shows_record)(meeting_page)
    )
    app.add_url_rule(
        "/staff/test/young-people/<int:young_person_id>/meetings/<int:meeting_id>",
        "test_meeting_page",
        view,
    )


@pytest.mark.parametrize("shows_record", [False, True])
def test_a_young_persons_meeting_is_reached_only_through_them(
    app: Flask, client: PortalClient, shows_record: bool
) -> None:
    _add_meeting_route(app, shows_record=shows_record)
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        own = make_young_person(db.session, team=team, keyworker=keyworker, preferred_name="Kit")
        also_own = make_young_person(db.session, team=team, keyworker=keyworker)
        not_own = make_young_person(db.session, team=team, keyworker=make_staff_user(db.session))
        meeting = make_meeting(db.session, young_person=own).id
        also_own_meeting = make_meeting(db.session, young_person=also_own).id
        not_own_meeting = make_meeting(db.session, young_person=not_own).id
        own_id, not_own_id = own.id, not_own.id
        db.session.commit()
    client.sign_in(keyworker, PASSWORD)
    path = "/staff/test/young-people/{}/meetings/{}".format

    found = client.get(path(own_id, meeting))
    assert (found.status_code, found.get_data(as_text=True)) == (200, f"Kit: meeting {meeting}")
    refused = {
        path(own_id, also_own_meeting): "another young person's, also allowed",
        path(not_own_id, not_own_meeting): "not allowed",
        path(own_id, 999_999): "no such meeting",
        path(999_999, meeting): "no such young person",
    }
    pages = set()
    for refused_path, why in refused.items():
        response = client.get(refused_path)
        assert response.status_code == 404, why
        # The page also names its own address, to come back to.
        page = response.get_data(as_text=True).replace(refused_path, "")
        pages.add(PER_RESPONSE.sub("", page))
    assert len(pages) == 1  # nothing else tells them apart

    with app.app_context():
        views = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "record.viewed")
        ).all()
    if shows_record:
        [view] = views
        assert (view.actor_staff_id, view.young_person_id, view.ip_address) == (
            keyworker.id,
            own_id,
            "127.0.0.1",
        )
    else:
        assert views == []
    # Each refusal is audited, with the ids asked for, whether or not they exist.
    assert [refusal.detail["asked_for"] for refusal in _refusals(app)] == [
        {"young_person_id": own_id, "meeting_id": also_own_meeting},
        {"young_person_id": not_own_id, "meeting_id": not_own_meeting},
        {"young_person_id": own_id, "meeting_id": 999_999},
        {"young_person_id": 999_999, "meeting_id": meeting},
    ]


def _refusals(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action == ACCESS_REFUSED)
                .order_by(AuditEvent.id)
            )
        )


def test_a_keyworker_opening_another_keyworkers_record_is_refused_and_audited(
    app: Flask, client: PortalClient
) -> None:
    with app.app_context():
        team = make_team(db.session)
        keyworker = make_staff_user(db.session, team=team)
        colleague = make_staff_user(db.session, team=team)
        theirs = make_young_person(db.session, team=team, keyworker=colleague).id
        db.session.commit()
    client.sign_in(keyworker, PASSWORD)

    refused_path, missing_path = f"/staff/young-people/{theirs}", "/staff/young-people/999999"
    refused = client.get(refused_path, query_string={"q": "anything"})
    missing = client.get(missing_path, query_string={"q": "anything"})
    assert refused.status_code == missing.status_code == 404
    # Nothing tells a refused record from one that does not exist.
    pages = [
        PER_RESPONSE.sub("", response.get_data(as_text=True).replace(path, ""))
        for response, path in ((refused, refused_path), (missing, missing_path))
    ]
    assert pages[0] == pages[1]
    assert refused.headers.get("Set-Cookie") == missing.headers.get("Set-Cookie")

    first, second = _refusals(app)  # saved, although the answer was 404
    assert (first.actor_staff_id, first.actor_role, first.ip_address) == (
        keyworker.id,
        ActorRole.KEYWORKER,
        "127.0.0.1",
    )
    assert first.young_person_id is None  # a refusal is not a look at the record
    assert first.detail == {
        "reason": "not_visible",
        "endpoint": "staff.record",
        "method": "GET",
        "asked_for": {"young_person_id": theirs},
    }
    assert second.detail["asked_for"] == {"young_person_id": 999_999}
    with app.app_context():
        looks = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "record.viewed")
        ).all()
    assert looks == []


def test_an_administrator_never_reaches_a_young_person(app: Flask, client: PortalClient) -> None:
    # The role check answers before the resolver: an admin has no young people.
    _add_meeting_route(app, shows_record=True)
    with app.app_context():
        team = make_team(db.session)
        admin = make_staff_user(db.session, role=StaffRole.ADMIN, team=team)
        person = make_young_person(db.session, team=team)
        meeting = make_meeting(db.session, young_person=person).id
        person_id = person.id
        db.session.commit()
    client.sign_in(admin, PASSWORD)
    response = client.get(f"/staff/test/young-people/{person_id}/meetings/{meeting}")
    assert response.status_code == 403
