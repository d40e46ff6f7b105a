"""Everything the portal keeps about one young person, as plain data for
`record.json` (a subject access request; the shape is in docs/record-export.md).

Rows are read table by table with a fixed number of queries, whatever the size
of the record, and each row is written with every column its table has, so a
new column is exported without a change here. What is never exported:
secrets (a link's token hash; staff password hashes and authenticator keys,
since staff rows give only a name and role), the secret in any sign-in link
(`/l/<secret>` becomes `/l/[removed]`), and the client address of staff in the
audit trail (staff data, not the young person's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.models import (
    AccessLink,
    Action,
    ActionChange,
    AddressVerification,
    AuditEvent,
    Base,
    BestInterestsDecision,
    CapacityAssessment,
    CommunicationNeed,
    ConsentChangeRequest,
    ConsentDecision,
    ConsentItem,
    ConsentRequestAnswer,
    Contact,
    CoverGrant,
    FamilyInputAcknowledgement,
    FamilyInputNotice,
    FamilyMessage,
    FamilyReply,
    FamilyReplyRead,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackThemeTag,
    KeyworkerAllocation,
    Meeting,
    MeetingAttendee,
    MeetingReply,
    MeetingSupportConfirmation,
    MeetingSupportRequest,
    MeetingViews,
    Message,
    Note,
    Plan,
    PlanSection,
    PlanVersion,
    RiskRatingChange,
    SmsConversation,
    SmsOptOut,
    StaffUser,
    UrgentAcknowledgement,
    YoungPerson,
    YouSaidWeDid,
)
from portal.services.records.export_rows import Row, nest, rows_of


@dataclass(frozen=True)
class _Scope:
    """The young person's id, and queries for the ids of their rows."""

    young_person_id: int

    def contacts(self) -> Any:
        return select(Contact.id).where(Contact.young_person_id == self.young_person_id)

    def meetings(self) -> Any:
        return select(Meeting.id).where(Meeting.young_person_id == self.young_person_id)

    def versions(self) -> Any:
        return select(PlanVersion.id).join(Plan).where(Plan.young_person_id == self.young_person_id)


def _feedback(session: Session, young_person_id: int) -> dict[str, list[Row]]:
    return {
        "feedback_requests": rows_of(
            session,
            FeedbackRequest,
            FeedbackRequest.young_person_id == young_person_id,
            FeedbackRequest.requested_at,
        ),
        "feedback": rows_of(
            session,
            FeedbackResponse,
            FeedbackResponse.young_person_id == young_person_id,
            FeedbackResponse.received_at,
        ),
        "feedback_theme_tags": rows_of(
            session,
            FeedbackThemeTag,
            FeedbackThemeTag.young_person_id == young_person_id,
            FeedbackThemeTag.tagged_at,
        ),
        "you_said_we_did": rows_of(
            session,
            YouSaidWeDid,
            YouSaidWeDid.young_person_id == young_person_id,
            YouSaidWeDid.written_at,
        ),
    }


def _conversations(session: Session, scope: _Scope) -> dict[str, list[Row]]:
    """Texts and emails to or from them, what the family wrote to the team,
    the questions texts asked them, and the opt-out history of each mobile
    number on the record's contacts (a number, not a person, opts out: see
    docs/record-export.md)."""
    person, contacts = scope.young_person_id, scope.contacts()
    numbers = select(Contact.mobile_e164).where(
        Contact.young_person_id == person, Contact.mobile_e164.is_not(None)
    )
    messages = select(Message.id).where(Message.young_person_id == person)
    return {
        "messages": rows_of(
            session,
            Message,
            or_(Message.young_person_id == person, Message.contact_id.in_(contacts)),
            Message.created_at,
        ),
        "family_messages": rows_of(
            session,
            FamilyMessage,
            FamilyMessage.young_person_id == person,
            FamilyMessage.written_at,
        ),
        "sms_conversations": rows_of(
            session,
            SmsConversation,
            or_(
                SmsConversation.young_person_id == person, SmsConversation.contact_id.in_(contacts)
            ),
            SmsConversation.opened_at,
        ),
        "sms_opt_outs": rows_of(
            session,
            SmsOptOut,
            or_(SmsOptOut.phone_e164.in_(numbers), SmsOptOut.message_id.in_(messages)),
        ),
    }


def _person(session: Session, scope: _Scope) -> Row:
    [person] = rows_of(session, YoungPerson, YoungPerson.id == scope.young_person_id)
    person["communication_needs"] = rows_of(
        session, CommunicationNeed, CommunicationNeed.young_person_id == scope.young_person_id
    )
    return person


def _plans(session: Session, scope: _Scope) -> dict[str, list[Row]]:
    versions = rows_of(
        session, PlanVersion, PlanVersion.id.in_(scope.versions()), PlanVersion.number
    )
    sections = rows_of(session, PlanSection, PlanSection.version_id.in_(scope.versions()))
    nest(versions, {"sections": sections}, "version_id")
    return {
        "plans": rows_of(session, Plan, Plan.young_person_id == scope.young_person_id),
        "plan_versions": versions,
    }


def _actions(session: Session, scope: _Scope) -> list[Row]:
    """Every action, each with every save of it (`changes`, oldest first)."""
    actions = rows_of(session, Action, Action.young_person_id == scope.young_person_id)
    in_actions = select(Action.id).where(Action.young_person_id == scope.young_person_id)
    changes = rows_of(
        session, ActionChange, ActionChange.action_id.in_(in_actions), ActionChange.sequence
    )
    nest(actions, {"changes": changes}, "action_id")
    return actions


def _actions_and_meetings(session: Session, scope: _Scope) -> dict[str, list[Row]]:
    actions = _actions(session, scope)
    return {"actions": actions, "meetings": _meetings(session, scope, actions)}


def _meetings(session: Session, scope: _Scope, actions: list[Row]) -> list[Row]:
    meetings = rows_of(
        session, Meeting, Meeting.young_person_id == scope.young_person_id, Meeting.starts_at
    )
    in_meetings = scope.meetings()
    children = {
        "attendees": rows_of(session, MeetingAttendee, MeetingAttendee.meeting_id.in_(in_meetings)),
        "replies": rows_of(session, MeetingReply, MeetingReply.meeting_id.in_(in_meetings)),
        "supports": rows_of(
            session, MeetingSupportRequest, MeetingSupportRequest.meeting_id.in_(in_meetings)
        ),
        "views": rows_of(session, MeetingViews, MeetingViews.meeting_id.in_(in_meetings)),
        "confirmations": rows_of(
            session,
            MeetingSupportConfirmation,
            MeetingSupportConfirmation.meeting_id.in_(in_meetings),
        ),
    }
    nest(meetings, children, "meeting_id")
    for meeting in meetings:
        # The actions agreed at it, by id: each is in the top-level `actions`.
        meeting["actions"] = [a["id"] for a in actions if a["meeting_id"] == meeting["id"]]
    return meetings


def _handled(session: Session, young_person_id: int) -> dict[str, list[Row]]:
    """What staff did about what the family sent, keyed by table name."""
    return {
        model.__tablename__: rows_of(session, model, model.young_person_id == young_person_id, at)
        for model, at in (
            (FamilyInputAcknowledgement, FamilyInputAcknowledgement.acknowledged_at),
            (FamilyReply, FamilyReply.written_at),
            (FamilyReplyRead, FamilyReplyRead.read_at),
        )
    }


def _consent(session: Session, scope: _Scope) -> dict[str, list[Row]]:
    young_person_id = scope.young_person_id
    decisions = rows_of(
        session,
        ConsentDecision,
        ConsentDecision.young_person_id == young_person_id,
        ConsentDecision.decided_at,
    )
    requests = rows_of(
        session, ConsentChangeRequest, ConsentChangeRequest.young_person_id == young_person_id
    )
    codes = {id_: code for id_, code in session.execute(select(ConsentItem.id, ConsentItem.code))}
    for row in decisions + requests:
        row["item_code"] = codes.get(row["item_id"])
    return {
        "consent_decisions": decisions,
        "consent_change_requests": requests,
        "consent_request_answers": rows_of(
            session, ConsentRequestAnswer, ConsentRequestAnswer.young_person_id == young_person_id
        ),
        "capacity_assessments": rows_of(
            session, CapacityAssessment, CapacityAssessment.young_person_id == young_person_id
        ),
        "best_interests_decisions": rows_of(
            session,
            BestInterestsDecision,
            BestInterestsDecision.young_person_id == young_person_id,
        ),
    }


def _audit(session: Session, scope: _Scope) -> list[Row]:
    """Every event about the young person or done by one of their contacts.
    A member of staff's client address is theirs, not the young person's."""
    events = rows_of(
        session,
        AuditEvent,
        or_(
            AuditEvent.young_person_id == scope.young_person_id,
            AuditEvent.actor_contact_id.in_(scope.contacts()),
        ),
        AuditEvent.occurred_at,
    )
    for event in events:
        if event["actor_staff_id"] is not None:
            event["ip_address"] = None
    return events


def _name_staff(session: Session, record: Mapping[str, Any]) -> None:
    """Beside each field that holds a member of staff's id (`author_id`,
    `recorded_by_id`, `actor_staff_id`, ...), their name and role
    (`author_name`, ...): one query, and nothing else about them."""
    fields = list(_staff_fields(record))
    ids = {row[key] for row, key in fields}
    found = session.execute(
        select(StaffUser.id, StaffUser.name, StaffUser.role).where(StaffUser.id.in_(ids))
    )
    names = {id_: f"{name} ({role.value})" for id_, name, role in found}
    for row, key in fields:
        row[key.removesuffix("_id") + "_name"] = names.get(row[key])


def _staff_fields(value: Any) -> Iterable[tuple[Row, str]]:
    """(row, field) for each field holding a staff id, in rows at any depth."""
    if isinstance(value, list):
        for item in value:
            yield from _staff_fields(item)
    elif isinstance(value, dict):
        for key, item in list(value.items()):
            if isinstance(item, int) and not isinstance(item, bool) and _names_staff(key):
                yield value, key
            elif isinstance(item, list | dict) and key != "detail":
                yield from _staff_fields(item)


def _names_staff(key: str) -> bool:
    return key in _STAFF_ID_FIELDS


# Every column, in any table, that holds the id of a member of staff.
_STAFF_ID_FIELDS = frozenset(
    column.name
    for table in Base.metadata.tables.values()
    for column in table.columns
    if any(key.column.table.name == "staff_users" for key in column.foreign_keys)
)


def record_data(session: Session, young_person_id: int) -> dict[str, Any]:
    """Everything kept about the young person, by the keys of record.json."""
    scope = _Scope(young_person_id)
    contacts_in = AddressVerification.contact_id.in_(scope.contacts())
    record: dict[str, Any] = {
        "young_person": _person(session, scope),
        "contacts": rows_of(session, Contact, Contact.young_person_id == young_person_id),
        "address_verifications": rows_of(session, AddressVerification, contacts_in),
        "access_links": rows_of(session, AccessLink, AccessLink.contact_id.in_(scope.contacts())),
        **_plans(session, scope),
        **_actions_and_meetings(session, scope),
        **_consent(session, scope),
        "family_input_notices": rows_of(
            session, FamilyInputNotice, FamilyInputNotice.young_person_id == young_person_id
        ),
        "urgent_acknowledgements": rows_of(
            session,
            UrgentAcknowledgement,
            UrgentAcknowledgement.young_person_id == young_person_id,
            UrgentAcknowledgement.acknowledged_at,
        ),
        **_handled(session, young_person_id),
        **_feedback(session, young_person_id),
        **_conversations(session, scope),
        "notes": rows_of(session, Note, Note.young_person_id == young_person_id, Note.created_at),
        "risk_rating_changes": rows_of(
            session,
            RiskRatingChange,
            RiskRatingChange.young_person_id == young_person_id,
            RiskRatingChange.changed_at,
        ),
        "keyworker_allocations": rows_of(
            session,
            KeyworkerAllocation,
            KeyworkerAllocation.young_person_id == young_person_id,
            KeyworkerAllocation.allocated_at,
        ),
        "cover_grants": rows_of(
            session,
            CoverGrant,
            CoverGrant.young_person_id == young_person_id,
            CoverGrant.granted_at,
        ),
        "audit": _audit(session, scope),
    }
    _name_staff(session, record)
    return record
