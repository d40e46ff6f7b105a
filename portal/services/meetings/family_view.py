"""A family's meetings: the list and one meeting's page. "Can you come?" and
"Things that help me at the meeting" are in portal.services.meetings.replies.

Every lookup starts from the signed-in contact's own young person, so a
meeting of anyone else is simply not found. Meetings are returned with their
kind (`MeetingKind`); the edge words it in the reader's language
(portal.services.meetings.kinds).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, not_, or_, select
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
    Action,
    ActionStatus,
    Contact,
    Meeting,
    MeetingAnswer,
    MeetingKind,
    MeetingStatus,
    MeetingSupportConfirmation,
    MeetingSupportRequest,
    MeetingViews,
    ViewsStatus,
)
from portal.services.actions.lists import family_actions
from portal.services.actions.rules import days_overdue
from portal.services.easy_read.reader import reader_for
from portal.services.meetings.replies import (
    latest_reply,
    latest_support_request,
    may_change_answers,
)

MAP_SEARCH_URL = "https://www.openstreetmap.org/search"


# The list


@dataclass(frozen=True)
class MeetingListItem:
    id: int
    kind: MeetingKind
    # "Tuesday 4 March"; "10 in the morning to 12 noon".
    day: str
    time: str
    cancelled: bool


# Meetings that have happened shown on My meetings before "See all of them".
PAST_MEETINGS_SHOWN = 10


@dataclass(frozen=True)
class MeetingList:
    # Soonest first.
    upcoming: tuple[MeetingListItem, ...]
    # Newest first: the latest PAST_MEETINGS_SHOWN, or every one when asked.
    past: tuple[MeetingListItem, ...]
    # Whether there are more that happened than `past` shows.
    more_past: bool = False


def _has_happened(meeting: Meeting, now: datetime) -> bool:
    """A meeting is in the past once it has ended, or once staff record it as held."""
    return meeting.status is MeetingStatus.HELD or meeting.ends_at <= now


def _happened_by(now: datetime) -> ColumnElement[bool]:
    """`_has_happened`, as a condition on the meetings table."""
    return or_(Meeting.status == MeetingStatus.HELD, Meeting.ends_at <= now)


def list_meetings(
    session: Session, contact: Contact, *, now: datetime, lang: str, every_past: bool = False
) -> MeetingList:
    """The contact's young person's meetings coming up, and the latest that
    have happened (every one with `every_past`), in two queries: the page
    stays the same size however many years of meetings there are."""
    happened = _happened_by(now)
    theirs = Meeting.young_person_id == contact.young_person_id
    upcoming = session.scalars(
        select(Meeting).where(theirs, not_(happened)).order_by(Meeting.starts_at, Meeting.id)
    ).all()
    past_query = (
        select(Meeting)
        .where(theirs, happened)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )
    if not every_past:
        past_query = past_query.limit(PAST_MEETINGS_SHOWN + 1)
    past = session.scalars(past_query).all()
    today = _london_date(now)
    return MeetingList(
        upcoming=tuple(_list_item(meeting, lang=lang, today=today) for meeting in upcoming),
        past=tuple(
            _list_item(meeting, lang=lang, today=today)
            for meeting in past[: None if every_past else PAST_MEETINGS_SHOWN]
        ),
        more_past=not every_past and len(past) > PAST_MEETINGS_SHOWN,
    )


def _london_date(moment: datetime) -> date:
    return to_london(moment).date()


def _list_item(meeting: Meeting, *, lang: str, today: date) -> MeetingListItem:
    return MeetingListItem(
        id=meeting.id,
        kind=meeting.kind,
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
    kind: MeetingKind
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
    # What staff arranged for the latest support request ("Quiet room booked").
    confirmation: str | None = None
    # After a held meeting: the outcome in easy read, and who will do what, by when.
    outcome: str | None = None
    actions: tuple[FamilyAction, ...] = ()
    # "My views before the meeting", as far as this contact got.
    views: ViewsProgress | None = None


@dataclass(frozen=True)
class ViewsProgress:
    """How far a contact got with their views: the day they last sent them
    ("Tuesday 1 December"; None: never), and whether a draft is waiting to be
    sent (a first one, or changes since sending)."""

    sent_on: str | None
    draft_waiting: bool


@dataclass(frozen=True)
class FamilyAction:
    """Who will do what, by when ("Tuesday 4 March"; None: no date), and how
    it is going, in easy read (never why one cannot be done)."""

    what: str
    who: str
    by_when: str | None
    status: ActionStatus
    late: bool


def _family_actions(actions: Sequence[Action], lang: str, today: date) -> tuple[FamilyAction, ...]:
    return tuple(
        FamilyAction(
            what=action.what,
            who=action.who,
            by_when=easy_date(action.due_on, lang, today=today) if action.due_on else None,
            status=action.status,
            late=days_overdue(action.status, action.due_on, today) > 0,
        )
        for action in actions
    )


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
    support = latest_support_request(session, contact, meeting)
    held = meeting.status is MeetingStatus.HELD and meeting.family_outcome is not None
    cancelled = meeting.status is MeetingStatus.CANCELLED
    today = _london_date(now)
    blocks = render_meeting(
        _meeting_input(meeting), lang=lang, today=today, reader=reader_for(contact)
    )
    listed = _list_item(meeting, lang=lang, today=today)
    return MeetingPage(
        meeting=meeting,
        kind=meeting.kind,
        day=listed.day,
        time=listed.time,
        sections=split_sections(blocks, cancelled=cancelled),
        reply=reply.answer if reply else None,
        support=support,
        may_change=may_change_answers(meeting, now),
        cancelled=cancelled,
        happened=not cancelled and _has_happened(meeting, now),
        in_future=now < meeting.starts_at,
        map_url=map_search_url(meeting.place),
        join_url=_web_address(meeting.video_link),
        confirmation=_confirmation(session, support),
        outcome=meeting.family_outcome if held else None,
        actions=_family_actions(
            family_actions(session, meeting.young_person_id, meeting_id=meeting.id), lang, today
        )
        if held
        else (),
        views=views_progress(session, contact, meeting, lang=lang, today=today),
    )


def views_progress(
    session: Session, contact: Contact, meeting: Meeting, *, lang: str, today: date
) -> ViewsProgress:
    """In one query: when the contact last sent their views, and whether a
    draft is waiting."""
    rows = session.execute(
        select(MeetingViews.status, MeetingViews.sent_at).where(
            MeetingViews.meeting_id == meeting.id, MeetingViews.contact_id == contact.id
        )
    ).all()
    sent = [sent_at for status, sent_at in rows if status is ViewsStatus.SENT and sent_at]
    return ViewsProgress(
        sent_on=easy_date(max(sent), lang, today=today) if sent else None,
        draft_waiting=any(status is ViewsStatus.DRAFT for status, _ in rows),
    )


def _confirmation(session: Session, support: MeetingSupportRequest | None) -> str | None:
    if support is None:
        return None
    return session.scalars(
        select(MeetingSupportConfirmation.text).where(
            MeetingSupportConfirmation.support_request_id == support.id
        )
    ).one_or_none()


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
