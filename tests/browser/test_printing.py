"""Printing a family page: phone, text and email links print the words a
person can use on paper ("Call 116 123"), never the link's address
("tel:116123"), and each number once.

Chromium is asked to apply the print styles (`Emulation.setEmulatedMedia`),
so the page is read as it would print, without printing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.pages import LivePortal, open_as

pytestmark = pytest.mark.browser

# Pages with phone links: the help page (the team's number and the crisis
# lines) and My plan (the crisis lines).
PAGES = ("/help", "/my-plan")

# For each phone, text or email link: its visible words, the words printed
# after it (the ::after content, "none" for nothing), and its address.
PRINTED_LINKS = """
return [...document.querySelectorAll(
  "a[href^='tel:'], a[href^='sms:'], a[href^='mailto:']"
)].map((link) => [
  link.innerText.trim(),
  getComputedStyle(link, "::after").getPropertyValue("content"),
  link.getAttribute("href"),
]);
"""


@pytest.fixture
def printing(browser: WebDriver) -> Iterator[WebDriver]:
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        yield browser
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def _number_or_address(href: str) -> str:
    scheme, _, rest = href.partition(":")
    return rest if scheme == "mailto" else re.sub(r"\D", "", rest)


def _as_written(text: str, href: str) -> str:
    return text if href.startswith("mailto:") else re.sub(r"\D", "", text)


@pytest.mark.parametrize("path", PAGES)
def test_phone_links_print_their_words_not_their_addresses(
    printing: WebDriver, live_portal: LivePortal, path: str
) -> None:
    open_as(printing, live_portal, path, "family")
    assert printing.execute_script("return matchMedia('print').matches")

    links = printing.execute_script(PRINTED_LINKS)
    assert any(href.startswith("tel:") for _text, _after, href in links), (
        f"{path} has no phone link to check"
    )
    for text, after, href in links:
        assert after in ("none", "normal", ""), f"{path}: the link {text!r} prints {after} after it"
        # What is printed is what is shown: it has to give the number itself.
        assert _as_written(text, href).count(_number_or_address(href)) == 1, (
            f"{path}: the link {text!r} does not show {href} once in its words"
        )
