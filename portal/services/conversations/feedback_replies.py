"""Replies by text to the feedback question (a FEEDBACK conversation).

The request's text asks "How is your keyworker support going? Reply 1 to
6" with the six answers listed (`portal.services.feedback.requests`). Then:

- **the number** (read by `portal.services.feedback.sms_answers`) is filed
  at once, and one more question is asked: "What could be better? Reply
  with a few words. Or reply NO." Its answer is filed as a later part, and
  the conversation ends with thanks;
- **a few words instead of a number** ("the meeting was too long") are filed
  at once as the comment, and the number is asked for once; whatever comes
  next is filed and thanked (a number as the answer, words as more comment);
- **an unclear reply** ("ok", "7") is asked once more; a second unclear
  reply is kept, with the first, as the comment, and thanked.

Every part is filed as it arrives by `file_response` (the record, the
safeguarding check, the notice for staff), so nothing is lost if the person
stops replying. The first part closes the request; later parts name the
first (`part_of_id`). When the words may disclose risk, the answer is the
crisis lines (`Purpose.HELP_NOW`) instead of the thanks or the next
question, and the conversation ends (the filing has made it urgent).

STOP, START, HELP and LINK are keywords and never reach here
(`portal.services.conversations.inbound` handles them first).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    Contact,
    Direction,
    FeedbackChannel,
    FeedbackRequest,
    FeedbackResponse,
    FftAnswer,
    Message,
    SmsConversation,
)
from portal.services.conversations.inbound_replies import Answer
from portal.services.conversations.questions import close_conversation
from portal.services.feedback import filing
from portal.services.feedback.requests import FIRST_STEP
from portal.services.feedback.sms_answers import declines, is_comment, read_answer
from portal.services.messaging.templates import Purpose
from portal.services.records.urgent_alerts import UrgentSettings

# Steps after the first: the number came, "What could be better?" was asked;
# or words came first, and the number was asked for.
ASKED_BETTER = "better"
ASKED_NUMBER = "number"


def answer_feedback(
    session: Session,
    message: Message,
    conversation: SmsConversation,
    contact: Contact,
    now: datetime,
    alerts: UrgentSettings,
) -> Answer:
    """File the reply `message` in the feedback conversation, and say what to
    answer. The caller has placed the message on `contact`. Does not commit."""
    flow = _Flow(session, message, conversation, contact, now, alerts)
    text = message.body.strip()
    step = conversation.step or FIRST_STEP
    if step == ASKED_BETTER:
        return flow.after_better(text)
    if step == ASKED_NUMBER:
        return flow.after_number(text)
    return flow.first_reply(text)


class _Flow:
    def __init__(
        self,
        session: Session,
        message: Message,
        conversation: SmsConversation,
        contact: Contact,
        now: datetime,
        alerts: UrgentSettings,
    ) -> None:
        self.session = session
        self.message = message
        self.conversation = conversation
        self.contact = contact
        self.now = now
        self.alerts = alerts
        self.request = session.scalar(
            select(FeedbackRequest).where(FeedbackRequest.message_id == conversation.message_id)
        )

    def first_reply(self, text: str) -> Answer:
        read = read_answer(text)
        if read is not None:
            filed = self._file(fft_answer=read.answer, comment=read.comment)
            return self._next(filed, ASKED_BETTER, Purpose.FEEDBACK_ASK_BETTER)
        if is_comment(text):
            return self._next(self._file(comment=text), ASKED_NUMBER, Purpose.FEEDBACK_ASK_NUMBER)
        if self.conversation.unclear_replies == 0:
            self.conversation.unclear_replies = 1
            return self._answer(Purpose.FEEDBACK_ASK_AGAIN)
        words = "\n".join(part for part in (self._earlier_reply(), text) if part)
        return self._end(self._file(comment=words) if words else None)

    def after_number(self, text: str) -> Answer:
        if not text or declines(text):
            return self._end(None)
        read = read_answer(text)
        if read is not None:
            return self._end(self._file(fft_answer=read.answer, comment=read.comment))
        return self._end(self._file(comment=text))

    def after_better(self, text: str) -> Answer:
        if not text or declines(text):
            return self._end(None)
        return self._end(self._file(improvement=text))

    def _file(
        self,
        *,
        fft_answer: FftAnswer | None = None,
        comment: str | None = None,
        improvement: str | None = None,
    ) -> filing.Filed:
        first = self._first_part()
        answer = filing.Answer(
            channel=FeedbackChannel.SMS,
            fft_answer=fft_answer,
            comment=comment or None,
            improvement=improvement or None,
            answered_by=filing.answered_by_for(self.contact),
            meeting_id=self.conversation.meeting_id,
            request_id=self.request.id if self.request is not None else None,
            part_of_id=first,
        )
        return filing.file_response(
            self.session, self.contact, answer, self.now, alerts=self.alerts
        )

    def _first_part(self) -> int | None:
        if self.request is None:
            return None
        return self.session.scalar(
            select(FeedbackResponse.id)
            .where(
                FeedbackResponse.request_id == self.request.id,
                FeedbackResponse.channel == FeedbackChannel.SMS,
                FeedbackResponse.part_of_id.is_(None),
            )
            .order_by(FeedbackResponse.id)
            .limit(1)
        )

    def _earlier_reply(self) -> str:
        """The unclear reply before this one, kept with it as the comment."""
        earlier = self.session.scalar(
            select(Message.body)
            .where(
                Message.direction == Direction.INBOUND,
                Message.from_address == self.message.from_address,
                Message.contact_id == self.contact.id,
                Message.id < self.message.id,
                Message.created_at >= self.conversation.opened_at,
            )
            .order_by(Message.id.desc())
            .limit(1)
        )
        return (earlier or "").strip()

    def _next(self, filed: filing.Filed, step: str, purpose: Purpose) -> Answer:
        if filed.triage.flagged:
            return self._end(filed)
        self.conversation.step = step
        self.conversation.unclear_replies = 0
        return self._answer(purpose)

    def _end(self, filed: filing.Filed | None) -> Answer:
        close_conversation(self.session, self.conversation, self.now)
        flagged = filed is not None and filed.triage.flagged
        return self._answer(Purpose.HELP_NOW if flagged else Purpose.FEEDBACK_THANKS)

    def _answer(self, purpose: Purpose) -> Answer:
        return Answer(purpose, self.contact)
