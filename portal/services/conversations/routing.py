"""Which open question a text message answers.

A family member can have more than one question open on the same number:
"Can you come to the meeting?" and, a little later, "How is your keyworker
support going? Reply 1 to 6". They may answer either. The reply goes to
the question asked last, unless only an earlier one can read it: a clear
yes or no goes to the meeting, and a number the feedback question reads
(1 to 6, "good", "very bad") goes to the feedback, whichever was sent last.

The question asked last is the newest conversation, or one in the middle of
its steps: "What could be better?" is sent in answer to the person's last
text, so it is the latest thing they were asked.
"""

from __future__ import annotations

from collections.abc import Sequence

from portal.models import ConversationKind, SmsConversation
from portal.services.conversations.feedback_replies import ASKED_NUMBER
from portal.services.conversations.replies import ParsedReply, ReplyKind
from portal.services.feedback.requests import FIRST_STEP
from portal.services.feedback.sms_answers import read_answer


def answered_by(
    conversations: Sequence[SmsConversation], parsed: ParsedReply, body: str | None
) -> SmsConversation:
    """The conversation (of `conversations`, newest first, at least one) that
    the reply `body` answers."""
    latest_first = sorted(conversations, key=lambda c: not _in_the_middle(c))
    fitting = [c for c in latest_first if _reads(c, parsed, body or "")]
    return fitting[0] if fitting else latest_first[0]


def _in_the_middle(conversation: SmsConversation) -> bool:
    return (conversation.step or FIRST_STEP) != FIRST_STEP


def _reads(conversation: SmsConversation, parsed: ParsedReply, body: str) -> bool:
    if conversation.kind is ConversationKind.MEETING_REPLY:
        return parsed.kind in (ReplyKind.YES, ReplyKind.NO)
    if conversation.kind is ConversationKind.FEEDBACK:
        if (conversation.step or FIRST_STEP) not in (FIRST_STEP, ASKED_NUMBER):
            return True  # "What could be better?" takes any words
        return read_answer(body) is not None
    return False
