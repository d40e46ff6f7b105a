"""Feedback a young person or family member sends from the "Tell us what you
think" page: the NHS Friends and Family Test answer and/or a comment.

`record_web_feedback` saves the response, tells staff (a `FamilyInputNotice`,
urgent when the comment mentions crisis or risk, see
`portal.services.feedback.triage`) and audits it, in the caller's
transaction.

Sending the same form twice (a double tap, a retry after a lost answer, the
browser sending it again) saves it once. Each form carries a one-time token;
the tokens of forms already sent are remembered in the person's session
(`memory`, a mapping such as the Flask session), newest last, by
`remember_feedback` once the feedback is committed. A form whose token is not
remembered is always saved: nothing a family sends is lost.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from portal import session_keys
from portal.models import (
    Contact,
    FamilyInputKind,
    FeedbackChannel,
    FeedbackResponse,
    FftAnswer,
)
from portal.services.feedback.filing import FEEDBACK_FLAGGED, FEEDBACK_SENT, staff_summary
from portal.services.feedback.triage import TriageResult, triage_feedback
from portal.services.records.audit import record_event
from portal.services.records.family_input import notify_staff
from portal.services.records.urgent_alerts import UrgentSettings

COMMENT_MAX_LENGTH = 2000
FORM_TOKEN_MAX_LENGTH = 64

# How many forms already sent the session remembers (token: urgent).
REMEMBERED_FORMS = 20


class NoFeedbackGiven(ValueError):
    """Neither an answer nor a comment: there is nothing to save."""


class CommentTooLong(ValueError):
    """The comment is longer than COMMENT_MAX_LENGTH (the form says so kindly first)."""


@dataclass(frozen=True)
class WebFeedback:
    """What the form holds, checked: `comment` is None when nothing was written."""

    answer: FftAnswer | None
    comment: str | None
    may_use_in_reports: bool
    form_token: str | None = None

    @property
    def has_content(self) -> bool:
        return self.answer is not None or bool(self.comment)


@dataclass(frozen=True)
class FeedbackOutcome:
    """`response_id` is None when the form had been sent before (`repeat`)."""

    response_id: int | None
    urgent: bool
    repeat: bool = False


def new_form_token() -> str:
    """A one-time token for a new feedback form."""
    return secrets.token_urlsafe(16)


def record_web_feedback(
    session: Session,
    contact: Contact,
    feedback: WebFeedback,
    *,
    memory: Mapping[str, Any],
    ip_address: str | None = None,
    alerts: UrgentSettings | None = None,
) -> FeedbackOutcome:
    """Add `contact`'s feedback from the web to the caller's transaction, tell
    staff and audit it.

    A form already sent (its token is in `memory`) is not saved again: the
    first sending's outcome is returned with `repeat` set. `memory` is only
    read: once the transaction is committed, the edge calls
    `remember_feedback`, so a form whose saving failed is saved when it is
    sent again. Raises `NoFeedbackGiven` when there is neither an answer nor
    a comment, and `CommentTooLong` for a comment over COMMENT_MAX_LENGTH
    characters. Feedback that triage flags emails staff (`alerts` is then
    required): "something needs you", never the comment."""
    if not feedback.has_content:
        raise NoFeedbackGiven("an answer or a comment is needed")
    if feedback.comment and len(feedback.comment) > COMMENT_MAX_LENGTH:
        raise CommentTooLong(f"a comment has at most {COMMENT_MAX_LENGTH} characters")
    sent = _sent_forms(memory)
    if feedback.form_token and feedback.form_token in sent:
        return FeedbackOutcome(response_id=None, urgent=sent[feedback.form_token], repeat=True)
    triage = triage_feedback(feedback.comment)
    response = _save_response(session, contact, feedback, triage, alerts)
    _audit(session, contact, response, triage, ip_address)
    return FeedbackOutcome(response_id=response.id, urgent=triage.flagged)


def _sent_forms(memory: Mapping[str, Any]) -> dict[str, bool]:
    """The tokens of forms already sent in this session, and whether each was urgent."""
    return dict(memory.get(session_keys.FEEDBACK_SENT_FORMS) or {})


def _save_response(
    session: Session,
    contact: Contact,
    feedback: WebFeedback,
    triage: TriageResult,
    alerts: UrgentSettings | None,
) -> FeedbackResponse:
    response = FeedbackResponse(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        channel=FeedbackChannel.WEB,
        fft_answer=feedback.answer,
        comment=feedback.comment or None,
        may_use_anonymously=feedback.may_use_in_reports,
    )
    session.add(response)
    session.flush()
    notify_staff(
        session,
        contact,
        FamilyInputKind.FEEDBACK,
        subject_id=response.id,
        summary=staff_summary(feedback.answer, triage),
        urgent=triage.flagged,
        alerts=alerts,
    )
    return response


def _audit(
    session: Session,
    contact: Contact,
    response: FeedbackResponse,
    triage: TriageResult,
    ip_address: str | None,
) -> None:
    record_event(
        session,
        FEEDBACK_SENT,
        contact=contact,
        ip_address=ip_address,
        response_id=response.id,
        channel=FeedbackChannel.WEB.value,
    )
    if triage.flagged:
        # The kinds of risk only: the words themselves stay in the response.
        record_event(
            session,
            FEEDBACK_FLAGGED,
            contact=contact,
            ip_address=ip_address,
            response_id=response.id,
            kinds=[kind.value for kind in triage.kinds],
        )


def remember_feedback(
    memory: MutableMapping[str, Any], feedback: WebFeedback, outcome: FeedbackOutcome
) -> None:
    """After the feedback is committed: remember its form, so sending it again
    saves nothing, and whether the thank-you page shows help first."""
    if feedback.form_token and not outcome.repeat:
        sent = _sent_forms(memory)
        sent[feedback.form_token] = outcome.urgent
        memory[session_keys.FEEDBACK_SENT_FORMS] = dict(list(sent.items())[-REMEMBERED_FORMS:])
    memory[session_keys.FEEDBACK_HELP_FIRST] = outcome.urgent


def help_comes_first(memory: MutableMapping[str, Any]) -> bool:
    """Whether the thank-you page shows where to get help before anything else:
    the last feedback sent in this session mentioned crisis or risk."""
    return bool(memory.get(session_keys.FEEDBACK_HELP_FIRST, False))
