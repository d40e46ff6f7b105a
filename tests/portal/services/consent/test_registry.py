"""The consent registry: every item defined once in code, with the flags the
rules read, and the `consent_items` rows kept in step with it without ever
losing a row that history points at."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from easyread.render.consent import KNOWN
from portal.models import (
    ConsentChangeRequest,
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    DecisionArea,
    DecisionBasis,
    DecisionChannel,
)
from portal.services.consent import registry
from portal.services.consent.registry import (
    CONSENT_ITEM_TYPES,
    ConsentItemType,
    item_type,
    sync_consent_items,
)
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person


def _rows(session: Session) -> dict[str, tuple[object, ...]]:
    return {
        row.code: (row.id, row.title, row.description, row.agency, row.display_order)
        for row in session.scalars(select(ConsentItem))
    }


def _as_row(kind: ConsentItemType) -> tuple[object, ...]:
    return (kind.title, kind.description, kind.agency, kind.display_order)


# The registry


def test_codes_and_places_in_the_list_are_each_used_once() -> None:
    codes = [kind.code for kind in CONSENT_ITEM_TYPES]
    orders = [kind.display_order for kind in CONSENT_ITEM_TYPES]
    assert len(set(codes)) == len(codes)
    assert orders == sorted(set(orders))


def test_every_easy_read_key_has_easy_read_words() -> None:
    keys = [kind.easy_read_key for kind in CONSENT_ITEM_TYPES if kind.easy_read_key]
    assert keys and all(key in KNOWN for key in keys)
    # What easyread has no words for, the family pages word themselves.
    for kind in CONSENT_ITEM_TYPES:
        if kind.easy_read_key is None:
            assert kind.lets_contact_see_portal and kind.picture, kind.code


def test_only_who_sees_the_portal_is_decided_from_16_by_the_young_person() -> None:
    def flagged(flag: str) -> list[str]:
        return [kind.code for kind in CONSENT_ITEM_TYPES if getattr(kind, flag)]

    assert flagged("about_one_contact") == ["feedback_in_reports", "family_sees_portal"]
    # Quoting feedback: each contact decides about their own words.
    assert flagged("each_contact_decides_own") == ["feedback_in_reports"]
    for flag in (
        "decided_from_16",
        "only_the_young_person_decides",
        "lets_contact_see_portal",
    ):
        assert flagged(flag) == ["family_sees_portal"], flag
    assert flagged("urgent_when_withdrawn") == ["register"]
    assert registry.FAMILY_SEES_PORTAL.area is DecisionArea.FAMILY_ACCESS


def test_sharing_items_name_their_agency() -> None:
    for kind in CONSENT_ITEM_TYPES:
        if kind.code.startswith("share_") and kind is not registry.SHARE_VIEWS_WITH_PANEL:
            assert kind.agency and kind.area is DecisionArea.INFORMATION_SHARING, kind.code


def test_every_item_has_its_own_standard_staff_wording() -> None:
    """Staff pages say "Share information with GP", not the family's "your GP"."""
    titles = [kind.staff_title for kind in CONSENT_ITEM_TYPES]
    assert len(set(titles)) == len(titles)
    for kind in CONSENT_ITEM_TYPES:
        words = kind.staff_title.lower().split()
        assert kind.staff_title and kind.staff_title != kind.title, kind.code
        assert "your" not in words and "you" not in words, kind.code
    assert registry.SHARE_GP.staff_title == "Share information with GP"


def test_a_row_the_registry_does_not_know_keeps_its_words_for_staff() -> None:
    assert registry.staff_title(ConsentItem(code="share_gp", title="Old words")) == (
        "Share information with GP"
    )
    assert registry.staff_title(ConsentItem(code="gone", title="Old words")) == "Old words"


def test_an_item_the_registry_does_not_know_is_plain_information_sharing() -> None:
    kind = item_type("share_with_the_moon")
    assert kind.code == "share_with_the_moon"
    assert kind.area is DecisionArea.INFORMATION_SHARING
    assert not (kind.about_one_contact or kind.urgent_when_withdrawn or kind.decided_from_16)
    assert item_type("register") is registry.REGISTER


# Keeping the rows in step


def test_sync_adds_every_item_once(session: Session) -> None:
    assert sync_consent_items(session) == len(CONSENT_ITEM_TYPES)
    rows = _rows(session)
    assert {code: row[1:] for code, row in rows.items()} == {
        kind.code: _as_row(kind) for kind in CONSENT_ITEM_TYPES
    }
    assert sync_consent_items(session) == 0
    assert _rows(session) == rows


def test_sync_puts_back_changed_words_and_order_and_a_missing_item(session: Session) -> None:
    sync_consent_items(session)
    school = session.scalars(select(ConsentItem).where(ConsentItem.code == "share_school")).one()
    school.title = "An old title"
    school.display_order = 99
    session.delete(session.scalars(select(ConsentItem).where(ConsentItem.code == "share_gp")).one())
    session.flush()
    assert sync_consent_items(session) == 2
    assert (school.title, school.display_order) == (
        registry.SHARE_SCHOOL.title,
        registry.SHARE_SCHOOL.display_order,
    )
    assert "share_gp" in _rows(session)


@pytest.mark.parametrize("pointed_at_by", [None, "decision", "request"])
def test_an_item_no_longer_in_the_registry_goes_only_if_nothing_points_at_it(
    session: Session, pointed_at_by: str | None
) -> None:
    sync_consent_items(session)
    retired = ConsentItem(code="retired", title="Retired", description="Gone.", display_order=50)
    session.add(retired)
    session.flush()
    person = make_young_person(session, team=make_team(session))
    if pointed_at_by == "decision":
        session.add(
            ConsentDecision(
                young_person_id=person.id,
                item_id=retired.id,
                choice=ConsentChoice.YES,
                decided_by_staff_id=make_staff_user(session, with_totp=False).id,
                basis=DecisionBasis.OWN_CONSENT,
                channel=DecisionChannel.IN_PERSON,
            )
        )
    elif pointed_at_by == "request":
        contact = make_contact(session, young_person=person)
        session.add(
            ConsentChangeRequest(
                young_person_id=person.id, contact_id=contact.id, item_id=retired.id
            )
        )
    session.flush()
    kept = pointed_at_by is not None
    assert sync_consent_items(session) == (0 if kept else 1)
    assert ("retired" in _rows(session)) is kept


def test_the_views_before_a_meeting_ask_about_a_registry_item() -> None:
    assert registry.SHARE_VIEWS_WITH_PANEL in CONSENT_ITEM_TYPES
    assert registry.SHARE_VIEWS_WITH_PANEL.area is DecisionArea.INFORMATION_SHARING
    assert registry.item_type("share_views_with_panel") is registry.SHARE_VIEWS_WITH_PANEL
