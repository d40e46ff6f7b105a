"""What the messages that carry a link say: short, in the GSM alphabet, in
the reader's language, with how long the link works in words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from portal.i18n import translator_for
from portal.models import LinkPurpose
from portal.services.access.link_messages import lifetime_words, link_message
from portal.services.wording import PlainTranslator

# GSM 03.38, the basic character set: a text message of these characters only
# holds 160 characters, or 153 a part when it is sent in parts (2 parts: 306).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
TWO_SMS_PARTS = 306


@pytest.mark.parametrize("purpose", list(LinkPurpose))
def test_a_text_message_fits_in_2_parts_of_the_gsm_alphabet(
    app: Flask, purpose: LinkPurpose
) -> None:
    # A long but real-looking address for a service: the message must still fit.
    long_base = "https://keyworker-family-portal.example-icb.nhs.uk"
    token = "A" * 22
    with app.app_context():
        body = link_message(
            purpose,
            f"{long_base}/l/{token}",
            service_name=app.config["SERVICE_NAME"],
            lifetime=timedelta(hours=72),
            translator=translator_for("en"),
        ).body
    assert set(body) <= GSM7_BASIC, sorted(set(body) - GSM7_BASIC)
    assert len(body) <= TWO_SMS_PARTS, len(body)
    assert "Keyworker Family Portal" in body and f"{long_base}/l/{token}" in body


@pytest.mark.parametrize(
    ("lifetime", "words"),
    [
        (timedelta(hours=72), "3 days"),
        (timedelta(days=1), "1 day"),
        (timedelta(hours=5), "5 hours"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(minutes=15), "15 minutes"),
        (timedelta(minutes=90), "90 minutes"),
    ],
)
def test_a_lifetime_is_said_in_the_largest_whole_unit(lifetime: timedelta, words: str) -> None:
    assert lifetime_words(lifetime, PlainTranslator()) == words


class Recording(PlainTranslator):
    """Words as PlainTranslator gives them, remembering what was asked."""

    def __init__(self, language: str = "en") -> None:
        super().__init__(language)
        self.asked: list[str] = []

    def gettext(self, string: str, /, **variables: Any) -> str:
        self.asked.append(string)
        return super().gettext(string, **variables)

    def ngettext(self, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        self.asked.append(singular)
        return super().ngettext(singular, plural, num, **variables)


def test_every_word_of_a_message_comes_from_the_translator() -> None:
    translator = Recording()
    message = link_message(
        LinkPurpose.SIGN_IN,
        "http://portal.test/l/x",
        service_name="Keyworker Family Portal",
        lifetime=timedelta(minutes=15),
        translator=translator,
    )
    assert message.subject == "Your link to the Keyworker Family Portal"
    assert message.body.startswith("Here is your link to the Keyworker Family Portal")
    assert "It works for 15 minutes." in message.body
    assert len(translator.asked) == 3  # the lifetime, the body, the subject
