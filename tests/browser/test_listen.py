""" "Listen to this page" on My plan reads each thing once, in page order, and
leaves out what is folded away ("Earlier changes" is read as its title until
someone opens it) and the page's own buttons.

The browser's voice is replaced by a recorder, so the test reads what would
have been said without a sound card.
"""

from __future__ import annotations

import itertools

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.pages import LivePortal, open_as

pytestmark = pytest.mark.browser

RECORD_WHAT_IS_SAID = """
window.spoken = [];
window.speechSynthesis.cancel = () => {};
window.speechSynthesis.speak = (utterance) => window.spoken.push(utterance.text);
"""

FOLDED_TEXT = """
return [...document.querySelectorAll("#app-plan details:not([open])")].map(
  (folded) => [...folded.children].filter((part) => part.tagName !== "SUMMARY")
    .map((part) => part.textContent.replace(/\\s+/g, " ").trim()).join(" "));
"""


def _listen(browser: WebDriver) -> list[str]:
    browser.execute_script(RECORD_WHAT_IS_SAID)
    browser.find_element(By.CSS_SELECTOR, "[data-read-aloud]").click()
    spoken: list[str] = browser.execute_script("return window.spoken")
    browser.find_element(By.CSS_SELECTOR, "[data-read-aloud-stop]").click()
    return spoken


def test_listen_reads_each_thing_once_and_skips_what_is_folded(
    browser: WebDriver, live_portal: LivePortal
) -> None:
    open_as(browser, live_portal, "/my-plan", "family")
    folded = [text for text in browser.execute_script(FOLDED_TEXT) if text]
    assert folded, "My plan in the test data should have a folded section"

    spoken = _listen(browser)

    assert spoken[0] == browser.find_element(By.TAG_NAME, "h1").text
    # The same words twice in a row, or a line that holds another line of
    # several words, is one thing read twice (a list item and its paragraph).
    twice = [line for line, after in itertools.pairwise(spoken) if line == after]
    assert not twice, f"read twice in a row: {twice}"
    inside = [
        (outer, inner)
        for outer in spoken
        for inner in spoken
        if outer != inner and len(inner.split()) >= 4 and inner in outer
    ]
    assert not inside, f"read again inside a longer line: {inside}"
    said = " ".join(spoken)
    assert "Earlier changes" in spoken
    for text in folded:
        assert text[:40] not in said, f"read from a folded section: {text[:40]!r}"
    assert "Listen to this page" not in said and "Stop listening" not in said


def test_an_opened_section_is_read(browser: WebDriver, live_portal: LivePortal) -> None:
    open_as(browser, live_portal, "/my-plan", "family")
    folded = [text for text in browser.execute_script(FOLDED_TEXT) if text]
    browser.find_element(By.XPATH, "//summary[contains(., 'Earlier changes')]").click()

    said = " ".join(_listen(browser))

    assert folded[0][:40] in said
