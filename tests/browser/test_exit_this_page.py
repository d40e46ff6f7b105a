"""Leaving in a real browser: "Exit this page" with the button and with Shift
pressed 3 times, which ends the session and replaces the page in the history;
and the family warning before the idle timeout (WCAG 2.2.1 Timing Adjustable).

The exit address points at the test server, so the browser never leaves it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, WebSession
from portal.sessions import hash_session_id
from tests.browser.axe import describe_violations, violations_on_page
from tests.browser.pages import ORIGIN_PAGE, LivePortal, wait_until_loaded
from tests.browser.waiting import waiting_for

pytestmark = pytest.mark.browser

LEFT_TO = "/healthz?left=portal"
STATUS = "[data-exit-this-page-status]"
DIALOG = "dialog[data-module='app-timeout-dialog']"


@pytest.fixture
def exit_to_test_server(live_portal: LivePortal) -> Iterator[LivePortal]:
    config = live_portal.app.config
    saved = config["EXIT_PAGE_URL"]
    config["EXIT_PAGE_URL"] = live_portal.base_url + LEFT_TO
    yield live_portal
    config["EXIT_PAGE_URL"] = saved


def _sign_in_and_open(browser: WebDriver, portal: LivePortal, *paths: str) -> str:
    """Open `paths` one after another, signed in as the family contact; return the cookie."""
    browser.set_window_size(1280, 900)
    browser.get(portal.base_url + ORIGIN_PAGE)
    browser.delete_all_cookies()
    cookie = portal.session_cookie_for("family")
    browser.add_cookie(
        {"name": portal.app.config["SESSION_COOKIE_NAME"], "value": cookie, "path": "/"}
    )
    # A first family page makes the session's form token. (The browser may
    # still be asking for /favicon.ico for the page before, with this cookie:
    # that request's error page makes one too, and one of the two is lost.)
    for path in ("/", *paths):
        browser.get(portal.base_url + path)
        wait_until_loaded(browser)
    return cookie


def _path(browser: WebDriver) -> str:
    parts = urlsplit(browser.current_url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _has_left(browser: WebDriver) -> bool:
    return _path(browser) == LEFT_TO


def _history_length(browser: WebDriver) -> int:
    return int(browser.execute_script("return history.length"))


def _press_shift(browser: WebDriver, times: int) -> None:
    actions = ActionChains(browser)
    for _ in range(times):
        actions.key_down(Keys.SHIFT).key_up(Keys.SHIFT)
    actions.perform()


def _session_exists(portal: LivePortal, cookie: str) -> bool:
    with portal.app.app_context():
        return db.session.get(WebSession, hash_session_id(cookie)) is not None


def _exits_recorded(portal: LivePortal) -> int:
    with portal.app.app_context():
        return len(
            db.session.scalars(select(AuditEvent).where(AuditEvent.action == "family.exited")).all()
        )


def test_pressing_shift_3_times_leaves_ends_the_session_and_replaces_the_page(
    browser: WebDriver, exit_to_test_server: LivePortal
) -> None:
    portal = exit_to_test_server
    cookie = _sign_in_and_open(browser, portal, "/who-has-looked", "/sign-out-on-all-devices")
    entries = _history_length(browser)
    exits = _exits_recorded(portal)

    _press_shift(browser, 3)

    waiting_for(browser, 5).until(_has_left)
    assert _history_length(browser) == entries, "the family page must be replaced, not kept"
    assert not _session_exists(portal, cookie)
    assert _exits_recorded(portal) == exits + 1

    # Back goes to the page before the one left; it asks the server again
    # (pages are never cached) and, with the session ended, shows no family page.
    browser.back()
    wait_until_loaded(browser)
    assert _path(browser) == "/"
    assert browser.find_element(By.TAG_NAME, "h1").text != "Who has looked at your information"


def test_the_button_leaves_and_replaces_the_page(
    browser: WebDriver, exit_to_test_server: LivePortal
) -> None:
    portal = exit_to_test_server
    cookie = _sign_in_and_open(browser, portal, "/who-has-looked")
    entries = _history_length(browser)

    browser.find_element(By.CSS_SELECTOR, "[data-module='app-exit-this-page'] a").click()

    waiting_for(browser, 5).until(_has_left)
    assert _history_length(browser) == entries
    assert not _session_exists(portal, cookie)


def test_shift_with_another_key_does_not_count(
    browser: WebDriver, exit_to_test_server: LivePortal
) -> None:
    portal = exit_to_test_server
    cookie = _sign_in_and_open(browser, portal, "/who-has-looked")

    _press_shift(browser, 2)
    # Typing a capital letter starts the count again.
    ActionChains(browser).key_down(Keys.SHIFT).send_keys("a").key_up(Keys.SHIFT).perform()
    _press_shift(browser, 1)
    status = browser.find_element(By.CSS_SELECTOR, STATUS)
    waiting_for(browser, 2).until(
        lambda _driver: (
            status.get_attribute("textContent") == "Press Shift 2 more times to leave this website."
        )
    )
    time.sleep(0.5)

    assert _path(browser) == "/who-has-looked"
    assert _session_exists(portal, cookie)


# The warning before the idle timeout. Short enough for a test, in the same
# proportions as the real 30 minutes with a 2-minute warning.
IDLE = timedelta(seconds=5)
WARN_BEFORE = timedelta(seconds=4)


@pytest.fixture
def short_family_timeouts(live_portal: LivePortal) -> Iterator[LivePortal]:
    config = live_portal.app.config
    saved = config["FAMILY_IDLE_TIMEOUT"], config["IDLE_WARNING_BEFORE"]
    config["FAMILY_IDLE_TIMEOUT"], config["IDLE_WARNING_BEFORE"] = IDLE, WARN_BEFORE
    yield live_portal
    config["FAMILY_IDLE_TIMEOUT"], config["IDLE_WARNING_BEFORE"] = saved


def _dialog_is_open(browser: WebDriver) -> bool:
    return bool(browser.execute_script(f'return document.querySelector("{DIALOG}").open'))


def test_the_family_warning_lets_the_person_stay_signed_in(
    browser: WebDriver, short_family_timeouts: LivePortal, axe_source: str
) -> None:
    _sign_in_and_open(browser, short_family_timeouts, "/who-has-looked")
    loaded = time.monotonic()
    assert not _dialog_is_open(browser)
    waiting_for(browser, 4).until(_dialog_is_open)
    dialog = browser.find_element(By.CSS_SELECTOR, DIALOG)
    assert dialog.find_element(By.TAG_NAME, "h2").text == "Do you want to stay signed in?"
    focus_in_dialog = browser.execute_script(
        f'return document.querySelector("{DIALOG}").contains(document.activeElement)'
    )
    assert focus_in_dialog, "focus must move into the warning"
    violations = violations_on_page(browser, axe_source)
    assert not violations, describe_violations(violations)

    dialog.find_element(By.TAG_NAME, "button").click()
    waiting_for(browser, 4).until(lambda driver: not _dialog_is_open(driver))
    # Wait past the moment the session would have ended without the click.
    time.sleep(max(0.0, loaded + IDLE.total_seconds() + 0.5 - time.monotonic()))
    browser.get(short_family_timeouts.base_url + "/who-has-looked")
    wait_until_loaded(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Who has looked at your information"


def test_doing_nothing_signs_the_family_member_out_and_says_why(
    browser: WebDriver, short_family_timeouts: LivePortal
) -> None:
    _sign_in_and_open(browser, short_family_timeouts, "/who-has-looked")
    WebDriverWait(browser, 10, poll_frequency=0.5).until(
        lambda driver: "/signed-out?reason=timeout" in driver.current_url
    )
    wait_until_loaded(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text == "You are signed out"
    assert "because you did nothing" in browser.find_element(By.TAG_NAME, "main").text
    browser.get(short_family_timeouts.base_url + "/who-has-looked")
    wait_until_loaded(browser)
    assert _path(browser) == "/"
