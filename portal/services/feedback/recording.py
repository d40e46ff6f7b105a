"""Feedback a young person or family member sends from the "Tell us what you
think" page: the NHS Friends and Family Test answer, what was good, what
could be better, who is answering, and whether their words may be quoted.

`record_web_feedback` puts the answer on the record through
`portal.services.feedback.filing.file_response` (the one way any answer is
filed: the row, safeguarding triage, the notice for staff, closing the
request it answers, the audit) and records the choice about quoting through
the consent service (`portal.services.feedback.quoting`), in the caller's
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
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from portal import session_keys
from portal.models import AnsweredBy, Contact, FeedbackChannel, FftAnswer
from portal.services.feedback.filing import Answer, file_response
from portal.services.feedback.quoting import record_quote_choice
from portal.services.records.urgent_alerts import UrgentSettings

COMMENT_MAX_LENGTH = 2000
FORM_TOKEN_MAX_LENGTH = 64

# How many forms already sent the session remembers (token: urgent).
REMEMBERED_FORMS = 20


class NoFeedbackGiven(ValueError):
    """No answer and nothing written: there is nothing to save."""


class CommentTooLong(ValueError):
    """A comment is longer than COMMENT_MAX_LENGTH (the form says so kindly first)."""


@dataclass(frozen=True)
class WebFeedback:
    """What the form holds, checked: a comment is None when nothing was written.
    `request_id` and `meeting_id` are already checked against the contact
    (`portal.services.feedback.subject`)."""

    answer: FftAnswer | None
    comment: str | None
    may_quote: bool
    improvement: str | None = None
    answered_by: AnsweredBy | None = None
    request_id: int | None = None
    meeting_id: int | None = None
    form_token: str | None = None

    @property
    def has_content(self) -> bool:
        return self.answer is not None or bool(self.comment) or bool(self.improvement)


@dataclass(frozen=True)
class FeedbackOutcome:
    """`response_id` is None when the form had been sent before (`repeat`)."""

    response_id: int | None
    urgent: bool
    repeat: bool = False
    # A consent decision about quoting was added (the choice changed).
    quote_choice_changed: bool = False


def new_form_token() -> str:
    """A one-time token for a new feedback form."""
    return secrets.token_urlsafe(16)


def record_web_feedback(
    session: Session,
    contact: Contact,
    feedback: WebFeedback,
    now: datetime,
    today: date,
    *,
    memory: Mapping[str, Any],
    ip_address: str | None = None,
    alerts: UrgentSettings | None = None,
) -> FeedbackOutcome:
    """File `contact`'s feedback from the web in the caller's transaction.

    A form already sent (its token is in `memory`) is not saved again: the
    first sending's outcome is returned with `repeat` set. `memory` is only
    read: once the transaction is committed, the edge calls
    `remember_feedback`, so a form whose saving failed is saved when it is
    sent again. Raises `NoFeedbackGiven` when there is neither an answer nor
    anything written, and `CommentTooLong` for a comment over
    COMMENT_MAX_LENGTH characters. Feedback that triage flags emails staff
    (`alerts` is then required): "something needs you", never the words."""
    if not feedback.has_content:
        raise NoFeedbackGiven("an answer or a comment is needed")
    for text in (feedback.comment, feedback.improvement):
        if text and len(text) > COMMENT_MAX_LENGTH:
            raise CommentTooLong(f"a comment has at most {COMMENT_MAX_LENGTH} characters")
    sent = _sent_forms(memory)
    if feedback.form_token and feedback.form_token in sent:
        return FeedbackOutcome(response_id=None, urgent=sent[feedback.form_token], repeat=True)
    filed = file_response(
        session,
        contact,
        Answer(
            channel=FeedbackChannel.WEB,
            fft_answer=feedback.answer,
            comment=feedback.comment,
            improvement=feedback.improvement,
            answered_by=feedback.answered_by,
            meeting_id=feedback.meeting_id,
            request_id=feedback.request_id,
        ),
        now,
        alerts=alerts,
        ip_address=ip_address,
    )
    changed = record_quote_choice(
        session, contact, feedback.may_quote, today, ip_address=ip_address, alerts=alerts
    )
    return FeedbackOutcome(
        response_id=filed.response.id, urgent=filed.triage.flagged, quote_choice_changed=changed
    )


def _sent_forms(memory: Mapping[str, Any]) -> dict[str, bool]:
    """The tokens of forms already sent in this session, and whether each was urgent."""
    return dict(memory.get(session_keys.FEEDBACK_SENT_FORMS) or {})


def form_already_sent(memory: Mapping[str, Any], form_token: str | None) -> bool:
    """Whether the form with `form_token` was sent and saved in this session
    already (by a family on "Tell us", or by staff writing an answer down)."""
    return bool(form_token) and form_token in _sent_forms(memory)


def remember_form(memory: MutableMapping[str, Any], form_token: str | None, urgent: bool) -> None:
    """After an answer is committed: remember its form, so sending it again saves nothing."""
    if form_token:
        sent = _sent_forms(memory)
        sent[form_token] = urgent
        memory[session_keys.FEEDBACK_SENT_FORMS] = dict(list(sent.items())[-REMEMBERED_FORMS:])


def remember_feedback(
    memory: MutableMapping[str, Any], feedback: WebFeedback, outcome: FeedbackOutcome
) -> None:
    """After the feedback is committed: remember its form, so sending it again
    saves nothing, and whether the thank-you page shows help first."""
    if not outcome.repeat:
        remember_form(memory, feedback.form_token, outcome.urgent)
    memory[session_keys.FEEDBACK_HELP_FIRST] = outcome.urgent


def help_comes_first(memory: MutableMapping[str, Any]) -> bool:
    """Whether the thank-you page shows where to get help before anything else:
    the last feedback sent in this session mentioned crisis or risk."""
    return bool(memory.get(session_keys.FEEDBACK_HELP_FIRST, False))
