"""Refused access, audited: one `access.refused` event each time someone is
turned away from a page or a row, and what administrators read of them.

The edge decides a refusal (`portal.access.refuse`) and answers exactly as it
would have anyway (404 for a row that is not theirs, 403 for the wrong role);
this module only writes down who was refused, what they asked for and why.
What they asked for is the endpoint, the method and the whole-number ids in the
address: never a query string, a form or a string from the address (a link's
secret is one), so no secret reaches the audit trail.

`refusal_report` reads the refusals of a recent window in one aggregate query,
grouped by who was refused, most first.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Subquery, case, func, select
from sqlalchemy.orm import Session, aliased

from portal.models import ActorRole, AuditEvent, Contact, StaffUser, YoungPerson
from portal.services.records.audit import record_event

ACCESS_REFUSED = "access.refused"


class RefusalReason(enum.StrEnum):
    # A row that does not exist or is not theirs (a record outside a member of
    # staff's scope, another family's meeting). The two are never told apart,
    # not even here: the answer is the same 404 for both.
    NOT_VISIBLE = "not_visible"
    # Staff whose role the route is not for (a keyworker on an admin page).
    WRONG_ROLE = "wrong_role"
    # Staff on a family page, or a family member on a staff page.
    WRONG_AUDIENCE = "wrong_audience"


@dataclass(frozen=True)
class AskedFor:
    endpoint: str
    method: str
    # The address's variables; only whole numbers (ids) are kept.
    ids: Mapping[str, object] = field(default_factory=dict)


def record_refusal(
    session: Session,
    reason: RefusalReason,
    asked_for: AskedFor,
    *,
    staff_user: StaffUser | None = None,
    contact: Contact | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Add an `access.refused` event to `session` (saved with the request's
    unit of work, which commits a 403 or 404). The actor is `staff_user`, or
    `contact`, or else anonymous, known by `ip_address`."""
    ids = {name: value for name, value in asked_for.ids.items() if type(value) is int}
    return record_event(
        session,
        ACCESS_REFUSED,
        staff_user=staff_user,
        contact=contact,
        actor_role=None if staff_user or contact else ActorRole.ANONYMOUS,
        ip_address=ip_address,
        reason=reason.value,
        endpoint=asked_for.endpoint,
        method=asked_for.method,
        asked_for=ids,
    )


# What administrators read


@dataclass(frozen=True)
class Refused:
    """Someone refused: a member of staff, a family contact (named by id only:
    administrators see no records), or an address nobody was signed in from."""

    role: ActorRole
    staff_user_id: int | None = None
    staff_name: str | None = None
    contact_id: int | None = None
    young_person_id: int | None = None
    # The keyworker of the contact's young person, who can follow it up.
    keyworker_name: str | None = None
    ip_address: str | None = None


@dataclass(frozen=True)
class RefusedFor:
    reason: str
    endpoint: str
    times: int


@dataclass(frozen=True)
class RefusedPerson:
    who: Refused
    times: int
    # Refusals since the report's `alert_since`.
    recent_times: int
    first_at: datetime
    last_at: datetime
    asked_for: tuple[RefusedFor, ...]
    # At least the alert count since `alert_since`.
    over_threshold: bool


@dataclass(frozen=True)
class RefusalReport:
    since: datetime
    alert_since: datetime
    alert_count: int
    # Most refusals first, then the latest.
    people: tuple[RefusedPerson, ...]

    @property
    def over_threshold(self) -> tuple[RefusedPerson, ...]:
        return tuple(person for person in self.people if person.over_threshold)


def refusal_report(
    session: Session,
    *,
    now: datetime,
    window: timedelta,
    alert_window: timedelta,
    alert_count: int,
) -> RefusalReport:
    """Who was refused since `now - window`, how often, for what, first and
    last; anyone refused `alert_count` times or more since `now - alert_window`
    is over the threshold. One query, whatever the number of events."""
    since, alert_since = now - window, now - alert_window
    groups: dict[tuple[int | None, int | None, str | None], list[tuple[Refused, _Counts]]] = {}
    for who, counts in _grouped_refusals(session, since, alert_since):
        key = (who.staff_user_id, who.contact_id, who.ip_address)
        groups.setdefault(key, []).append((who, counts))
    people = [_person(rows, alert_count) for rows in groups.values()]
    people.sort(key=lambda person: (person.times, person.last_at), reverse=True)
    return RefusalReport(
        since=since, alert_since=alert_since, alert_count=alert_count, people=tuple(people)
    )


@dataclass(frozen=True)
class _Counts:
    reason: str
    endpoint: str
    times: int
    recent_times: int
    first_at: datetime
    last_at: datetime


def _person(rows: list[tuple[Refused, _Counts]], alert_count: int) -> RefusedPerson:
    counts = [row_counts for _who, row_counts in rows]
    recent = sum(row.recent_times for row in counts)
    return RefusedPerson(
        who=rows[0][0],
        times=sum(row.times for row in counts),
        recent_times=recent,
        first_at=min(row.first_at for row in counts),
        last_at=max(row.last_at for row in counts),
        asked_for=tuple(
            RefusedFor(row.reason, row.endpoint, row.times)
            for row in sorted(counts, key=lambda row: (-row.times, row.endpoint, row.reason))
        ),
        over_threshold=recent >= alert_count,
    )


def _refusal_events(since: datetime) -> Subquery:
    """The refusals since `since`, with the JSON detail read into columns, so
    the query over them groups by plain columns on both databases."""
    return (
        select(
            AuditEvent.occurred_at,
            AuditEvent.actor_role,
            AuditEvent.actor_staff_id,
            AuditEvent.actor_contact_id,
            # Someone signed in is known by their id; nobody, by their address.
            case(
                (AuditEvent.actor_role == ActorRole.ANONYMOUS, AuditEvent.ip_address),
                else_=None,
            ).label("address"),
            AuditEvent.detail["reason"].as_string().label("reason"),
            AuditEvent.detail["endpoint"].as_string().label("endpoint"),
        )
        .where(AuditEvent.action == ACCESS_REFUSED, AuditEvent.occurred_at >= since)
        .subquery()
    )


def _grouped_refusals(
    session: Session, since: datetime, alert_since: datetime
) -> list[tuple[Refused, _Counts]]:
    """One row per person, reason and endpoint, with who they are."""
    events = _refusal_events(since)
    keyworker = aliased(StaffUser)
    # In the order of Refused's fields.
    who = (
        events.c.actor_role,
        events.c.actor_staff_id,
        StaffUser.name.label("staff_name"),
        events.c.actor_contact_id,
        Contact.young_person_id,
        keyworker.name.label("keyworker_name"),
        events.c.address,
    )
    what = (events.c.reason, events.c.endpoint)
    rows = session.execute(
        select(
            *who,
            *what,
            func.count().label("times"),
            func.sum(case((events.c.occurred_at >= alert_since, 1), else_=0)).label("recent"),
            func.min(events.c.occurred_at).label("first_at"),
            func.max(events.c.occurred_at).label("last_at"),
        )
        .select_from(events)
        .outerjoin(StaffUser, StaffUser.id == events.c.actor_staff_id)
        .outerjoin(Contact, Contact.id == events.c.actor_contact_id)
        .outerjoin(YoungPerson, YoungPerson.id == Contact.young_person_id)
        .outerjoin(keyworker, keyworker.id == YoungPerson.keyworker_id)
        .group_by(*who, *what)
    ).all()
    return [
        (
            Refused(*row[: len(who)]),
            _Counts(
                reason=row.reason or "",
                endpoint=row.endpoint or "",
                times=row.times,
                recent_times=int(row.recent or 0),
                first_at=row.first_at,
                last_at=row.last_at,
            ),
        )
        for row in rows
    ]
