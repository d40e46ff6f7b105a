"""What families send from their pages: replies to meetings, what helps them at
a meeting, their views before a meeting, and requests to change a choice.

Answers are history: a changed answer is a new row, and the latest row is the
current answer. Views before a meeting are written over several pages, so the
draft is one row that changes until it is sent; a sent copy never changes.

Every one of them also makes a `FamilyInputNotice`, which is how staff see it
on the caseload and the record, marked new until a keyworker opens the record.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import AppendOnly, Base, UtcDateTime, enum_column, utc_now
from portal.models.consent import ConsentItem
from portal.models.meetings import Meeting
from portal.models.people import Contact, YoungPerson
from portal.models.staff import StaffUser


class MeetingAnswer(enum.StrEnum):
    """ "Can you come?" """

    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


class MeetingReply(AppendOnly, Base):
    """One answer to "Can you come?". The latest for a meeting and contact stands."""

    __tablename__ = "meeting_replies"
    __table_args__ = (Index("ix_meeting_replies_meeting_contact", "meeting_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    answer: Mapped[MeetingAnswer] = mapped_column(enum_column(MeetingAnswer, "meeting_answer"))
    replied_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    meeting: Mapped[Meeting] = relationship()
    contact: Mapped[Contact] = relationship()


class MeetingSupport(enum.StrEnum):
    """Things that help someone at a meeting."""

    QUIET_ROOM = "quiet_room"
    BREAKS = "breaks"
    SOMEONE_I_TRUST = "someone_i_trust"
    ADVOCATE = "advocate"
    INTERPRETER = "interpreter"
    BSL_INTERPRETER = "bsl_interpreter"
    VISUAL_TIMETABLE = "visual_timetable"
    MEET_ONLINE = "meet_online"
    OTHER = "other"


class MeetingSupportRequest(AppendOnly, Base):
    """What a contact asked for to help them at a meeting. The latest stands;
    an empty list means they asked for nothing (or took their request back)."""

    __tablename__ = "meeting_support_requests"
    __table_args__ = (
        Index("ix_meeting_support_requests_meeting_contact", "meeting_id", "contact_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    # MeetingSupport values, in the order of the enum.
    supports: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Which language, for an interpreter; what "other" means.
    interpreter_language: Mapped[str | None] = mapped_column(String(100))
    other_detail: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    meeting: Mapped[Meeting] = relationship()
    contact: Mapped[Contact] = relationship()


class ViewsStatus(enum.StrEnum):
    DRAFT = "draft"
    SENT = "sent"


class MeetingViews(Base):
    """ "My views before the meeting", like a CETR planner.

    A draft changes as the person goes from page to page; `revision` goes up by
    one with every save, so two devices cannot silently overwrite each other.
    Sending freezes the row (status "sent"); changing their views after that
    starts a new draft, and the sent copy stays as it was.

    Whether the views may go to the review panel is not kept here: it is the
    young person's consent choice "share_views_with_panel"
    (portal.services.meetings.panel_sharing)."""

    __tablename__ = "meeting_views"
    __table_args__ = (
        # At most one draft for each meeting and contact.
        Index(
            "uq_meeting_views_one_draft",
            "meeting_id",
            "contact_id",
            unique=True,
            sqlite_where=text("status = 'draft'"),
            postgresql_where=text("status = 'draft'"),
        ),
        CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="sent_views_have_a_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    status: Mapped[ViewsStatus] = mapped_column(
        enum_column(ViewsStatus, "views_status"), default=ViewsStatus.DRAFT
    )
    going_well: Mapped[str | None] = mapped_column(Text)
    not_going_well: Mapped[str | None] = mapped_column(Text)
    want_to_talk_about: Mapped[str | None] = mapped_column(Text)
    who_i_want_there: Mapped[str | None] = mapped_column(Text)
    not_in_front_of_me: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    meeting: Mapped[Meeting] = relationship()
    contact: Mapped[Contact] = relationship(foreign_keys=[contact_id])

    __mapper_args__ = {"version_id_col": revision}


class ConsentChangeRequest(AppendOnly, Base):
    """Someone who may not decide a choice asks the keyworker to talk about changing it."""

    __tablename__ = "consent_change_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("consent_items.id"))
    about_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    message: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    contact: Mapped[Contact] = relationship(foreign_keys=[contact_id])
    item: Mapped[ConsentItem] = relationship()


class FamilyInputKind(enum.StrEnum):
    MEETING_REPLY = "meeting_reply"
    MEETING_SUPPORT = "meeting_support"
    MEETING_VIEWS = "meeting_views"
    CONSENT_DECISION = "consent_decision"
    CONSENT_CHANGE_REQUEST = "consent_change_request"
    FEEDBACK = "feedback"
    # A message to the team (portal.models.conversations.FamilyMessage).
    MESSAGE = "message"


class FamilyInputNotice(Base):
    """Tells staff that a family sent something. The content stays in its own
    table (`subject_id` is the row there); this row only says it is new, until
    a keyworker opens the young person's record."""

    __tablename__ = "family_input_notices"
    __table_args__ = (
        CheckConstraint("(seen_at IS NULL) = (seen_by_id IS NULL)", name="seen_by_someone"),
        Index("ix_family_input_notices_unseen", "young_person_id", "seen_at"),
        # "Is this response still unread?", asked of each row of a page of comments.
        Index("ix_family_input_notices_subject", "kind", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    kind: Mapped[FamilyInputKind] = mapped_column(enum_column(FamilyInputKind, "family_input_kind"))
    subject_id: Mapped[int] = mapped_column()
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    # A short line for staff, such as "Can you come? Yes" (no free text from the family).
    summary: Mapped[str] = mapped_column(String(300))
    # Needs a conversation soon, such as consent to the register withdrawn.
    urgent: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, index=True)
    seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    seen_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # An urgent notice nobody acknowledged in time: when every manager of the
    # team was told. Set once, by a conditional UPDATE.
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    young_person: Mapped[YoungPerson] = relationship()
    contact: Mapped[Contact] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    seen_by: Mapped[StaffUser | None] = relationship()
    acknowledgement: Mapped[UrgentAcknowledgement | None] = relationship(
        back_populates="notice", uselist=False
    )


class UrgentAction(enum.StrEnum):
    """What a member of staff did about an urgent notice."""

    PHONED_FAMILY = "phoned_family"
    SPOKE_TO_YOUNG_PERSON = "spoke_to_young_person"
    SAFEGUARDING_REFERRAL = "safeguarding_referral"
    TOLD_DUTY_OR_CRISIS_TEAM = "told_duty_or_crisis_team"
    PASSED_TO_MANAGER = "passed_to_manager"
    OTHER = "other"


class UrgentAcknowledgement(AppendOnly, Base):
    """A person dealt with an urgent notice, and what they did. One for each
    notice (the unique constraint decides between two at the same moment)."""

    __tablename__ = "urgent_acknowledgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("family_input_notices.id"), unique=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    acknowledged_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    action: Mapped[UrgentAction] = mapped_column(enum_column(UrgentAction, "urgent_action"))
    # What they did, in their words (required for "other").
    detail: Mapped[str | None] = mapped_column(Text)
    acknowledged_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    notice: Mapped[FamilyInputNotice] = relationship(back_populates="acknowledgement")
    acknowledged_by: Mapped[StaffUser] = relationship()


class RequestAnswerKind(enum.StrEnum):
    # A member of staff recorded the decision the request asked for.
    DECIDED = "decided"
    # A member of staff replied, with a reason, without changing the choice.
    REPLIED = "replied"


class ConsentRequestAnswer(AppendOnly, Base):
    """Staff's one answer to a request to change a choice: the decision they
    recorded, or a reply with a reason. The family reads `reply` on their
    choices page. One answer for each request (a unique request id)."""

    __tablename__ = "consent_request_answers"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'decided') = (decision_id IS NOT NULL)", name="decided_names_decision"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("consent_change_requests.id"), unique=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    kind: Mapped[RequestAnswerKind] = mapped_column(
        enum_column(RequestAnswerKind, "request_answer_kind")
    )
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("consent_decisions.id"))
    reply: Mapped[str] = mapped_column(Text)
    answered_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    answered_by: Mapped[StaffUser] = relationship()
