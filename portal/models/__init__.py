"""Typed SQLAlchemy models, split by domain. Importing this package registers
every table on `Base.metadata`."""

from portal.models.access_links import AccessLink, LinkPurpose, LinkRequest
from portal.models.actions import Action, ActionChange, ActionStatus
from portal.models.allocation import CoverGrant, KeyworkerAllocation
from portal.models.base import AppendOnlyError, Base, utc_now
from portal.models.consent import (
    AssessmentOutcome,
    BestInterestsDecision,
    CapacityAssessment,
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    DecisionArea,
    DecisionBasis,
    DecisionChannel,
)
from portal.models.conversations import (
    ConversationKind,
    FamilyMessage,
    FamilyMessageChannel,
    OptOutSource,
    SmsConversation,
    SmsOptOut,
)
from portal.models.family_input import (
    ConsentChangeRequest,
    ConsentRequestAnswer,
    FamilyInputKind,
    FamilyInputNotice,
    MeetingAnswer,
    MeetingReply,
    MeetingSupport,
    MeetingSupportRequest,
    MeetingViews,
    RequestAnswerKind,
    UrgentAcknowledgement,
    UrgentAction,
    ViewsStatus,
)
from portal.models.family_replies import (
    FamilyInputAcknowledgement,
    FamilyReply,
    FamilyReplyRead,
)
from portal.models.feedback import FeedbackChannel, FeedbackResponse, FftAnswer
from portal.models.meetings import (
    Meeting,
    MeetingAttendee,
    MeetingKind,
    MeetingStatus,
    MeetingSupportConfirmation,
)
from portal.models.messaging import Direction, Message, MessageStatus
from portal.models.people import (
    Channel,
    CommunicationNeed,
    CommunicationNeedType,
    Contact,
    LegalAuthority,
    RegisterStatus,
    Relationship,
    RiskRating,
    YoungPerson,
)
from portal.models.plans import (
    Plan,
    PlanSection,
    PlanSectionKind,
    PlanVersion,
)
from portal.models.records import ActorRole, AuditEvent, Note
from portal.models.risk import RiskRatingChange
from portal.models.sessions import WebSession
from portal.models.staff import StaffRole, StaffUser, Team
from portal.models.verifications import AddressVerification, VerificationMethod

__all__ = [
    "AccessLink",
    "Action",
    "ActionChange",
    "ActionStatus",
    "ActorRole",
    "AddressVerification",
    "AppendOnlyError",
    "AssessmentOutcome",
    "AuditEvent",
    "Base",
    "BestInterestsDecision",
    "CapacityAssessment",
    "Channel",
    "CommunicationNeed",
    "CommunicationNeedType",
    "ConsentChangeRequest",
    "ConsentChoice",
    "ConsentDecision",
    "ConsentItem",
    "ConsentRequestAnswer",
    "Contact",
    "ConversationKind",
    "CoverGrant",
    "DecisionArea",
    "DecisionBasis",
    "DecisionChannel",
    "Direction",
    "FamilyInputAcknowledgement",
    "FamilyInputKind",
    "FamilyInputNotice",
    "FamilyMessage",
    "FamilyMessageChannel",
    "FamilyReply",
    "FamilyReplyRead",
    "FeedbackChannel",
    "FeedbackResponse",
    "FftAnswer",
    "KeyworkerAllocation",
    "LegalAuthority",
    "LinkPurpose",
    "LinkRequest",
    "Meeting",
    "MeetingAnswer",
    "MeetingAttendee",
    "MeetingKind",
    "MeetingReply",
    "MeetingStatus",
    "MeetingSupport",
    "MeetingSupportConfirmation",
    "MeetingSupportRequest",
    "MeetingViews",
    "Message",
    "MessageStatus",
    "Note",
    "OptOutSource",
    "Plan",
    "PlanSection",
    "PlanSectionKind",
    "PlanVersion",
    "RegisterStatus",
    "Relationship",
    "RequestAnswerKind",
    "RiskRating",
    "RiskRatingChange",
    "SmsConversation",
    "SmsOptOut",
    "StaffRole",
    "StaffUser",
    "Team",
    "UrgentAcknowledgement",
    "UrgentAction",
    "VerificationMethod",
    "ViewsStatus",
    "WebSession",
    "YoungPerson",
    "utc_now",
]
