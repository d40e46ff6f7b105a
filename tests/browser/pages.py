"""Bring the browser to the page a PageExample describes, in a known state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select

from portal.extensions import db
from tests.browser.waiting import waiting_for
from tests.support.page_examples import PageExample, World, start_session

# Local pages load in well under a second; this only bounds a hung page.
WAIT_SECONDS = 15
# A tiny response on the portal's origin: WebDriver can only touch an origin's
# cookies while the browser is showing one of its pages.
ORIGIN_PAGE = "/healthz"


@dataclass(frozen=True)
class LivePortal:
    """The portal served over HTTP for the browser, with its fictional data."""

    app: Flask
    base_url: str
    world: World

    def session_cookie_for(self, who: str, data: dict[str, Any] | None = None) -> str:
        with self.app.app_context():
            return start_session(db.session, self.world, who, data=data)


def wait_until_loaded(driver: WebDriver) -> None:
    waiting_for(driver, WAIT_SECONDS).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def _start_afresh(driver: WebDriver, portal: LivePortal) -> None:
    """Forget every cookie, so no example sees the session another one left."""
    if not driver.current_url.startswith(portal.base_url + "/"):
        driver.get(portal.base_url + ORIGIN_PAGE)
    driver.delete_all_cookies()


# Typed text goes in with one script call, with the events typing fires (the
# character count listens for them): typing 2,000 characters key by key takes
# seconds a page, and these examples check the page that comes back, not typing.
# The keyboard-only and no-JavaScript journeys type as a person does.
_SET_TEXT = """
const [fields, values] = arguments;
fields.forEach((field, index) => {
  field.value = values[index];
  for (const kind of ['input', 'keyup', 'change']) {
    field.dispatchEvent(new Event(kind, {bubbles: true}));
  }
});
"""


def open_as(driver: WebDriver, portal: LivePortal, path: str, who: str | None) -> None:
    """`path` in a new session: no cookies, then signed in as `who` (a World
    person such as "family"), or signed out when `who` is None."""
    driver.get(portal.base_url + ORIGIN_PAGE)
    driver.delete_all_cookies()
    if who is not None:
        driver.add_cookie(
            {
                "name": portal.app.config["SESSION_COOKIE_NAME"],
                "value": portal.session_cookie_for(who),
                "path": "/",
            }
        )
    driver.get(portal.base_url + path)
    wait_until_loaded(driver)


def _fill_in(form: WebElement, fields: dict[str, str]) -> None:
    typed: list[tuple[WebElement, str]] = []
    for name, value in fields.items():
        field = form.find_element(By.NAME, name)
        tag, kind = form.parent.execute_script(
            "return [arguments[0].tagName.toLowerCase(), arguments[0].type]", field
        )
        if tag == "button":
            continue  # a named button is the one to click (`_button`)
        if kind in ("radio", "checkbox"):
            # Choose the option with this value, as a person would: by clicking it.
            option = form.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']")
            if not option.is_selected():
                # NHS.UK radios and checkboxes draw their own box over the
                # input, so the label is what takes the click.
                form.find_element(
                    By.CSS_SELECTOR, f"label[for='{option.get_attribute('id')}']"
                ).click()
        elif tag == "select":
            Select(field).select_by_value(value)
        else:
            # Hidden fields too: as if the page had been opened earlier, such
            # as the version a form showed before someone else saved.
            typed.append((field, value))
    if typed:
        form.parent.execute_script(
            _SET_TEXT, [field for field, _ in typed], [value for _, value in typed]
        )


def _button(form: WebElement, fields: dict[str, str]) -> WebElement:
    """The button a person would click: the one `fields` names by its name and
    value (a form with two, like "Check" and "Save"), or the form's first."""
    for name, value in fields.items():
        named = form.find_elements(By.CSS_SELECTOR, f"button[name='{name}'][value='{value}']")
        if named:
            return named[0]
    return form.find_element(
        By.CSS_SELECTOR, "button[type=submit], button:not([type]), input[type=submit]"
    )


def submit_main_form(driver: WebDriver, fields: dict[str, str], without_csrf_token: bool) -> None:
    """Fill in and send the page's main form (the first form inside <main>) by
    clicking its button, as a person would; wait for the answer to load."""
    form = driver.find_element(By.CSS_SELECTOR, "main form")
    _fill_in(form, fields)
    if without_csrf_token:
        # As if the server had forgotten the token: the expired-form page shows.
        token = form.find_element(By.NAME, "csrf_token")
        driver.execute_script("arguments[0].remove()", token)
    button = _button(form, fields)
    # Mark this document, so the wait below knows when a new one has replaced
    # it. Waiting on the button going stale instead races the navigation: the
    # browser can report the node as gone from a document half torn down.
    driver.execute_script("window.beforeSubmit = true")
    button.click()
    waiting_for(driver, WAIT_SECONDS, ignored=(WebDriverException,)).until(
        lambda d: d.execute_script(
            "return window.beforeSubmit === undefined && document.readyState === 'complete'"
        )
    )


def open_example(driver: WebDriver, portal: LivePortal, example: PageExample) -> None:
    """Show the page `example` describes. Asserts it has an h1 and that the
    browser was not sent elsewhere (a lost session would redirect to sign-in,
    and the wrong page would be checked without anyone noticing)."""
    _start_afresh(driver, portal)
    if example.signed_in_as:
        driver.add_cookie(
            {
                "name": portal.app.config["SESSION_COOKIE_NAME"],
                "value": portal.session_cookie_for(example.signed_in_as, example.session_data),
                "path": "/",
            }
        )
    path = example.path(portal.world)
    driver.get(portal.base_url + path)
    wait_until_loaded(driver)
    if example.submit is not None:
        submit_main_form(driver, example.submit, example.without_csrf_token)

    expected = example.lands_on(portal.world) if example.lands_on else path
    shown_path = urlsplit(driver.current_url).path
    assert shown_path == urlsplit(expected).path, (
        f"{example.name!r}: expected to be on {expected}, but the browser shows {shown_path}"
    )
    headings = driver.find_elements(By.TAG_NAME, "h1")
    assert headings and headings[0].text.strip(), (
        f"{example.name!r}: the page at {path} has no h1 (expected a page with status "
        f"{example.expected_status})"
    )
