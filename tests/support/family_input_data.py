"""Fictional input from the family pages, of every kind, with the staff
notices that point at it: for the staff record and caseload tests and the
page examples."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    ConsentChangeRequest,
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    Contact,
    DecisionBasis,
    DecisionChannel,
    FamilyInputKind,
    FamilyInputNotice,
    FamilyMessage,
    FamilyMessageChannel,
    FeedbackChannel,
    FeedbackResponse,
    FftAnswer,
    Meeting,
    MeetingAnswer,
    MeetingReply,
    MeetingSupport,
    MeetingSupportRequest,
    MeetingViews,
    StaffRole,
    StaffUser,
    ViewsStatus,
    YoungPerson,
    utc_now,
)
from portal.services.consent.registry import sync_consent_items
from portal.services.records.family_input import notify_staff
from tests.support.factories import (
    make_contact,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.urgent import TEST_ALERTS


def add_family_input_of_every_kind(
    session: Session,
    *,
    contact: Contact,
    meeting: Meeting,
    text: str = "Some words from the family.",
    with_message: bool = False,
) -> dict[FamilyInputKind, FamilyInputNotice]:
    """One of each thing a family can send, each with its notice, as the family
    pages' services store them. Withdrawing consent to the register and
    feedback that mentions risk are urgent. A message to the team (kind
    MESSAGE) only `with_message`, so the counts older tests expect stay."""
    sync_consent_items(session)
    items = {item.code: item for item in session.scalars(select(ConsentItem))}
    now = utc_now()
    reply = MeetingReply(meeting_id=meeting.id, contact_id=contact.id, answer=MeetingAnswer.YES)
    support = MeetingSupportRequest(
        meeting_id=meeting.id,
        contact_id=contact.id,
        supports=[
            MeetingSupport.QUIET_ROOM.value,
            MeetingSupport.INTERPRETER.value,
            MeetingSupport.OTHER.value,
        ],
        interpreter_language="Polish",
        other_detail=f"Other help: {text}",
    )
    views = MeetingViews(
        meeting_id=meeting.id,
        contact_id=contact.id,
        status=ViewsStatus.SENT,
        going_well=f"Going well: {text}",
        not_going_well=f"Not going well: {text}",
        want_to_talk_about=f"Talk about: {text}",
        who_i_want_there=f"Who there: {text}",
        not_in_front_of_me=f"Not in front: {text}",
        sent_at=now,
    )
    # The review panel may see the views: the young person's consent choice.
    panel = ConsentDecision(
        young_person_id=contact.young_person_id,
        item_id=items["share_views_with_panel"].id,
        choice=ConsentChoice.YES,
        decided_by_contact_id=contact.id,
        basis=DecisionBasis.PARENTAL_RESPONSIBILITY,
        channel=DecisionChannel.PORTAL,
    )
    decision = ConsentDecision(
        young_person_id=contact.young_person_id,
        item_id=items["register"].id,
        choice=ConsentChoice.NO,
        decided_by_contact_id=contact.id,
        basis=DecisionBasis.PARENTAL_RESPONSIBILITY,
        channel=DecisionChannel.PORTAL,
    )
    request = ConsentChangeRequest(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        item_id=items["share_school"].id,
        message=f"Request: {text}",
    )
    feedback = FeedbackResponse(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        channel=FeedbackChannel.WEB,
        fft_answer=FftAnswer.POOR,
        comment=f"Feedback: {text}",
    )
    message = FamilyMessage(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        channel=FamilyMessageChannel.WEB,
        text=f"Message: {text}",
    )
    session.add_all([reply, support, views, panel, decision, request, feedback])
    if with_message:
        session.add(message)
    session.flush()
    kinds = [
        (FamilyInputKind.MEETING_REPLY, reply, meeting.id, False),
        (FamilyInputKind.MEETING_SUPPORT, support, meeting.id, False),
        (FamilyInputKind.MEETING_VIEWS, views, meeting.id, False),
        (FamilyInputKind.CONSENT_DECISION, decision, None, True),
        (FamilyInputKind.CONSENT_CHANGE_REQUEST, request, None, False),
        (FamilyInputKind.FEEDBACK, feedback, None, True),
    ]
    if with_message:
        kinds.append((FamilyInputKind.MESSAGE, message, None, False))
    notices = {
        kind: notify_staff(
            session,
            contact,
            kind,
            subject_id=row.id,
            summary=f"Test summary for {kind.value}",
            meeting_id=meeting_id,
            urgent=urgent,
            alerts=TEST_ALERTS,
        )
        for kind, row, meeting_id, urgent in kinds
    }
    session.flush()
    return notices


@dataclass(frozen=True)
class FamilyOnCaseload:
    keyworker: StaffUser
    manager: StaffUser
    young_person: YoungPerson
    contact: Contact
    meeting: Meeting


def make_family_on_caseload(session: Session) -> FamilyOnCaseload:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    manager = make_staff_user(session, role=StaffRole.MANAGER, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker, preferred_name="Robin")
    contact = make_contact(session, young_person=person, name="Alex Testmore")
    meeting = make_meeting(session, young_person=person)
    return FamilyOnCaseload(keyworker, manager, person, contact, meeting)
