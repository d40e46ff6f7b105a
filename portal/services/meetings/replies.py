"""A family's answers about a meeting: "Can you come?" and "Things that
help me at the meeting".

Answers are history: a changed answer is a new row, the latest row stands,
and each new row tells staff in the same transaction (`notify_staff`).
Answers can change until the meeting starts; a cancelled meeting takes none.
Everything is added to the caller's transaction; the edge commits it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    Contact,
    FamilyInputKind,
    Meeting,
    MeetingAnswer,
    MeetingReply,
    MeetingStatus,
    MeetingSupport,
    MeetingSupportRequest,
)
from portal.services.records.audit import record_event
from portal.services.records.family_input import notify_staff

# What staff read in the notice: the portal's own words, never the family's.
ANSWER_SUMMARIES = {
    MeetingAnswer.YES: "Can you come? Yes",
    MeetingAnswer.NO: "Can you come? No",
    MeetingAnswer.NOT_SURE: "Can you come? Not sure",
}
SUPPORT_NAMES_FOR_STAFF = {
    MeetingSupport.QUIET_ROOM: "quiet room",
    MeetingSupport.BREAKS: "breaks",
    MeetingSupport.SOMEONE_I_TRUST: "someone they trust",
    MeetingSupport.ADVOCATE: "advocate",
    MeetingSupport.INTERPRETER: "interpreter",
    MeetingSupport.BSL_INTERPRETER: "BSL interpreter",
    MeetingSupport.VISUAL_TIMETABLE: "visual timetable",
    MeetingSupport.MEET_ONLINE: "meet online instead",
    MeetingSupport.OTHER: "other",
}

# Supports that make no sense for some meetings, with the test that says so:
# meeting online instead of a meeting that already has a video call.
_MAKES_NO_SENSE: dict[MeetingSupport, Callable[[Meeting], bool]] = {
    MeetingSupport.MEET_ONLINE: lambda meeting: bool((meeting.video_link or "").strip()),
}

INTERPRETER_LANGUAGE_MAX = 100
OTHER_DETAIL_MAX = 500


def may_change_answers(meeting: Meeting, now: datetime) -> bool:
    """Answers can change until the meeting starts, unless it is cancelled or held."""
    return meeting.status is MeetingStatus.PLANNED and now < meeting.starts_at


def latest_reply(session: Session, contact: Contact, meeting: Meeting) -> MeetingReply | None:
    return session.scalars(
        select(MeetingReply)
        .where(MeetingReply.meeting_id == meeting.id, MeetingReply.contact_id == contact.id)
        .order_by(MeetingReply.id.desc())
        .limit(1)
    ).first()


def latest_support_request(
    session: Session, contact: Contact, meeting: Meeting
) -> MeetingSupportRequest | None:
    return session.scalars(
        select(MeetingSupportRequest)
        .where(
            MeetingSupportRequest.meeting_id == meeting.id,
            MeetingSupportRequest.contact_id == contact.id,
        )
        .order_by(MeetingSupportRequest.id.desc())
        .limit(1)
    ).first()


def supports_offered(meeting: Meeting, asked_for: SupportChoice) -> tuple[MeetingSupport, ...]:
    """What the form offers for `meeting`, in the enum's order: every support
    that makes sense for it, and any already asked for, so that a request made
    before the meeting changed can still be seen and taken back."""
    return tuple(
        support
        for support in MeetingSupport
        if support in asked_for.supports
        or not _MAKES_NO_SENSE.get(support, lambda _meeting: False)(meeting)
    )


# "Can you come?"


class ChangeOutcome(enum.StrEnum):
    SAVED = "saved"
    # The same as the answer that stands: nothing added.
    UNCHANGED = "unchanged"
    # The meeting has started, happened or been cancelled: nothing saved.
    CLOSED = "closed"
    # Changed in another window since this form was opened: nothing saved,
    # so the person can check before sending again.
    CHANGED_ELSEWHERE = "changed_elsewhere"


def record_reply(
    session: Session,
    contact: Contact,
    meeting: Meeting,
    answer: MeetingAnswer,
    *,
    now: datetime,
) -> ChangeOutcome:
    """Add `answer` to the history and tell staff, unless it is the answer
    that already stands or answers can no longer change."""
    if not may_change_answers(meeting, now):
        return ChangeOutcome.CLOSED
    current = latest_reply(session, contact, meeting)
    if current is not None and current.answer is answer:
        return ChangeOutcome.UNCHANGED
    reply = MeetingReply(
        meeting_id=meeting.id, contact_id=contact.id, answer=answer, replied_at=now
    )
    session.add(reply)
    session.flush()
    notify_staff(
        session,
        contact,
        FamilyInputKind.MEETING_REPLY,
        subject_id=reply.id,
        summary=ANSWER_SUMMARIES[answer],
        meeting_id=meeting.id,
    )
    record_event(
        session, "family.meeting.replied", contact=contact, meeting_id=meeting.id, answer=answer
    )
    return ChangeOutcome.SAVED


# "Things that help me at the meeting"


@dataclass(frozen=True)
class SupportChoice:
    """What the form asked for, tidied: supports in the enum's order, the
    language only with an interpreter, the detail only with "other"."""

    supports: tuple[MeetingSupport, ...]
    interpreter_language: str | None = None
    other_detail: str | None = None

    @classmethod
    def from_answers(
        cls,
        supports: Sequence[str],
        *,
        interpreter_language: str | None = None,
        other_detail: str | None = None,
    ) -> SupportChoice:
        """Raises ValueError for an unknown support."""
        chosen = {MeetingSupport(value) for value in supports}
        ordered = tuple(support for support in MeetingSupport if support in chosen)
        language = _tidy(interpreter_language) if MeetingSupport.INTERPRETER in chosen else None
        detail = _tidy(other_detail) if MeetingSupport.OTHER in chosen else None
        return cls(ordered, language, detail)

    @classmethod
    def of(cls, request: MeetingSupportRequest | None) -> SupportChoice:
        if request is None:
            return cls(())
        return cls.from_answers(
            request.supports,
            interpreter_language=request.interpreter_language,
            other_detail=request.other_detail,
        )

    def problems(self) -> list[SupportProblem]:
        found = []
        if MeetingSupport.OTHER in self.supports and not self.other_detail:
            found.append(SupportProblem.OTHER_DETAIL_MISSING)
        if self.other_detail and len(self.other_detail) > OTHER_DETAIL_MAX:
            found.append(SupportProblem.OTHER_DETAIL_TOO_LONG)
        if self.interpreter_language and len(self.interpreter_language) > INTERPRETER_LANGUAGE_MAX:
            found.append(SupportProblem.LANGUAGE_TOO_LONG)
        return found


class SupportProblem(enum.StrEnum):
    OTHER_DETAIL_MISSING = "other_detail_missing"
    OTHER_DETAIL_TOO_LONG = "other_detail_too_long"
    LANGUAGE_TOO_LONG = "language_too_long"
    # Something `supports_offered` does not offer for this meeting.
    NOT_OFFERED = "not_offered"


class SupportNotValid(ValueError):
    def __init__(self, problems: Sequence[SupportProblem]) -> None:
        super().__init__(", ".join(problems))
        self.problems = tuple(problems)


def _tidy(text: str | None) -> str | None:
    # Line breaks kept (a list of what helps), spaces at the ends dropped.
    tidied = "\n".join(line.strip() for line in (text or "").strip().splitlines()).strip()
    return tidied or None


def record_support_request(
    session: Session,
    contact: Contact,
    meeting: Meeting,
    choice: SupportChoice,
    *,
    seen_request_id: int | None,
    now: datetime,
) -> ChangeOutcome:
    """Add what helps at the meeting to the history and tell staff, unless it
    is what already stands. `seen_request_id` is the request the form showed
    (None for none): if another window changed it since, nothing is saved, so
    one window never silently replaces what the other sent. Raises
    SupportNotValid for a choice the form should have refused, such as one
    `supports_offered` does not offer."""
    problems = choice.problems()
    if problems:
        raise SupportNotValid(problems)
    if not may_change_answers(meeting, now):
        return ChangeOutcome.CLOSED
    current = latest_support_request(session, contact, meeting)
    offered = supports_offered(meeting, SupportChoice.of(current))
    if any(support not in offered for support in choice.supports):
        raise SupportNotValid([SupportProblem.NOT_OFFERED])
    if SupportChoice.of(current) == choice:
        return ChangeOutcome.UNCHANGED
    if (current.id if current else None) != seen_request_id:
        return ChangeOutcome.CHANGED_ELSEWHERE
    request = MeetingSupportRequest(
        meeting_id=meeting.id,
        contact_id=contact.id,
        supports=[support.value for support in choice.supports],
        interpreter_language=choice.interpreter_language,
        other_detail=choice.other_detail,
        requested_at=now,
    )
    session.add(request)
    session.flush()
    notify_staff(
        session,
        contact,
        FamilyInputKind.MEETING_SUPPORT,
        subject_id=request.id,
        summary=support_summary(choice),
        meeting_id=meeting.id,
    )
    record_event(
        session,
        "family.meeting.support_requested",
        contact=contact,
        meeting_id=meeting.id,
        supports=[support.value for support in choice.supports],
    )
    return ChangeOutcome.SAVED


def support_summary(choice: SupportChoice) -> str:
    """A line for staff: what was asked for, without the family's own words."""
    if not choice.supports:
        return "Things that help at the meeting: nothing now"
    names = ", ".join(SUPPORT_NAMES_FOR_STAFF[support] for support in choice.supports)
    return f"Things that help at the meeting: {names}"
