"""The collated feedback page and its CSV file for one member of staff: the
scope they asked for, checked; the figures; the comments, when their role
may read them; and the audit of what they read.

Reading comments is a look at records: each young person whose comment is
listed gets a `record.viewed` event (families see it on "Who has looked at
my information"), with `page` "feedback". The CSV file is one
`feedback.responses.exported` event: who, the period, scope and filters,
and how many rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from portal.models import StaffUser
from portal.services.access.staff import RECORD_VIEWED
from portal.services.feedback.collation import Collation, collate
from portal.services.feedback.collation_comments import (
    CommentFilter,
    CommentPage,
    ResponseRow,
    comments_page,
    responses_for_export,
)
from portal.services.feedback.collation_scope import (
    Scope,
    ScopeChoices,
    ScopeKind,
    chosen_scope,
    scope_choices,
)
from portal.services.feedback.periods import Period
from portal.services.records.audit import record_event

RESPONSES_EXPORTED = "feedback.responses.exported"


class MayNotExport(PermissionError):
    """This member of staff may not have the responses (administrators)."""


@dataclass(frozen=True)
class Asked:
    """What the page's GET form asked for (not yet checked)."""

    period: Period
    kind: ScopeKind | None = None
    keyworker_id: int | None = None
    team_id: int | None = None
    wanted: CommentFilter = field(default_factory=CommentFilter)
    page: int = 1


@dataclass(frozen=True)
class CollatedView:
    choices: ScopeChoices
    scope: Scope
    figures: Collation
    # None for a role that may not read comments.
    comments: CommentPage | None


def collated_view(
    session: Session, user: StaffUser, asked: Asked, *, ip_address: str | None = None
) -> CollatedView:
    """Raises NotVisible for a scope `user` may not choose."""
    choices = scope_choices(session, user)
    scope = _scope(user, choices, asked)
    figures = collate(session, asked.period, scope)
    comments = None
    if choices.may_read_comments:
        comments = comments_page(session, asked.period, scope, asked.wanted, asked.page)
        _record_views(session, user, comments.rows, ip_address)
    return CollatedView(choices, scope, figures, comments)


def responses_to_export(
    session: Session, user: StaffUser, asked: Asked, *, ip_address: str | None = None
) -> list[ResponseRow]:
    """Every response the filters match, audited. Raises MayNotExport for a
    role that may not read comments, NotVisible for a scope `user` may not choose."""
    choices = scope_choices(session, user)
    if not choices.may_read_comments:
        raise MayNotExport(user.id)
    scope = _scope(user, choices, asked)
    rows = responses_for_export(session, asked.period, scope, asked.wanted)
    record_event(
        session,
        RESPONSES_EXPORTED,
        staff_user=user,
        ip_address=ip_address,
        period=[asked.period.first.isoformat(), asked.period.last.isoformat()],
        scope=scope.kind.value,
        keyworker_id=scope.keyworker_id,
        team_id=scope.team_id,
        filters=asked.wanted.as_detail(),
        rows=len(rows),
    )
    return rows


def _scope(user: StaffUser, choices: ScopeChoices, asked: Asked) -> Scope:
    return chosen_scope(
        user, choices, asked.kind, keyworker_id=asked.keyworker_id, team_id=asked.team_id
    )


def _record_views(
    session: Session, user: StaffUser, rows: Sequence[ResponseRow], ip_address: str | None
) -> None:
    for young_person_id in dict.fromkeys(row.young_person_id for row in rows):
        record_event(
            session,
            RECORD_VIEWED,
            staff_user=user,
            young_person_id=young_person_id,
            ip_address=ip_address,
            page="feedback",
        )
