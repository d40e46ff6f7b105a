"""Asking the keyworker to change a choice: one request however often it is
sent while it waits, a new one once the keyworker has seen it, and an open
request that closes when a decision comes after it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import ConsentChangeRequest, FamilyInputKind, Relationship, utc_now
from portal.services.consent.ask import MESSAGE_MAX_LENGTH, ask_to_change
from portal.services.consent.decide import DecideOutcome
from portal.services.consent.family_view import choice_page
from portal.services.consent.registry import FAMILY_SEES_PORTAL
from portal.timezones import london_today
from tests.portal.services.consent.choices_data import (
    YES,
    change,
    contact_of,
    events,
    item,
    notices,
)


def _requests(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ConsentChangeRequest)) or 0)


def test_asking_to_change_reaches_the_keyworker_once(demo: Session) -> None:
    parent = contact_of(demo, "Sam", Relationship.PARENT)
    school = item(demo, "share_school")
    first = ask_to_change(demo, parent, school, "  Please can we talk about school?  ")
    assert not first.already_asked
    assert first.request.message == "Please can we talk about school?"
    again = ask_to_change(demo, parent, school, "Please can we talk about school?")
    assert again.already_asked and again.request.id == first.request.id
    assert _requests(demo) == 1
    (notice,) = notices(demo, FamilyInputKind.CONSENT_CHANGE_REQUEST)
    assert notice.subject_id == first.request.id
    assert notice.summary == "Asked to change 'Share information with school'"
    (event,) = events(demo, "family.consent.change_requested")
    assert event.detail == {
        "consent_change_request_id": first.request.id,
        "item": "share_school",
        "with_message": True,
    }
    # A different message is a new request; nothing sent is lost.
    assert not ask_to_change(demo, parent, school, None).already_asked
    assert _requests(demo) == 2


def test_a_request_is_kept_only_when_the_caller_commits(demo: Session) -> None:
    parent = contact_of(demo, "Sam", Relationship.PARENT)
    school = item(demo, "share_school")
    demo.commit()
    ask_to_change(demo, parent, school, None)
    demo.rollback()
    assert _requests(demo) == 0
    assert notices(demo, FamilyInputKind.CONSENT_CHANGE_REQUEST) == []


def test_asking_again_after_the_keyworker_has_seen_it_is_a_new_request(demo: Session) -> None:
    parent = contact_of(demo, "Sam", Relationship.PARENT)
    school = item(demo, "share_school")
    ask_to_change(demo, parent, school, None)
    keyworker_id = parent.young_person.keyworker_id
    notice = notices(demo, FamilyInputKind.CONSENT_CHANGE_REQUEST)[0]
    notice.seen_by_id = keyworker_id
    notice.seen_at = utc_now()
    demo.commit()
    assert not ask_to_change(demo, parent, school, None).already_asked
    page = choice_page(demo, parent, school, london_today())
    assert page.open_request is not None


def test_a_request_about_who_sees_the_portal_is_about_the_asker(demo: Session) -> None:
    parent = contact_of(demo, "Sam", Relationship.PARENT)
    result = ask_to_change(demo, parent, item(demo, FAMILY_SEES_PORTAL.code), None)
    assert result.request.about_contact_id == parent.id
    # Any other request is about nobody in particular.
    other = ask_to_change(demo, parent, item(demo, "share_gp"), None)
    assert other.request.about_contact_id is None


def test_a_message_that_is_too_long_is_refused(demo: Session) -> None:
    parent = contact_of(demo, "Sam", Relationship.PARENT)
    with pytest.raises(ValueError):
        ask_to_change(demo, parent, item(demo, "share_school"), "x" * (MESSAGE_MAX_LENGTH + 1))
    assert _requests(demo) == 0


def test_an_open_request_closes_when_a_decision_comes_after_it(demo: Session) -> None:
    parent = contact_of(demo, "Sam", Relationship.PARENT)
    sam = contact_of(demo, "Sam", Relationship.SELF)
    school = item(demo, "share_school")
    ask_to_change(demo, parent, school, None)
    assert choice_page(demo, parent, school, london_today()).open_request is not None
    assert change(demo, sam, "share_school", YES) is DecideOutcome.CHANGED
    assert choice_page(demo, parent, school, london_today()).open_request is None
