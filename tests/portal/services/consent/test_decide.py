"""Changing a choice in two steps: added to the history, never overwritten;
nothing added when it changes nothing or someone else changed it meanwhile;
and nothing kept unless the caller's unit of work commits."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    ConsentDecision,
    DecisionBasis,
    DecisionChannel,
    FamilyInputKind,
    Relationship,
    WebSession,
)
from portal.services.access.family_rules import may_change_consent
from portal.services.consent.decide import (
    DecideOutcome,
    NotAChoice,
    PendingChange,
    check_change,
    decide,
    prepare_change,
)
from portal.services.consent.registry import FAMILY_SEES_PORTAL
from portal.timezones import london_today
from tests.portal.services.consent.choices_data import (
    NO,
    YES,
    change,
    contact_of,
    decisions,
    events,
    item,
    notices,
)
from tests.support.factories import make_consent_decision
from tests.support.family_sessions import start_family_session

WHO_SEES = FAMILY_SEES_PORTAL.code


def test_sam_changes_sharing_with_school_and_the_history_is_kept(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
    person = sam.young_person
    before = decisions(demo, person, "share_school")
    assert before[-1].choice is NO

    assert change(demo, sam, "share_school", YES) is DecideOutcome.CHANGED
    assert change(demo, sam, "share_school", NO) is DecideOutcome.CHANGED

    after = decisions(demo, person, "share_school")
    assert [d.id for d in after[: len(before)]] == [d.id for d in before]
    added = after[len(before) :]
    assert [d.choice for d in added] == [YES, NO]
    for decision in added:
        assert decision.channel is DecisionChannel.PORTAL
        assert decision.basis is DecisionBasis.OWN_CONSENT
        assert decision.decided_by_contact_id == sam.id
        assert decision.about_contact_id is None
        assert decision.best_interests_decision_id is None
    found = notices(demo, FamilyInputKind.CONSENT_DECISION)
    assert [n.summary for n in found] == [
        "Changed 'Share information with school' to yes",
        "Changed 'Share information with school' to no",
    ]
    assert [n.subject_id for n in found] == [d.id for d in added]
    assert not any(n.urgent for n in found)
    decided = events(demo, "family.consent.decided")
    assert [e.detail["consent_decision_id"] for e in decided] == [d.id for d in added]
    assert all(e.actor_contact_id == sam.id for e in decided)


def test_a_change_is_kept_only_when_the_caller_commits(demo: Session) -> None:
    """The request's unit of work commits: a change rolled back leaves no
    decision, notice or audit event behind."""
    sam = contact_of(demo, "Sam", Relationship.SELF)
    demo.commit()
    before = demo.scalar(select(func.count()).select_from(ConsentDecision))
    assert change(demo, sam, "share_school", YES) is DecideOutcome.CHANGED
    demo.rollback()
    assert demo.scalar(select(func.count()).select_from(ConsentDecision)) == before
    assert notices(demo, FamilyInputKind.CONSENT_DECISION) == []
    assert events(demo, "family.consent.decided") == []


def test_choosing_the_current_choice_again_adds_nothing(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
    school = item(demo, "share_school")
    pending = prepare_change(demo, sam, school, NO, None)
    check = check_change(demo, sam, school, pending, london_today())
    assert not check.changes_something
    before = len(decisions(demo, sam.young_person, "share_school"))
    assert decide(demo, sam, school, pending, london_today()).outcome is DecideOutcome.UNCHANGED
    assert len(decisions(demo, sam.young_person, "share_school")) == before
    assert notices(demo, FamilyInputKind.CONSENT_DECISION) == []


def test_a_choice_changed_by_someone_else_meanwhile_adds_nothing(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
    school = item(demo, "share_school")
    pending = prepare_change(demo, sam, school, YES, None)
    # The keyworker records Sam's "yes" from a meeting before he confirms.
    make_consent_decision(demo, young_person=sam.young_person, item_code="share_school", choice=YES)
    demo.commit()
    assert check_change(demo, sam, school, pending, london_today()).changed_meanwhile
    before = len(decisions(demo, sam.young_person, "share_school"))
    assert decide(demo, sam, school, pending, london_today()).outcome is DecideOutcome.STALE
    assert len(decisions(demo, sam.young_person, "share_school")) == before


def test_withdrawing_consent_to_the_register_is_urgent(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
    assert change(demo, sam, "register", NO) is DecideOutcome.CHANGED
    (notice,) = notices(demo, FamilyInputKind.CONSENT_DECISION)
    assert notice.urgent
    assert notice.summary == "Changed 'On the Dynamic Support Register (DSR)' to no"
    (event,) = events(demo, "family.consent.decided")
    assert event.detail["urgent"] is True
    # Saying yes again is not urgent.
    assert change(demo, sam, "register", YES) is DecideOutcome.CHANGED
    assert not notices(demo, FamilyInputKind.CONSENT_DECISION)[-1].urgent


def test_withdrawing_another_consent_is_not_urgent(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
    assert change(demo, sam, "contact_by_message", NO) is DecideOutcome.CHANGED
    (notice,) = notices(demo, FamilyInputKind.CONSENT_DECISION)
    assert not notice.urgent


def test_saying_no_to_someone_seeing_the_portal_ends_their_sessions(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
    parent = contact_of(demo, "Sam", Relationship.PARENT)
    start_family_session(demo, parent)
    start_family_session(demo, parent)
    start_family_session(demo, sam)
    who_sees = item(demo, WHO_SEES)
    pending = prepare_change(demo, sam, who_sees, NO, parent.id)
    result = decide(demo, sam, who_sees, pending, london_today())
    assert result.outcome is DecideOutcome.CHANGED
    assert result.sessions_ended == 2
    assert result.decision is not None and result.decision.about_contact_id == parent.id
    ended = events(demo, "family.session.ended")
    assert [e.detail["contact_id"] for e in ended] == [parent.id]
    notice = notices(demo, FamilyInputKind.CONSENT_DECISION)[-1]
    assert notice.summary == (
        f"Changed 'Contact may see the portal (plan and meetings)' to no for {parent.name} (Mum)"
    )
    assert not may_change_consent(demo, parent, "share_school", london_today()).allowed
    # Sam's own session is untouched.
    count = demo.scalar(
        select(func.count()).select_from(WebSession).where(WebSession.contact_id == sam.id)
    )
    assert count == 1


def test_a_choice_about_someone_else_s_contact_is_refused(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
    livs_mum = contact_of(demo, "Liv", Relationship.PARENT)
    who_sees = item(demo, WHO_SEES)
    with pytest.raises(NotAChoice):
        prepare_change(demo, sam, who_sees, YES, livs_mum.id)
    with pytest.raises(NotAChoice):
        prepare_change(demo, sam, who_sees, YES, sam.id)
    with pytest.raises(NotAChoice):
        prepare_change(demo, sam, who_sees, YES, None)
    forged = PendingChange(WHO_SEES, YES, livs_mum.id, None, "token")
    before = demo.scalar(select(func.count()).select_from(ConsentDecision))
    assert decide(demo, sam, who_sees, forged, london_today()).outcome is DecideOutcome.NOT_ALLOWED
    assert demo.scalar(select(func.count()).select_from(ConsentDecision)) == before


def test_a_choice_about_nobody_in_particular_ignores_a_named_contact(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
    parent = contact_of(demo, "Sam", Relationship.PARENT)
    pending = prepare_change(demo, sam, item(demo, "share_gp"), YES, parent.id)
    assert pending.about_contact_id is None


def test_a_pending_change_survives_the_session_and_junk_is_refused() -> None:
    pending = PendingChange("share_school", NO, None, 4, "abc")
    assert PendingChange.from_dict(pending.to_dict()) == pending
    for junk in (
        None,
        "x",
        {},
        {**pending.to_dict(), "choice": "maybe"},
        {**pending.to_dict(), "about_contact_id": "7"},
    ):
        assert PendingChange.from_dict(junk) is None
