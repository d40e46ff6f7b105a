"""On a phone, each family page's heading starts on the first screen, even on
the first page of a session, which also explains "Exit this page"
(portal/templates/family/layout.html): the explanation must not push the
heading out of sight, with JavaScript on or off."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.pages import LivePortal, open_as

pytestmark = pytest.mark.browser

PHONE = (360, 640)
SMALL_PHONE = (320, 568)
EXPLANATION = ".app-exit-this-page__explanation"
# Enough for the first line of a heading at a phone's text size.
FIRST_LINE = 48

# (path, signed in): a page a person may open first in a session.
FIRST_PAGES = (
    ("/", True),
    ("/my-plan", True),
    ("/my-meetings", True),
    ("/my-choices", True),
    ("/help", False),
    ("/sign-in", False),
)


def _check_heading_on_first_screen(
    browser: WebDriver, portal: LivePortal, size: tuple[int, int]
) -> None:
    width, height = size
    browser.set_window_size(width, height)
    # The window's size includes the browser's own frame: size the page itself.
    inner = browser.execute_script("return [innerWidth, innerHeight]")
    browser.set_window_size(2 * width - inner[0], 2 * height - inner[1])
    for path, signed_in in FIRST_PAGES:
        # The first page of a new session: the one that explains Exit this page.
        open_as(browser, portal, path, "family" if signed_in else None)
        assert browser.find_elements(By.CSS_SELECTOR, EXPLANATION), (
            f"{path}: the first page of a session should explain Exit this page"
        )
        top, bottom = browser.execute_script(
            "const box = document.querySelector('h1').getBoundingClientRect();"
            "return [box.top, box.bottom]"
        )
        # Its first line at least, all of it for a short heading: a heading
        # that only starts at the foot of the screen is not seen.
        assert top < height and min(bottom, top + FIRST_LINE) <= height, (
            f"{path} at {width}x{height}: the h1 is {top:.0f} to {bottom:.0f} px down, "
            "not on the first screen"
        )
    # The explanation is still there to read: it opens with a tap.
    browser.find_element(By.CSS_SELECTOR, f"{EXPLANATION} summary").click()
    shift = browser.find_element(By.XPATH, "//p[contains(., 'Shift key 3 times')]")
    assert shift.is_displayed()


@pytest.mark.parametrize("size", [PHONE, SMALL_PHONE], ids=["360 px", "320 px"])
def test_the_heading_starts_on_the_first_screen_of_a_phone(
    browser: WebDriver, live_portal: LivePortal, size: tuple[int, int]
) -> None:
    _check_heading_on_first_screen(browser, live_portal, size)


def test_the_heading_starts_on_the_first_screen_without_javascript(
    browser_without_javascript: WebDriver, live_portal: LivePortal
) -> None:
    _check_heading_on_first_screen(browser_without_javascript, live_portal, PHONE)
