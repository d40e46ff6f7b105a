"""Every English message, with the longest values it will realistically
carry: GSM-7 only, at most 2 segments, nothing clinical, and links only to
the portal's own address."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from easyread.dates import easy_date, easy_time
from portal.config import Config
from portal.models import LinkPurpose
from portal.services.access.link_messages import link_message
from portal.services.access.links import LINK_PATH, new_token
from portal.services.messaging.segments import Encoding, count_segments
from portal.services.messaging.templates import (
    ASKS_FOR_A_REPLY,
    AUTOMATIC,
    Purpose,
    has_template,
    render,
)
from portal.services.wording import PlainTranslator

# A long, realistic public address for a deployment (Config's own is empty
# until an operator sets it; the test one is short).
LONG_BASE_URL = "https://keyworker-family-portal.nhs-services.example.org"
LONGEST_PATH = "/my-meetings/1234567/can-you-come"
# TEAM_PHONE allows digits and spaces; the longest way a UK number is written.
LONG_PHONE = "+44 1632 960 000"
# The longest English weekday and month, with the year a reminder sent in
# December for January shows.
LONGEST_DAY = easy_date(date(2027, 9, 29), "en", today=date(2026, 12, 31))
# easy_time's longest words: "quarter past 12 in the afternoon".
LONGEST_TIME = max(
    (easy_time(datetime(2026, 6, 1, h, m, tzinfo=UTC), "en") for h in range(24) for m in range(60)),
    key=len,
)
LONG_OPTIONS = "Reply 1 for Maximilian-John, 2 for Alexandra-Rose or 3 for Christopher."

VALUES = {
    "service_name": Config.SERVICE_NAME,
    "phone": LONG_PHONE,
    "url": LONG_BASE_URL + LONGEST_PATH,
    "day": LONGEST_DAY,
    "time": LONGEST_TIME,
    "options": LONG_OPTIONS,
}

CLINICAL_WORDS = (
    "CETR",
    "C(E)TR",
    "CTR",
    "MDT",
    "multi-disciplinary",
    "care and treatment",
    "review",
    "register",
    "DSR",
    "Gateway",
    "mental health",
    "autism",
    "autistic",
    "learning disability",
    "diagnosis",
    "hospital",
    "admission",
    "discharge",
    "CAMHS",
    "Tier 4",
    "medication",
    "treatment",
    "therapy",
    "psychiatr",
    "crisis",
    "section 117",
    "risk",
)

URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def _text_messages() -> dict[str, str]:
    """Every English text message, by name, with the longest values."""
    translator = PlainTranslator()
    found = {p.value: render(p, translator, **VALUES).body for p in Purpose if has_template(p)}
    link_url = LONG_BASE_URL + LINK_PATH + new_token()
    for purpose, lifetime in (
        (LinkPurpose.INVITATION, Config.ACCESS_LINK_INVITATION_LIFETIME),
        (LinkPurpose.SIGN_IN, Config.ACCESS_LINK_REQUEST_LIFETIME),
    ):
        found[f"link_{purpose.value}"] = link_message(
            purpose,
            link_url,
            service_name=Config.SERVICE_NAME,
            lifetime=lifetime,
            translator=translator,
        ).body
    return found


def _all_words() -> dict[str, str]:
    """Text messages, email bodies and subjects."""
    translator = PlainTranslator()
    words = _text_messages()
    for purpose in Purpose:
        if has_template(purpose):
            email = render(purpose, translator, email=True, **VALUES)
            words[f"{purpose.value} email"] = email.body
            words[f"{purpose.value} subject"] = email.subject
    return words


TEXT_MESSAGES = _text_messages()


def test_every_purpose_has_words() -> None:
    missing = [p for p in Purpose if not has_template(p) and p not in _LINK_PURPOSES]
    assert missing == []
    assert len(TEXT_MESSAGES) == len(Purpose)  # 16 here, and the 2 link messages


_LINK_PURPOSES = {Purpose.INVITATION, Purpose.NEW_LINK}


def test_the_longest_values_are_the_long_ones() -> None:
    assert LONGEST_DAY == "Wednesday 29 September 2027"
    assert LONGEST_TIME == "quarter past 12 in the afternoon"


@pytest.mark.parametrize("name", sorted(TEXT_MESSAGES))
def test_text_message_is_gsm7_in_at_most_2_segments(name: str) -> None:
    counted = count_segments(TEXT_MESSAGES[name])
    assert counted.encoding is Encoding.GSM7, TEXT_MESSAGES[name]
    assert counted.segments <= 2, (counted.units, TEXT_MESSAGES[name])


@pytest.mark.parametrize("name", sorted(_all_words()))
def test_no_clinical_words(name: str) -> None:
    text = _all_words()[name].lower()
    # "Keyworker" and the service's own name are not clinical.
    found = [w for w in CLINICAL_WORDS if re.search(rf"\b{re.escape(w.lower())}", text)]
    assert found == [], _all_words()[name]


def test_the_clinical_word_check_can_fail() -> None:
    assert re.search(r"\bcetr", "your cetr on monday")


@pytest.mark.parametrize("name", sorted(_all_words()))
def test_every_link_is_on_the_portals_address(name: str) -> None:
    for url in URL.findall(_all_words()[name]):
        assert url.startswith(LONG_BASE_URL + "/"), url


def test_messages_that_ask_for_a_reply_say_how_by_text_and_by_phone() -> None:
    for purpose in ASKS_FOR_A_REPLY - {Purpose.FEEDBACK_REQUEST, Purpose.MEETING_FEEDBACK_REQUEST}:
        body = TEXT_MESSAGES[purpose.value]
        assert "Reply YES" in body and LONG_PHONE in body, body


def test_automatic_messages_carry_no_names() -> None:
    """Only the values given reach the message: the template has no name slot."""
    for purpose in AUTOMATIC:
        assert "%(name" not in render(purpose, PlainTranslator(), **VALUES).body
