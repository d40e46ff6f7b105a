"""Staff schedule, change, move, cancel and mark held a young person's
meetings.

Every change after scheduling names the `sequence` the form showed: the
change is saved only while the meeting is still at that sequence (one UPDATE
with the sequence in its WHERE), and adds one to it, which is also the
calendar file's SEQUENCE, so a family's calendar picks the change up. A
change from an older form raises MeetingConflict with the meeting as saved,
and saves nothing but the audit event of the refusal. Every change is
audited. Nothing here commits: the caller's unit of work does.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from portal.models import (
    Meeting,
    MeetingAttendee,
    MeetingKind,
    MeetingStatus,
    StaffUser,
    utc_now,
)
from portal.services.records.audit import record_event

PLACE_MAX = 500
VIDEO_LINK_MAX = 500
ROLE_MAX = 120
ATTENDEES_MAX = 20
REASON_MAX = 1000

SCHEDULED = "meeting.scheduled"
CHANGED = "meeting.changed"
CANCELLED = "meeting.cancelled"
HELD = "meeting.held"
CONFLICT = "meeting.change_refused"


class MeetingProblem(enum.StrEnum):
    ENDS_BEFORE_START = "ends_before_start"
    NO_PLACE_OR_LINK = "no_place_or_link"
    PLACE_TOO_LONG = "place_too_long"
    LINK_NOT_SECURE = "link_not_secure"
    ROLE_TOO_LONG = "role_too_long"
    TOO_MANY_ATTENDEES = "too_many_attendees"
    REASON_MISSING = "reason_missing"
    REASON_TOO_LONG = "reason_too_long"
    NOT_PLANNED = "not_planned"
    NOT_STARTED = "not_started"


class MeetingRefused(ValueError):
    def __init__(self, problems: Sequence[MeetingProblem]) -> None:
        super().__init__(", ".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class MeetingDetails:
    """What staff set: the kind, the instants (UTC), where, and who by role."""

    kind: MeetingKind
    starts_at: datetime
    ends_at: datetime
    place: str | None
    video_link: str | None
    attendee_roles: tuple[str, ...]

    def cleaned(self) -> MeetingDetails:
        roles = tuple(r for r in (" ".join(role.split()) for role in self.attendee_roles) if r)
        return MeetingDetails(
            kind=self.kind,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            place=(self.place or "").strip() or None,
            video_link=(self.video_link or "").strip() or None,
            attendee_roles=roles,
        )

    def problems(self) -> list[MeetingProblem]:
        found = []
        if self.ends_at <= self.starts_at:
            found.append(MeetingProblem.ENDS_BEFORE_START)
        if not self.place and not self.video_link:
            found.append(MeetingProblem.NO_PLACE_OR_LINK)
        if len(self.place or "") > PLACE_MAX:
            found.append(MeetingProblem.PLACE_TOO_LONG)
        link = self.video_link or ""
        if link and (not link.lower().startswith("https://") or len(link) > VIDEO_LINK_MAX):
            found.append(MeetingProblem.LINK_NOT_SECURE)
        if any(len(role) > ROLE_MAX for role in self.attendee_roles):
            found.append(MeetingProblem.ROLE_TOO_LONG)
        if len(self.attendee_roles) > ATTENDEES_MAX:
            found.append(MeetingProblem.TOO_MANY_ATTENDEES)
        return found


def details_of(meeting: Meeting) -> MeetingDetails:
    return MeetingDetails(
        kind=meeting.kind,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        video_link=meeting.video_link,
        attendee_roles=tuple(attendee.role for attendee in meeting.attendees),
    )


class MeetingConflict(Exception):
    """The meeting changed since the form was shown: `saved` is how it stands."""

    def __init__(self, saved: MeetingDetails, meeting: Meeting) -> None:
        super().__init__("the meeting changed since the form was shown")
        self.saved = saved
        self.status = meeting.status
        self.sequence = meeting.sequence
        self.cancel_reason = meeting.cancel_reason


def _checked(details: MeetingDetails) -> MeetingDetails:
    details = details.cleaned()
    problems = details.problems()
    if problems:
        raise MeetingRefused(problems)
    return details


def schedule_meeting(
    session: Session,
    young_person_id: int,
    details: MeetingDetails,
    *,
    by: StaffUser,
    ip_address: str | None = None,
) -> Meeting:
    """A new planned meeting. Raises MeetingRefused."""
    details = _checked(details)
    meeting = Meeting(
        young_person_id=young_person_id,
        kind=details.kind,
        starts_at=details.starts_at,
        ends_at=details.ends_at,
        place=details.place,
        video_link=details.video_link,
        attendees=[MeetingAttendee(role=role) for role in details.attendee_roles],
    )
    session.add(meeting)
    session.flush()
    record_event(
        session,
        SCHEDULED,
        staff_user=by,
        young_person_id=young_person_id,
        ip_address=ip_address,
        meeting_id=meeting.id,
        kind=details.kind,
        starts_at=details.starts_at.isoformat(),
    )
    return meeting


def change_meeting(
    session: Session,
    meeting: Meeting,
    details: MeetingDetails,
    *,
    expected_sequence: int,
    by: StaffUser,
    ip_address: str | None = None,
) -> list[str]:
    """Edit or move a planned meeting; the names of what changed (none:
    nothing saved). Raises MeetingRefused or MeetingConflict."""
    details = _checked(details)
    if meeting.status is not MeetingStatus.PLANNED:
        raise MeetingRefused([MeetingProblem.NOT_PLANNED])
    current = details_of(meeting)
    changed = [
        f.name for f in fields(details) if getattr(details, f.name) != getattr(current, f.name)
    ]
    if not changed:
        return []
    values = {name: getattr(details, name) for name in changed if name != "attendee_roles"}
    compare_and_set(session, meeting, values, expected_sequence, by, ip_address)
    if "attendee_roles" in changed:
        session.execute(delete(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting.id))
        session.add_all(
            MeetingAttendee(meeting_id=meeting.id, role=role) for role in details.attendee_roles
        )
        session.flush()
        session.expire(meeting, ["attendees"])
    moved = "starts_at" in changed or "ends_at" in changed
    _audit(session, meeting, CHANGED, by, ip_address, fields=changed, moved=moved)
    return changed


def cancel_meeting(
    session: Session,
    meeting: Meeting,
    reason: str,
    *,
    expected_sequence: int,
    by: StaffUser,
    ip_address: str | None = None,
) -> None:
    """Cancel a planned meeting, with the reason. Raises MeetingRefused or MeetingConflict."""
    reason = reason.strip()
    problems = []
    if not reason:
        problems.append(MeetingProblem.REASON_MISSING)
    if len(reason) > REASON_MAX:
        problems.append(MeetingProblem.REASON_TOO_LONG)
    if meeting.status is not MeetingStatus.PLANNED:
        problems.append(MeetingProblem.NOT_PLANNED)
    if problems:
        raise MeetingRefused(problems)
    values = {"status": MeetingStatus.CANCELLED, "cancel_reason": reason}
    compare_and_set(session, meeting, values, expected_sequence, by, ip_address)
    _audit(session, meeting, CANCELLED, by, ip_address)


def mark_held(
    session: Session,
    meeting: Meeting,
    *,
    expected_sequence: int,
    now: datetime,
    by: StaffUser,
    ip_address: str | None = None,
) -> None:
    """Record that a planned meeting that has started took place. Raises
    MeetingRefused or MeetingConflict."""
    if meeting.status is not MeetingStatus.PLANNED:
        raise MeetingRefused([MeetingProblem.NOT_PLANNED])
    if now < meeting.starts_at:
        raise MeetingRefused([MeetingProblem.NOT_STARTED])
    values = {"status": MeetingStatus.HELD}
    compare_and_set(session, meeting, values, expected_sequence, by, ip_address)
    _audit(session, meeting, HELD, by, ip_address)


def _audit(
    session: Session,
    meeting: Meeting,
    action: str,
    by: StaffUser,
    ip_address: str | None,
    **detail: Any,
) -> None:
    record_event(
        session,
        action,
        staff_user=by,
        young_person_id=meeting.young_person_id,
        ip_address=ip_address,
        meeting_id=meeting.id,
        sequence=meeting.sequence,
        **detail,
    )


def compare_and_set(
    session: Session,
    meeting: Meeting,
    values: dict[str, Any],
    expected_sequence: int,
    by: StaffUser,
    ip_address: str | None,
) -> None:
    """UPDATE the meeting only while it has `expected_sequence`, adding 1 to
    it; otherwise audit the refusal and raise MeetingConflict."""
    result = session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.sequence == expected_sequence)
        .values(**values, sequence=Meeting.sequence + 1, updated_at=utc_now())
        .execution_options(synchronize_session=False)
    )
    session.refresh(meeting)
    if result.rowcount == 1:  # type: ignore[attr-defined]
        return
    _audit(session, meeting, CONFLICT, by, ip_address, expected_sequence=expected_sequence)
    raise MeetingConflict(details_of(meeting), meeting)
