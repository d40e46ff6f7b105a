"""What the service's text messages and emails say, for each purpose.

One template per purpose, in English here and in each language through the
catalogue (`Translator`). A template holds no clinical detail, no diagnosis
and no kind of meeting: "your meeting", never "your CETR". Its only link is
to the portal's own address (`url`, made by the caller from PUBLIC_BASE_URL).

`tests/portal/services/messaging/test_templates.py` renders every English
template with the longest realistic values and checks that a text message
fits in 2 segments (`portal.services.messaging.segments`).

The sign-in link messages are in `portal.services.access.link_messages`;
`render` gives them too, so every purpose is here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from portal.services.wording import Translator


def _l(text: str) -> str:
    """Marks `text` for the catalogue (pybabel finds `_l`); translated when rendered."""
    return text


class Purpose(enum.StrEnum):
    INVITATION = "invitation"
    NEW_LINK = "new_link"
    MEETING_REMINDER = "meeting_reminder"
    MEETING_MOVED = "meeting_moved"
    MEETING_CANCELLED = "meeting_cancelled"
    PLAN_CHANGED = "plan_changed"
    FEEDBACK_REQUEST = "feedback_request"
    MEETING_FEEDBACK_REQUEST = "meeting_feedback_request"
    NEW_MESSAGE = "new_message"
    # Answers to a text message from a family.
    THANK_YOU = "thank_you"
    # Instead of THANK_YOU when what they wrote may disclose risk (triage).
    HELP_NOW = "help_now"
    REPLY_YES_THANKS = "reply_yes_thanks"
    REPLY_NO_THANKS = "reply_no_thanks"
    REPLY_UNCLEAR = "reply_unclear"
    REPLY_TOO_LATE = "reply_too_late"
    CHOOSE_YOUNG_PERSON = "choose_young_person"
    HELP_REPLY = "help_reply"
    OPTED_OUT = "opted_out"
    OPTED_IN = "opted_in"
    # To a number that is not a contact's: reveals nothing about anyone.
    UNKNOWN_NUMBER = "unknown_number"
    # The feedback question by text, step by step (conversations.feedback_replies).
    FEEDBACK_ASK_AGAIN = "feedback_ask_again"
    FEEDBACK_ASK_NUMBER = "feedback_ask_number"
    FEEDBACK_ASK_BETTER = "feedback_ask_better"
    FEEDBACK_THANKS = "feedback_thanks"


# Sent by the service on its own, so held in quiet hours. Everything else
# answers something a person just did, or is sent by a keyworker by hand.
AUTOMATIC = frozenset(
    {
        Purpose.MEETING_REMINDER,
        Purpose.MEETING_MOVED,
        Purpose.MEETING_CANCELLED,
        Purpose.PLAN_CHANGED,
        Purpose.FEEDBACK_REQUEST,
        Purpose.MEETING_FEEDBACK_REQUEST,
    }
)

# Ask a question a reply by text can answer (see SmsConversation).
ASKS_FOR_A_REPLY = frozenset(
    {
        Purpose.MEETING_REMINDER,
        Purpose.MEETING_MOVED,
        Purpose.FEEDBACK_REQUEST,
        Purpose.MEETING_FEEDBACK_REQUEST,
    }
)

# The six answers, in the easy-read words of the web form, as a text lists them.
SIX_ANSWERS = _l("1 Very good\n2 Good\n3 Not good and not bad\n4 Bad\n5 Very bad\n6 I do not know")

_BODIES: dict[Purpose, str] = {
    Purpose.MEETING_REMINDER: _l(
        "%(service_name)s: you have a meeting on %(day)s at %(time)s.\n"
        "Reply YES if you can come, NO if you cannot, or call %(phone)s.\n"
        "More: %(url)s"
    ),
    Purpose.MEETING_MOVED: _l(
        "%(service_name)s: your meeting has moved. It is now on %(day)s at %(time)s.\n"
        "Reply YES if you can come, NO if you cannot, or call %(phone)s.\n"
        "More: %(url)s"
    ),
    Purpose.MEETING_CANCELLED: _l(
        "%(service_name)s: your meeting on %(day)s at %(time)s will not happen.\n"
        "Your keyworker will tell you what happens next. Questions? Call %(phone)s."
    ),
    Purpose.PLAN_CHANGED: _l(
        "%(service_name)s: your plan has changed. You can read it here: %(url)s"
    ),
    Purpose.FEEDBACK_REQUEST: _l(
        "%(service_name)s: how is your keyworker support going? Reply 1 to 6:\n"
        "%(answers)s\n"
        "Or answer here: %(url)s"
    ),
    Purpose.MEETING_FEEDBACK_REQUEST: _l(
        "%(service_name)s: how was your meeting on %(day)s? Reply 1 to 6:\n"
        "%(answers)s\n"
        "Or answer here: %(url)s"
    ),
    Purpose.FEEDBACK_ASK_AGAIN: _l(
        "Sorry, we did not understand. Please reply with one number, 1 to 6:\n%(answers)s"
    ),
    Purpose.FEEDBACK_ASK_NUMBER: _l(
        "Thank you. We will keep your words. How was it? Reply 1 to 6:\n%(answers)s"
    ),
    Purpose.FEEDBACK_ASK_BETTER: _l(
        "Thank you. What could be better? Reply with a few words. Or reply NO."
    ),
    Purpose.FEEDBACK_THANKS: _l(
        "Thank you for telling us. Your keyworker team will read it. Questions? Call %(phone)s."
    ),
    Purpose.NEW_MESSAGE: _l(
        "%(service_name)s: you have a new message from your keyworker team.\nRead it here: %(url)s"
    ),
    Purpose.THANK_YOU: _l(
        "Thank you. Your keyworker team will read your message, usually in 2 working days.\n"
        "Need help now? Call NHS 111, or 999 in an emergency."
    ),
    Purpose.HELP_NOW: _l(
        "Thank you. If you are in danger, call 999. For help now, call NHS 111 and press 2 "
        "to talk about how you feel. Samaritans: 116 123. Under 19? Childline: 0800 1111. "
        "Or text SHOUT to 85258. We read texts on weekdays, 9am to 5pm."
    ),
    Purpose.REPLY_YES_THANKS: _l(
        "Thank you. We have told your keyworker you can come to the meeting on %(day)s."
    ),
    Purpose.REPLY_NO_THANKS: _l(
        "Thank you. We have told your keyworker you cannot come to the meeting on %(day)s. "
        "They will be in touch."
    ),
    Purpose.REPLY_UNCLEAR: _l(
        "Sorry, we did not understand. Reply YES if you can come to the meeting on %(day)s, "
        "NO if you cannot, or call %(phone)s."
    ),
    Purpose.REPLY_TOO_LATE: _l(
        "Thank you. It is too late to answer by text now. "
        "Your keyworker team will read your message. Or call %(phone)s."
    ),
    Purpose.CHOOSE_YOUNG_PERSON: _l("Thank you. Who is your message about? %(options)s"),
    Purpose.HELP_REPLY: _l(
        "This is the %(service_name)s. To talk to the keyworker team, call %(phone)s. "
        "Reply STOP to stop our texts. In an emergency call 999."
    ),
    Purpose.OPTED_OUT: _l(
        "You will not get texts from the %(service_name)s now. "
        "Reply START to get them again. To talk to us, call %(phone)s."
    ),
    Purpose.OPTED_IN: _l(
        "You will get texts from the %(service_name)s again. Reply STOP to stop them."
    ),
    Purpose.UNKNOWN_NUMBER: _l(
        "Sorry, this number cannot answer messages. "
        "If you need help now, call NHS 111, or 999 in an emergency."
    ),
}

_SUBJECTS: dict[Purpose, str] = {
    Purpose.MEETING_REMINDER: _l("Your meeting on %(day)s"),
    Purpose.MEETING_MOVED: _l("Your meeting has moved"),
    Purpose.MEETING_CANCELLED: _l("Your meeting on %(day)s will not happen"),
    Purpose.PLAN_CHANGED: _l("Your plan has changed"),
    Purpose.FEEDBACK_REQUEST: _l("How is your keyworker support going?"),
    Purpose.MEETING_FEEDBACK_REQUEST: _l("How was your meeting?"),
    Purpose.NEW_MESSAGE: _l("You have a new message"),
}

# Email says the same as the text message, without "Reply YES": an email
# reply is not read by the service.
_EMAIL_BODIES: dict[Purpose, str] = {
    Purpose.MEETING_REMINDER: _l(
        "You have a meeting on %(day)s at %(time)s.\n\n"
        "Please tell us if you can come: %(url)s\n\n"
        "Or call the keyworker team on %(phone)s."
    ),
    Purpose.MEETING_MOVED: _l(
        "Your meeting has moved. It is now on %(day)s at %(time)s.\n\n"
        "Please tell us if you can come: %(url)s\n\n"
        "Or call the keyworker team on %(phone)s."
    ),
    Purpose.FEEDBACK_REQUEST: _l(
        "Please tell us how your keyworker support is going.\n\n"
        "It takes 2 minutes: %(url)s\n\n"
        "Or call the keyworker team on %(phone)s."
    ),
    Purpose.MEETING_FEEDBACK_REQUEST: _l(
        "Please tell us how your meeting on %(day)s went.\n\n"
        "It takes 2 minutes: %(url)s\n\n"
        "Or call the keyworker team on %(phone)s."
    ),
}


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def render(
    purpose: Purpose, translator: Translator, *, email: bool = False, **values: Any
) -> Rendered:
    """The words for `purpose` in the translator's language, with `values`
    filled in. Raises KeyError for a purpose without a template (the sign-in
    links: `portal.services.access.link_messages`) or a missing value."""
    template = (_EMAIL_BODIES.get(purpose) if email else None) or _BODIES[purpose]
    if "%(answers)s" in template:
        values = {"answers": translator.gettext(SIX_ANSWERS), **values}
    body = translator.gettext(template, **values)
    subject_template = _SUBJECTS.get(purpose)
    subject = (
        translator.gettext(subject_template, **values)
        if subject_template
        else translator.gettext(_l("A message from the %(service_name)s"), **values)
    )
    return Rendered(subject=subject, body=body)


def has_template(purpose: Purpose) -> bool:
    return purpose in _BODIES


# One numbered choice in CHOOSE_YOUNG_PERSON's %(options)s: a young person's first name.
_CHOOSE_OPTION = _l("Reply %(number)s for %(name)s.")


def choose_options(translator: Translator, first_names: list[str]) -> str:
    """The numbered choices of "Who is your message about?", such as
    "Reply 1 for Sam. Reply 2 for Alex." (first names only)."""
    return " ".join(
        translator.gettext(_CHOOSE_OPTION, number=number, name=name)
        for number, name in enumerate(first_names, start=1)
    )
