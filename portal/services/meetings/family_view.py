"""A family's meetings: the list, one meeting's page, "Can you come?" and
"Things that help me at the meeting".

Every lookup starts from the signed-in contact's own young person, so a
meeting of anyone else is simply not found. Answers are history: a changed
answer is a new row, the latest row stands, and each new row tells staff in
the same transaction (`notify_staff`). Answers can change until the meeting
starts; a cancelled meeting takes none.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from easyread import render_meeting
from easyread.dates import easy_date, easy_time_range, to_london
from easyread.render import Block, MeetingInput
from easyread.render.meeting import (
    HEADING_HAPPENS,
    HEADING_WHAT,
    HEADING_WHEN,
    HEADING_WHERE,
    HEADING_WHO,
    HEADING_YOU_CAN,
)
from portal.models import (
    Contact,
    FamilyInputKind,
    Meeting,
    MeetingAnswer,
    MeetingKind,
    MeetingReply,
    MeetingStatus,
    MeetingSupport,
    MeetingSupportRequest,
)
from portal.services.records.audit import record_event
from portal.services.records.family_input import notify_staff

# Each kind of meeting in plain words: the list, the meeting's heading and the
# calendar entry's title. Nothing more than the kind (no purpose, no clinical
# detail): a calendar can be seen by anyone who picks up the phone.
KIND_NAMES = {
    MeetingKind.CETR: _l("Care, Education and Treatment Review"),
    MeetingKind.CTR: _l("Care and Treatment Review"),
    MeetingKind.MDT: _l("Meeting of the people who help you"),
    MeetingKind.REGISTER_REVIEW: _l("Meeting to check your support"),
    MeetingKind.OTHER: _l("Meeting about your care"),
}

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

INTERPRETER_LANGUAGE_MAX = 100
OTHER_DETAIL_MAX = 500

MAP_SEARCH_URL = "https://www.openstreetmap.org/search"


def kind_name(kind: MeetingKind) -> str:
    return str(KIND_NAMES.get(kind, KIND_NAMES[MeetingKind.OTHER]))


# The list


@dataclass(frozen=True)
class MeetingListItem:
    id: int
    name: str
    # "Tuesday 4 March"; "10 in the morning to 12 noon".
    day: str
    time: str
    cancelled: bool


@dataclass(frozen=True)
class MeetingList:
    # Soonest first.
    upcoming: tuple[MeetingListItem, ...]
    # Newest first.
    past: tuple[MeetingListItem, ...]


def _has_happened(meeting: Meeting, now: datetime) -> bool:
    """A meeting is in the past once it has ended, or once staff record it as held."""
    return meeting.status is MeetingStatus.HELD or meeting.ends_at <= now


def list_meetings(session: Session, contact: Contact, *, now: datetime, lang: str) -> MeetingList:
    """The contact's young person's meetings, in one query."""
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.young_person_id == contact.young_person_id)
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    today = _london_date(now)
    items = [(meeting, _list_item(meeting, lang=lang, today=today)) for meeting in meetings]
    upcoming = tuple(item for meeting, item in items if not _has_happened(meeting, now))
    past = tuple(reversed([item for meeting, item in items if _has_happened(meeting, now)]))
    return MeetingList(upcoming=upcoming, past=past)


def _london_date(moment: datetime) -> date:
    return to_london(moment).date()


def _list_item(meeting: Meeting, *, lang: str, today: date) -> MeetingListItem:
    return MeetingListItem(
        id=meeting.id,
        name=kind_name(meeting.kind),
        day=easy_date(meeting.starts_at, lang, today=today),
        time=easy_time_range(meeting.starts_at, meeting.ends_at, lang, today=today),
        cancelled=meeting.status is MeetingStatus.CANCELLED,
    )


# One meeting


def meeting_for_contact(session: Session, contact: Contact, meeting_id: int) -> Meeting | None:
    """The meeting, with who will be there, if it is the contact's young
    person's; otherwise None (the page answers "not found")."""
    return session.scalars(
        select(Meeting)
        .where(Meeting.id == meeting_id, Meeting.young_person_id == contact.young_person_id)
        .options(selectinload(Meeting.attendees))
    ).one_or_none()


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


class SectionKey(enum.StrEnum):
    WHAT = "what"
    WHEN = "when"
    WHERE = "where"
    WHO = "who"
    HAPPENS = "happens"
    YOU_CAN = "you_can"
    # A cancelled meeting's lines, which have no headings.
    CANCELLED = "cancelled"


_SECTION_HEADINGS = {
    HEADING_WHAT: SectionKey.WHAT,
    HEADING_WHEN: SectionKey.WHEN,
    HEADING_WHERE: SectionKey.WHERE,
    HEADING_WHO: SectionKey.WHO,
    HEADING_HAPPENS: SectionKey.HAPPENS,
    HEADING_YOU_CAN: SectionKey.YOU_CAN,
}


@dataclass(frozen=True)
class MeetingSection:
    """The renderer's lines from one heading to the next, so the page can add
    its links (a map, the calendar) where they belong."""

    key: SectionKey
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    name: str
    # "Tuesday 4 March"; "10 in the morning to 12 noon".
    day: str
    time: str
    sections: tuple[MeetingSection, ...]
    reply: MeetingAnswer | None
    support: MeetingSupportRequest | None
    may_change: bool
    cancelled: bool
    happened: bool
    # It has not started yet (whatever its status).
    in_future: bool
    # A map search for the address (opened by the reader, never embedded), and
    # the video call's link when it is a web address.
    map_url: str | None
    join_url: str | None


def meeting_page(
    session: Session,
    contact: Contact,
    meeting_id: int,
    *,
    now: datetime,
    lang: str,
) -> MeetingPage | None:
    """Everything one meeting's pages show, in a fixed number of queries; None
    when the meeting is not the contact's young person's."""
    meeting = meeting_for_contact(session, contact, meeting_id)
    if meeting is None:
        return None
    reply = latest_reply(session, contact, meeting)
    cancelled = meeting.status is MeetingStatus.CANCELLED
    today = _london_date(now)
    blocks = render_meeting(_meeting_input(meeting), lang=lang, today=today)
    listed = _list_item(meeting, lang=lang, today=today)
    return MeetingPage(
        meeting=meeting,
        name=listed.name,
        day=listed.day,
        time=listed.time,
        sections=split_sections(blocks, cancelled=cancelled),
        reply=reply.answer if reply else None,
        support=latest_support_request(session, contact, meeting),
        may_change=may_change_answers(meeting, now),
        cancelled=cancelled,
        happened=not cancelled and _has_happened(meeting, now),
        in_future=now < meeting.starts_at,
        map_url=map_search_url(meeting.place),
        join_url=_web_address(meeting.video_link),
    )


def _meeting_input(meeting: Meeting) -> MeetingInput:
    return MeetingInput(
        kind=meeting.kind.value,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        video_link=meeting.video_link,
        attendee_roles=tuple(attendee.role for attendee in meeting.attendees),
        cancelled=meeting.status is MeetingStatus.CANCELLED,
    )


def split_sections(blocks: Sequence[Block], *, cancelled: bool) -> tuple[MeetingSection, ...]:
    """The blocks in parts, each starting at one of the renderer's headings."""
    if cancelled:
        return (MeetingSection(SectionKey.CANCELLED, tuple(blocks)),)
    sections: list[MeetingSection] = []
    key = SectionKey.WHAT
    current: list[Block] = []
    for block in blocks:
        if block.is_heading and block.text in _SECTION_HEADINGS:
            if current:
                sections.append(MeetingSection(key, tuple(current)))
            key, current = _SECTION_HEADINGS[block.text], []
        current.append(block)
    if current:
        sections.append(MeetingSection(key, tuple(current)))
    return tuple(sections)


def map_search_url(place: str | None) -> str | None:
    address = " ".join((place or "").split())
    if not address:
        return None
    return f"{MAP_SEARCH_URL}?{urlencode({'query': address})}"


def _web_address(link: str | None) -> str | None:
    link = (link or "").strip()
    return link if link.lower().startswith("https://") else None


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
    that already stands or answers can no longer change. Commits."""
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
    session.commit()
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
    SupportNotValid for a choice the form should have refused. Commits."""
    problems = choice.problems()
    if problems:
        raise SupportNotValid(problems)
    if not may_change_answers(meeting, now):
        return ChangeOutcome.CLOSED
    current = latest_support_request(session, contact, meeting)
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
    session.commit()
    return ChangeOutcome.SAVED


def support_summary(choice: SupportChoice) -> str:
    """A line for staff: what was asked for, without the family's own words."""
    if not choice.supports:
        return "Things that help at the meeting: nothing now"
    names = ", ".join(SUPPORT_NAMES_FOR_STAFF[support] for support in choice.supports)
    return f"Things that help at the meeting: {names}"
