"""Staff answer a family's request to change a consent choice, once.

An answer is a `ConsentRequestAnswer`: either the decision the member of
staff recorded (`record_on_behalf`, in the same unit of work) or a reply
with a reason. Each request has at most one answer (a unique request id),
so two people answering at the same moment give exactly one answer: the
second is told who answered first, and nothing of theirs is kept. The family
reads the reply on their choices page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from portal.models import (
    ConsentChangeRequest,
    ConsentRequestAnswer,
    RequestAnswerKind,
    StaffUser,
    YoungPerson,
    utc_now,
)
from portal.services.access.staff import require_visible
from portal.services.consent.on_behalf import (
    BasisRefused,
    OnBehalf,
    OnBehalfOutcome,
    OnBehalfResult,
    record_on_behalf,
)
from portal.services.records.audit import record_event

REPLY_MAX_LENGTH = 1000
REQUEST_ANSWERED = "staff.consent.request_answered"


@dataclass(frozen=True)
class RequestWithAnswer:
    request: ConsentChangeRequest
    answer: ConsentRequestAnswer | None


class AlreadyAnswered(Exception):
    """Someone answered the request first: their answer stands."""

    def __init__(self, answer: ConsentRequestAnswer) -> None:
        super().__init__(answer.id)
        self.answer = answer


@dataclass(frozen=True)
class DecidedAnswer:
    result: OnBehalfResult
    answer: ConsentRequestAnswer | None


def requests_of(session: Session, young_person_id: int) -> list[RequestWithAnswer]:
    """Every request about the young person with its answer, newest first. One query."""
    rows = session.execute(
        select(ConsentChangeRequest, ConsentRequestAnswer)
        .outerjoin(ConsentRequestAnswer, ConsentRequestAnswer.request_id == ConsentChangeRequest.id)
        .where(ConsentChangeRequest.young_person_id == young_person_id)
        .options(
            joinedload(ConsentChangeRequest.contact),
            joinedload(ConsentChangeRequest.item),
            joinedload(ConsentRequestAnswer.answered_by),
        )
        .order_by(ConsentChangeRequest.requested_at.desc(), ConsentChangeRequest.id.desc())
    ).all()
    return [RequestWithAnswer(request, answer) for request, answer in rows]


def answer_of(session: Session, request_id: int) -> ConsentRequestAnswer | None:
    return session.scalars(
        select(ConsentRequestAnswer).where(ConsentRequestAnswer.request_id == request_id)
    ).first()


def reply_to_request(
    session: Session,
    staff: StaffUser,
    request: ConsentChangeRequest,
    reply: str,
    *,
    ip_address: str | None = None,
) -> ConsentRequestAnswer:
    """Answer `request` with a reason, leaving the choice as it is. Raises
    BasisRefused for a missing or long reply, AlreadyAnswered when it has an
    answer. Flushes; the caller's unit of work commits."""
    require_visible(session, staff, request.young_person_id)
    text = _checked_reply(reply, required=True)
    return _add_answer(session, staff, request, RequestAnswerKind.REPLIED, text, None, ip_address)


def decide_request(
    session: Session,
    staff: StaffUser,
    request: ConsentChangeRequest,
    young_person: YoungPerson,
    draft: OnBehalf,
    reply: str,
    today: date,
    *,
    ip_address: str | None = None,
) -> DecidedAnswer:
    """Record the decision the request asked for, and answer it with that
    decision. Nothing is added when the decision is refused, stale or
    changes nothing, or when someone answered first (AlreadyAnswered)."""
    if request.young_person_id != young_person.id or draft.item.id != request.item_id:
        raise BasisRefused("request")
    text = _checked_reply(reply, required=False)
    existing = answer_of(session, request.id)
    if existing is not None:
        raise AlreadyAnswered(existing)
    try:
        with session.begin_nested():
            result = record_on_behalf(
                session, staff, young_person, draft, today, ip_address=ip_address
            )
            if result.outcome is not OnBehalfOutcome.RECORDED or result.decision is None:
                return DecidedAnswer(result, None)
            answer = _insert(session, staff, request, RequestAnswerKind.DECIDED, text, result)
    except IntegrityError:
        raise _answered_first(session, request) from None
    _audit(session, staff, request, answer, ip_address)
    return DecidedAnswer(result, answer)


def _add_answer(
    session: Session,
    staff: StaffUser,
    request: ConsentChangeRequest,
    kind: RequestAnswerKind,
    text: str,
    result: OnBehalfResult | None,
    ip_address: str | None,
) -> ConsentRequestAnswer:
    existing = answer_of(session, request.id)
    if existing is not None:
        raise AlreadyAnswered(existing)
    try:
        with session.begin_nested():
            answer = _insert(session, staff, request, kind, text, result)
    except IntegrityError:
        raise _answered_first(session, request) from None
    _audit(session, staff, request, answer, ip_address)
    return answer


def _insert(
    session: Session,
    staff: StaffUser,
    request: ConsentChangeRequest,
    kind: RequestAnswerKind,
    text: str,
    result: OnBehalfResult | None,
) -> ConsentRequestAnswer:
    answer = ConsentRequestAnswer(
        request_id=request.id,
        young_person_id=request.young_person_id,
        kind=kind,
        decision_id=result.decision.id if result and result.decision else None,
        reply=text,
        answered_by_id=staff.id,
        answered_at=utc_now(),
    )
    session.add(answer)
    session.flush()
    return answer


def _answered_first(session: Session, request: ConsentChangeRequest) -> AlreadyAnswered:
    first = answer_of(session, request.id)
    assert first is not None  # the unique request id refused ours because of it
    return AlreadyAnswered(first)


def _audit(
    session: Session,
    staff: StaffUser,
    request: ConsentChangeRequest,
    answer: ConsentRequestAnswer,
    ip_address: str | None,
) -> None:
    record_event(
        session,
        REQUEST_ANSWERED,
        staff_user=staff,
        young_person_id=request.young_person_id,
        ip_address=ip_address,
        consent_change_request_id=request.id,
        consent_request_answer_id=answer.id,
        kind=answer.kind.value,
        consent_decision_id=answer.decision_id,
    )


def _checked_reply(reply: str | None, *, required: bool) -> str:
    text = (reply or "").strip()
    if required and not text:
        raise BasisRefused("reply_missing")
    if len(text) > REPLY_MAX_LENGTH:
        raise BasisRefused("reply_too_long")
    return text


def unanswered(requests: Sequence[RequestWithAnswer]) -> list[RequestWithAnswer]:
    return [r for r in requests if r.answer is None]
