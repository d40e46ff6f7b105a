"""The warning before a staff session times out (WCAG 2.2.1 Timing Adjustable):
it appears before the timeout, is accessible, and lets the person stay signed
in; doing nothing ends the session and says why."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait

from tests.browser.axe import describe_violations, violations_on_page
from tests.browser.pages import ORIGIN_PAGE, LivePortal, wait_until_loaded
from tests.browser.waiting import waiting_for

pytestmark = pytest.mark.browser

# Short enough for a test, in the same proportions as the real 30 minutes
# with a 2-minute warning: the warning shows after 1 second.
IDLE = timedelta(seconds=5)
WARN_BEFORE = timedelta(seconds=4)
DIALOG = "dialog[data-module='app-timeout-dialog']"


@pytest.fixture
def short_timeouts(live_portal: LivePortal) -> Iterator[LivePortal]:
    config = live_portal.app.config
    saved = config["STAFF_IDLE_TIMEOUT"], config["IDLE_WARNING_BEFORE"]
    config["STAFF_IDLE_TIMEOUT"], config["IDLE_WARNING_BEFORE"] = IDLE, WARN_BEFORE
    yield live_portal
    config["STAFF_IDLE_TIMEOUT"], config["IDLE_WARNING_BEFORE"] = saved


def _open_caseload_signed_in(browser: WebDriver, portal: LivePortal) -> None:
    browser.set_window_size(1280, 900)
    browser.get(portal.base_url + ORIGIN_PAGE)
    browser.delete_all_cookies()
    cookie = portal.session_cookie_for("keyworker")
    browser.add_cookie(
        {"name": portal.app.config["SESSION_COOKIE_NAME"], "value": cookie, "path": "/"}
    )
    browser.get(portal.base_url + "/staff/")
    wait_until_loaded(browser)


def _dialog_is_open(browser: WebDriver) -> bool:
    return bool(browser.execute_script(f'return document.querySelector("{DIALOG}").open'))


def _h1(browser: WebDriver) -> str:
    return browser.find_element(By.TAG_NAME, "h1").text


def test_the_warning_lets_the_person_stay_signed_in(
    browser: WebDriver, short_timeouts: LivePortal, axe_source: str
) -> None:
    _open_caseload_signed_in(browser, short_timeouts)
    loaded = time.monotonic()
    assert not _dialog_is_open(browser)
    waiting_for(browser, 4).until(_dialog_is_open)
    focus_in_dialog = browser.execute_script(
        f'return document.querySelector("{DIALOG}").contains(document.activeElement)'
    )
    assert focus_in_dialog, "focus must move into the warning"
    violations = violations_on_page(browser, axe_source)
    assert not violations, describe_violations(violations)

    browser.find_element(By.CSS_SELECTOR, f"{DIALOG} button").click()
    waiting_for(browser, 4).until(lambda driver: not _dialog_is_open(driver))
    # Wait past the moment the session would have ended without the click.
    time.sleep(max(0.0, loaded + IDLE.total_seconds() + 0.5 - time.monotonic()))
    browser.get(short_timeouts.base_url + "/staff/")
    wait_until_loaded(browser)
    assert _h1(browser) == "Your caseload"


def test_doing_nothing_signs_the_person_out_and_says_why(
    browser: WebDriver, short_timeouts: LivePortal
) -> None:
    _open_caseload_signed_in(browser, short_timeouts)
    WebDriverWait(browser, 10, poll_frequency=0.5).until(
        lambda driver: "/staff/signed-out" in driver.current_url
    )
    wait_until_loaded(browser)
    assert _h1(browser) == "You have been signed out"
    assert "you did nothing for" in browser.find_element(By.TAG_NAME, "main").text
    browser.get(short_timeouts.base_url + "/staff/")
    wait_until_loaded(browser)
    assert "/staff/sign-in" in browser.current_url
