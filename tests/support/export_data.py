"""A young person's record with a row in every table that refers to them, for
the record export's tests. Free text holds markup, to show it is escaped."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    AccessLink,
    AddressVerification,
    AnsweredBy,
    AssessmentOutcome,
    Channel,
    CommunicationNeed,
    CommunicationNeedType,
    ConsentChangeRequest,
    ConsentItem,
    ConsentRequestAnswer,
    Contact,
    ConversationKind,
    CoverGrant,
    Direction,
    FamilyInputAcknowledgement,
    FamilyInputKind,
    FamilyInputNotice,
    FamilyMessage,
    FamilyMessageChannel,
    FamilyReply,
    FamilyReplyRead,
    FeedbackChannel,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackTheme,
    FeedbackThemeTag,
    FftAnswer,
    KeyworkerAllocation,
    LinkPurpose,
    MeetingAnswer,
    MeetingAttendee,
    MeetingReply,
    MeetingSupportConfirmation,
    MeetingSupportRequest,
    MeetingViews,
    Message,
    MessageStatus,
    Note,
    OptOutSource,
    Plan,
    PlanSection,
    PlanSectionKind,
    PlanVersion,
    RequestAnswerKind,
    RiskRating,
    RiskRatingChange,
    SmsConversation,
    SmsOptOut,
    StaffRole,
    StaffUser,
    UrgentAcknowledgement,
    UrgentAction,
    VerificationMethod,
    ViewsStatus,
    WebSession,
    YoungPerson,
    YouSaidWeDid,
    utc_now,
)
from portal.services.access.links import hash_token
from portal.services.feedback.themes import sync_standard_themes
from portal.services.records.audit import record_event
from tests.support.factories import (
    make_action,
    make_best_interests_decision,
    make_capacity_assessment,
    make_consent_decision,
    make_contact,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)

MARKUP = '<script>alert("x")</script><img src="http://example.org/x.png">'
LINK_SECRET = "AbCdEfGhIjKlMnOpQrStUv"


@dataclass(frozen=True)
class FullRecord:
    young_person: YoungPerson
    keyworker: StaffUser
    manager: StaffUser
    other_young_person: YoungPerson
    # Rows of the other young person, by table: none may be exported.
    other_rows: dict[str, int]


def make_full_record(session: Session) -> FullRecord:
    """A young person with a row in every table the export covers, and
    another young person of the same team with a few rows of their own."""
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    manager = make_staff_user(session, role=StaffRole.MANAGER, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker, preferred_name="Robin")
    person.communication_notes = MARKUP
    session.add(CommunicationNeed(young_person_id=person.id, need=CommunicationNeedType.EASY_READ))
    parent = make_contact(
        session, young_person=person, name="Alex Parent", email="alex.parent@example.org"
    )
    _sign_in_rows(session, parent, keyworker)
    _plan_rows(session, person, keyworker)
    _meeting_rows(session, person, parent, keyworker)
    _consent_rows(session, person, parent, keyworker)
    _family_rows(session, person, parent)
    session.add(
        Note(
            young_person_id=person.id,
            author_id=keyworker.id,
            summary=MARKUP,
            body=MARKUP,
            event_at=utc_now(),
        )
    )
    record_event(
        session,
        "record.viewed",
        staff_user=keyworker,
        young_person_id=person.id,
        ip_address="192.0.2.9",
    )
    record_event(session, "family.page.viewed", contact=parent, ip_address="192.0.2.7")
    other = make_young_person(session, team=team, keyworker=keyworker, preferred_name="Sky")
    other_contact = make_contact(session, young_person=other, name="Other Carer")
    other_note = Note(
        young_person_id=other.id,
        author_id=keyworker.id,
        summary="Other note",
        body="Other note",
        event_at=utc_now(),
    )
    session.add(other_note)
    session.flush()
    _conversation_rows(session, parent)
    others = _conversation_rows(session, other_contact)
    return FullRecord(
        person,
        keyworker,
        manager,
        other,
        {
            "young_people": other.id,
            "contacts": other_contact.id,
            "notes": other_note.id,
            **others,
        },
    )


def _conversation_rows(session: Session, contact: Contact) -> dict[str, int]:
    """What the contact wrote, a question a text asked them and their
    number's opt-out: one row of each, by table."""
    assert contact.mobile_e164 is not None
    rows = {
        "family_messages": FamilyMessage(
            young_person_id=contact.young_person_id,
            contact_id=contact.id,
            channel=FamilyMessageChannel.WEB,
            text=MARKUP,
            form_token=secrets.token_urlsafe(8),
        ),
        "sms_conversations": SmsConversation(
            phone_e164=contact.mobile_e164,
            kind=ConversationKind.MEETING_REPLY,
            contact_id=contact.id,
            young_person_id=contact.young_person_id,
            expires_at=utc_now() + timedelta(days=2),
        ),
        "sms_opt_outs": SmsOptOut(
            phone_e164=contact.mobile_e164, opted_out=True, source=OptOutSource.KEYWORD
        ),
    }
    session.add_all(rows.values())
    session.flush()
    return {table: row.id for table, row in rows.items()}


def _sign_in_rows(session: Session, parent: Contact, keyworker: StaffUser) -> None:
    assert parent.mobile_e164 is not None
    now = utc_now()
    session.add_all(
        [
            AccessLink(
                contact_id=parent.id,
                purpose=LinkPurpose.INVITATION,
                token_hash=hash_token(LINK_SECRET),
                channel=Channel.SMS,
                issued_by_staff_id=keyworker.id,
                created_at=now,
                expires_at=now + timedelta(days=3),
            ),
            KeyworkerAllocation(
                young_person_id=parent.young_person_id,
                keyworker_id=keyworker.id,
                from_date=now.date(),
                reason="Allocated at the register review.",
            ),
            CoverGrant(
                young_person_id=parent.young_person_id,
                colleague_id=keyworker.id,
                starts_on=now.date(),
                ends_on=now.date() + timedelta(days=7),
                reason="Annual leave.",
            ),
            RiskRatingChange(
                young_person_id=parent.young_person_id,
                from_rating=None,
                to_rating=RiskRating.AMBER,
                reason="First rating at the register review.",
                changed_by_id=keyworker.id,
            ),
            AddressVerification(
                contact_id=parent.id,
                channel=Channel.SMS,
                address=parent.mobile_e164,
                method=VerificationMethod.PHONED,
                verified_by_id=keyworker.id,
            ),
            Message(
                direction=Direction.OUTBOUND,
                channel=Channel.SMS,
                young_person_id=None,
                contact_id=parent.id,
                to_address=parent.mobile_e164,
                body=f"Sign in here: http://portal.test/l/{LINK_SECRET}",
                status=MessageStatus.SENT,
            ),
            WebSession(id_hash=secrets.token_hex(32), contact_id=parent.id, data={}),
        ]
    )


def _plan_rows(session: Session, person: YoungPerson, keyworker: StaffUser) -> None:
    plan = Plan(young_person_id=person.id)
    session.add(plan)
    session.flush()
    version = PlanVersion(plan_id=plan.id, number=1, change_note=MARKUP, created_by_id=keyworker.id)
    session.add(version)
    session.flush()
    session.add_all(
        [
            PlanSection(version_id=version.id, kind=PlanSectionKind.ABOUT_ME, body=MARKUP),
        ]
    )


def _meeting_rows(
    session: Session, person: YoungPerson, parent: Contact, keyworker: StaffUser
) -> None:
    meeting = make_meeting(session, young_person=person)
    make_action(
        session,
        young_person_id=person.id,
        what=MARKUP,
        due_on=date(2026, 3, 2),
        meeting_id=meeting.id,
        by=keyworker,
    )
    request = MeetingSupportRequest(
        meeting_id=meeting.id, contact_id=parent.id, supports=["quiet_room"]
    )
    session.add(request)
    session.flush()
    session.add_all(
        [
            MeetingSupportConfirmation(
                meeting_id=meeting.id,
                support_request_id=request.id,
                text="Quiet room booked.",
                confirmed_by_id=keyworker.id,
            ),
        ]
    )
    session.add_all(
        [
            MeetingAttendee(meeting_id=meeting.id, role="Keyworker"),
            MeetingReply(meeting_id=meeting.id, contact_id=parent.id, answer=MeetingAnswer.YES),
            MeetingViews(
                meeting_id=meeting.id,
                contact_id=parent.id,
                status=ViewsStatus.SENT,
                going_well=MARKUP,
                sent_at=utc_now(),
            ),
        ]
    )


def _consent_rows(
    session: Session, person: YoungPerson, parent: Contact, keyworker: StaffUser
) -> None:
    make_consent_decision(session, young_person=person, item_code="register")
    make_capacity_assessment(
        session,
        young_person=person,
        outcome=AssessmentOutcome.GILLICK_COMPETENT,
        recorded_by=keyworker,
    )
    make_best_interests_decision(
        session, young_person=person, allows_contact=None, recorded_by=keyworker
    )
    item = session.scalars(select(ConsentItem).where(ConsentItem.code == "register")).one()
    request = ConsentChangeRequest(
        young_person_id=person.id, contact_id=parent.id, item_id=item.id, message=MARKUP
    )
    session.add(request)
    session.flush()
    session.add(
        ConsentRequestAnswer(
            request_id=request.id,
            young_person_id=person.id,
            kind=RequestAnswerKind.REPLIED,
            reply=MARKUP,
            answered_by_id=keyworker.id,
        )
    )


def _family_rows(session: Session, person: YoungPerson, parent: Contact) -> None:
    request = FeedbackRequest(
        young_person_id=person.id,
        contact_id=parent.id,
        channel=Channel.SMS,
        expires_at=utc_now() + timedelta(days=14),
        answered_at=utc_now(),
        closed_at=utc_now(),
    )
    session.add(request)
    session.flush()
    feedback = FeedbackResponse(
        young_person_id=person.id,
        contact_id=parent.id,
        channel=FeedbackChannel.WEB,
        fft_answer=FftAnswer.GOOD,
        comment=MARKUP,
        improvement=MARKUP,
        answered_by=AnsweredBy.PARENT_OR_CARER,
        request_id=request.id,
    )
    session.add(feedback)
    session.flush()
    sync_standard_themes(session)
    theme = session.scalars(select(FeedbackTheme).order_by(FeedbackTheme.id)).first()
    assert theme is not None
    session.add(
        FeedbackThemeTag(
            response_id=feedback.id,
            theme_id=theme.id,
            young_person_id=person.id,
            tagged_by_id=person.keyworker_id,
        )
    )
    session.add(
        YouSaidWeDid(
            response_id=feedback.id,
            young_person_id=person.id,
            you_said=MARKUP,
            we_did=MARKUP,
            written_by_id=person.keyworker_id,
        )
    )
    session.add(
        FamilyInputNotice(
            young_person_id=person.id,
            contact_id=parent.id,
            kind=FamilyInputKind.FEEDBACK,
            subject_id=feedback.id,
            summary="Feedback: good",
        )
    )
    urgent = FamilyInputNotice(
        young_person_id=person.id,
        contact_id=parent.id,
        kind=FamilyInputKind.FEEDBACK,
        subject_id=feedback.id,
        summary="Feedback: may need help now",
        urgent=True,
    )
    session.add(urgent)
    session.flush()
    session.add(
        UrgentAcknowledgement(
            notice_id=urgent.id,
            young_person_id=person.id,
            acknowledged_by_id=person.keyworker_id,
            action=UrgentAction.PHONED_FAMILY,
            detail=MARKUP,
        )
    )
    plain = FamilyInputNotice(
        young_person_id=person.id,
        contact_id=parent.id,
        kind=FamilyInputKind.FEEDBACK,
        subject_id=feedback.id,
        summary="Feedback: dealt with",
    )
    session.add(plain)
    session.flush()
    session.add(
        FamilyInputAcknowledgement(
            notice_id=plain.id,
            young_person_id=person.id,
            acknowledged_by_id=person.keyworker_id,
            note=MARKUP,
        )
    )
    reply = FamilyReply(
        notice_id=plain.id,
        young_person_id=person.id,
        contact_id=parent.id,
        text=MARKUP,
        written_by_id=person.keyworker_id,
    )
    session.add(reply)
    session.flush()
    session.add(FamilyReplyRead(reply_id=reply.id, young_person_id=person.id, contact_id=parent.id))
