"""Saving and sending my views before the meeting: drafts saved as the
person goes, never overwriting what another device wrote, sent once, changed
after sending as a new draft, shared with the panel only by someone who may
decide, and closed once the meeting starts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from portal.models import (
    AuditEvent,
    ConsentChoice,
    ConsentDecision,
    DecisionBasis,
    FamilyInputKind,
    FamilyInputNotice,
    MeetingStatus,
    MeetingViews,
    ViewsStatus,
    utc_now,
)
from portal.services.consent.current import current_decision
from portal.services.consent.family_view import choices_overview
from portal.services.consent.registry import SHARE_VIEWS_WITH_PANEL
from portal.services.meetings import views_before_saving as service
from portal.services.meetings.views_before import (
    MAX_ANSWER_LENGTH,
    ViewsState,
    version_of,
)
from portal.services.meetings.views_before_saving import (
    SENT_EVENT,
    MayNotDecideSharing,
    MeetingNotOpen,
    NothingToSend,
    ViewsChanged,
)
from portal.timezones import london_today
from tests.portal.services.meetings.views_before_data import (
    People,
    all_views,
    make_people,
    save,
    send,
    share,
    state_of,
)
from tests.support.factories import make_meeting


@pytest.fixture
def people(session: Session) -> People:
    return make_people(session)


def test_the_first_answer_starts_a_draft_and_each_save_changes_it(
    session: Session, people: People
) -> None:
    state = state_of(session, people.sam, people.meeting)
    assert (state.draft, state.last_sent, state.version) == (None, None, "0")
    assert state.is_open and not state.has_answers

    state = save(session, people.sam, people.meeting, "going_well", "College.")
    assert state.draft is not None and state.draft.revision == 1
    state = save(session, people.sam, people.meeting, "who_i_want_there", "Mum.")
    (draft,) = all_views(session, people.sam)
    assert draft.status is ViewsStatus.DRAFT
    assert (draft.going_well, draft.who_i_want_there, draft.revision) == ("College.", "Mum.", 2)
    assert state.version == f"{draft.id}.2"


def test_the_same_answer_again_saves_nothing(session: Session, people: People) -> None:
    save(session, people.sam, people.meeting, "going_well", "")
    assert all_views(session, people.sam) == []  # nothing written: no draft
    save(session, people.sam, people.meeting, "going_well", "College.")
    save(session, people.sam, people.meeting, "going_well", "  College.  ")
    (draft,) = all_views(session, people.sam)
    assert draft.revision == 1


def test_a_too_long_answer_never_reaches_the_database(session: Session, people: People) -> None:
    with pytest.raises(ValueError):
        save(session, people.sam, people.meeting, "going_well", "x" * (MAX_ANSWER_LENGTH + 1))
    assert all_views(session, people.sam) == []


def test_an_answer_changed_elsewhere_since_the_form_was_shown_is_not_overwritten(
    session: Session, people: People
) -> None:
    shown = state_of(session, people.sam, people.meeting)
    save(session, people.sam, people.meeting, "going_well", "From the laptop.")
    with pytest.raises(ViewsChanged) as changed:
        save(session, people.sam, people.meeting, "going_well", "From the phone.", seen=shown)
    assert changed.value.state.answer("going_well") == "From the laptop."
    (draft,) = all_views(session, people.sam)
    assert (draft.going_well, draft.revision) == ("From the laptop.", 1)


def test_an_older_form_saves_its_own_unchanged_answer_and_keeps_the_others(
    session: Session, people: People
) -> None:
    shown = state_of(session, people.sam, people.meeting)
    save(session, people.sam, people.meeting, "who_i_want_there", "Mum.")
    save(session, people.sam, people.meeting, "going_well", "College.", seen=shown)
    (draft,) = all_views(session, people.sam)
    assert (draft.going_well, draft.who_i_want_there) == ("College.", "Mum.")


def test_an_older_form_that_says_what_is_saved_already_changes_nothing(
    session: Session, people: People
) -> None:
    shown = state_of(session, people.sam, people.meeting)
    save(session, people.sam, people.meeting, "going_well", "College.")
    state = save(session, people.sam, people.meeting, "going_well", "College.", seen=shown)
    assert state.draft is not None and state.draft.revision == 1


def _after_reading_the_views(
    monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], None]
) -> None:
    """Run `meanwhile` on another connection right after the service first reads
    the views: as if another device saved at that very moment."""
    real = service.views_for_meeting
    calls = []

    def reading(*args: Any, **kwargs: Any) -> ViewsState | None:
        state = real(*args, **kwargs)
        if not calls:
            calls.append(1)
            meanwhile()
        return state

    monkeypatch.setattr(service, "views_for_meeting", reading)


def test_a_save_at_the_same_moment_as_another_device_is_refused(
    session: Session, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(session, people.sam, people.meeting, "going_well", "First.")
    (draft,) = all_views(session, people.sam)
    engine = session.get_bind()

    def other_device_saves() -> None:
        with engine.begin() as connection:  # type: ignore[union-attr]
            connection.execute(
                update(MeetingViews)
                .where(MeetingViews.id == draft.id)
                .values(going_well="Other device.", revision=MeetingViews.revision + 1)
            )

    _after_reading_the_views(monkeypatch, other_device_saves)
    with pytest.raises(ViewsChanged) as changed:
        save(session, people.sam, people.meeting, "going_well", "This device.")
    assert changed.value.state.answer("going_well") == "Other device."
    (draft,) = all_views(session, people.sam)
    assert draft.going_well == "Other device."


def test_two_drafts_started_at_the_same_moment_make_one(
    session: Session, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = session.get_bind()
    now = utc_now()

    def other_device_starts_a_draft() -> None:
        with engine.begin() as connection:  # type: ignore[union-attr]
            connection.execute(
                insert(MeetingViews).values(
                    meeting_id=people.meeting.id,
                    contact_id=people.sam.id,
                    status="draft",
                    going_well="Other device.",
                    revision=1,
                    started_at=now,
                    updated_at=now,
                )
            )

    _after_reading_the_views(monkeypatch, other_device_starts_a_draft)
    with pytest.raises(ViewsChanged) as changed:
        save(session, people.sam, people.meeting, "going_well", "This device.")
    assert changed.value.state.answer("going_well") == "Other device."
    assert [views.going_well for views in all_views(session, people.sam)] == ["Other device."]


def test_the_young_person_decides_whether_the_panel_sees_their_views(
    session: Session, people: People
) -> None:
    state = state_of(session, people.sam, people.meeting)
    assert state.may_decide_sharing
    state = share(session, people.sam, people.meeting, True, seen=None)
    # A consent decision, not an answer on the views: no draft was started.
    assert all_views(session, people.sam) == []
    assert state.share_with_panel is True
    decision = current_decision(session, people.young_person.id, SHARE_VIEWS_WITH_PANEL.code)
    assert decision is not None
    assert (decision.choice, decision.decided_by_contact_id) == (ConsentChoice.YES, people.sam.id)
    assert decision.basis is DecisionBasis.OWN_CONSENT
    # The same choice again adds nothing.
    share(session, people.sam, people.meeting, True, seen=True)
    assert session.scalar(select(func.count()).select_from(ConsentDecision)) == 1


def test_the_panel_choice_is_the_same_for_every_meeting_and_in_my_choices(
    session: Session, people: People
) -> None:
    share(session, people.sam, people.meeting, False, seen=None)
    other = make_meeting(session, young_person=people.young_person)
    session.commit()
    assert state_of(session, people.sam, other).share_with_panel is False
    assert state_of(session, people.parent, people.meeting).share_with_panel is False
    overview = choices_overview(session, people.sam, london_today())
    (summary,) = [item for item in overview.items if item.code == SHARE_VIEWS_WITH_PANEL.code]
    (line,) = summary.lines
    assert line.current is not None and line.current.choice is ConsentChoice.NO


def test_a_choice_changed_in_my_choices_since_the_page_showed_it_is_not_overwritten(
    session: Session, people: People
) -> None:
    share(session, people.sam, people.meeting, True, seen=None)
    # The views page showed "yes"; meanwhile My choices said "no".
    share(session, people.sam, people.meeting, False, seen=True)
    with pytest.raises(ViewsChanged) as changed:
        share(session, people.sam, people.meeting, True, seen=True)
    assert changed.value.state.share_with_panel is False
    decision = current_decision(session, people.young_person.id, SHARE_VIEWS_WITH_PANEL.code)
    assert decision is not None and decision.choice is ConsentChoice.NO


def test_a_parent_of_a_17_year_old_may_not_decide_sharing(session: Session, people: People) -> None:
    state = state_of(session, people.parent, people.meeting)
    assert not state.may_decide_sharing
    with pytest.raises(MayNotDecideSharing):
        share(session, people.parent, people.meeting, True, seen=None)
    assert all_views(session, people.parent) == []


def test_sending_freezes_the_draft_tells_staff_and_is_audited(
    session: Session, people: People
) -> None:
    state = save(session, people.sam, people.meeting, "going_well", "College.")
    sent = send(session, people.sam, people.meeting, state.version)
    assert sent.status is ViewsStatus.SENT and sent.sent_at is not None
    notice = session.scalars(select(FamilyInputNotice)).one()
    assert notice.kind is FamilyInputKind.MEETING_VIEWS
    assert (notice.subject_id, notice.meeting_id, notice.contact_id) == (
        sent.id,
        people.meeting.id,
        people.sam.id,
    )
    assert notice.summary == "Views before the meeting sent"
    assert "College." not in notice.summary
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == SENT_EVENT)).one()
    assert event.actor_contact_id == people.sam.id
    assert event.detail["views_id"] == sent.id
    assert "College." not in str(event.detail)


def test_sending_twice_sends_once(session: Session, people: People) -> None:
    checked = save(session, people.sam, people.meeting, "going_well", "College.").version
    first = send(session, people.sam, people.meeting, checked)
    again = send(session, people.sam, people.meeting, checked)
    assert again.id == first.id
    assert len(all_views(session, people.sam)) == 1
    assert session.scalar(select(func.count()).select_from(FamilyInputNotice)) == 1


def test_a_draft_changed_since_it_was_checked_is_not_sent(session: Session, people: People) -> None:
    checked = save(session, people.sam, people.meeting, "going_well", "College.").version
    save(session, people.sam, people.meeting, "going_well", "Changed on another phone.")
    with pytest.raises(ViewsChanged) as changed:
        send(session, people.sam, people.meeting, checked)
    assert changed.value.state.answer("going_well") == "Changed on another phone."
    assert [views.status for views in all_views(session, people.sam)] == [ViewsStatus.DRAFT]
    assert session.scalar(select(func.count()).select_from(FamilyInputNotice)) == 0


def test_nothing_to_send(session: Session, people: People) -> None:
    with pytest.raises(NothingToSend):
        send(session, people.sam, people.meeting, version_of(None))
    save(session, people.sam, people.meeting, "going_well", "College.")
    state = save(session, people.sam, people.meeting, "going_well", "")
    with pytest.raises(NothingToSend):
        send(session, people.sam, people.meeting, state.version)
    assert session.scalar(select(func.count()).select_from(FamilyInputNotice)) == 0


def test_changing_views_after_sending_starts_a_new_draft_from_the_sent_copy(
    session: Session, people: People
) -> None:
    save(session, people.sam, people.meeting, "going_well", "College.")
    state = save(session, people.sam, people.meeting, "not_in_front_of_me", "School.")
    state = share(session, people.sam, people.meeting, False, seen=None)
    sent = send(session, people.sam, people.meeting, state.version)

    state = state_of(session, people.sam, people.meeting)
    assert state.draft is None and state.current is sent
    assert state.version == version_of(sent)
    save(session, people.sam, people.meeting, "going_well", "Football.")

    first, draft = all_views(session, people.sam)
    assert (first.status, first.going_well) == (ViewsStatus.SENT, "College.")
    assert (draft.status, draft.going_well) == (ViewsStatus.DRAFT, "Football.")
    assert draft.not_in_front_of_me == "School."
    assert state_of(session, people.sam, people.meeting).share_with_panel is False
    state = state_of(session, people.sam, people.meeting)
    assert state.last_sent is not None and state.last_sent.id == first.id
    assert state.sent_answers["going_well"] == "College."


@pytest.mark.parametrize(
    "change",
    [
        {"status": MeetingStatus.HELD},
        {"status": MeetingStatus.CANCELLED},
        {"starts_at": utc_now() - timedelta(minutes=1)},
    ],
    ids=["held", "cancelled", "started"],
)
def test_a_meeting_that_is_not_open_takes_no_views(
    session: Session, people: People, change: dict[str, Any]
) -> None:
    state = save(session, people.sam, people.meeting, "going_well", "College.")
    for name, value in change.items():
        setattr(people.meeting, name, value)
    if "starts_at" in change:
        people.meeting.ends_at = change["starts_at"] + timedelta(hours=1)
    session.commit()
    assert not state_of(session, people.sam, people.meeting).is_open
    with pytest.raises(MeetingNotOpen):
        save(session, people.sam, people.meeting, "going_well", "Changed.")
    with pytest.raises(MeetingNotOpen):
        send(session, people.sam, people.meeting, state.version)
    with pytest.raises(MeetingNotOpen):
        share(session, people.sam, people.meeting, True, seen=None)
    (draft,) = all_views(session, people.sam)
    assert (draft.going_well, draft.status) == ("College.", ViewsStatus.DRAFT)
    assert current_decision(session, people.young_person.id, SHARE_VIEWS_WITH_PANEL.code) is None
