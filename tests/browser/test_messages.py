"""Writing to the keyworker team on a 360 px phone, with JavaScript off and
on: type in the box, press Send, see the confirmation and the message in the
thread (filed once); then, after a keyworker replies, the reply is on the
page, marked new. With JavaScript on, axe finds nothing on the page."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    FamilyInputKind,
    FamilyInputNotice,
    FamilyMessage,
    StaffUser,
    utc_now,
)
from portal.services.records.family_replies import reply_to_family
from tests.browser.axe import describe_violations, violations_on_page
from tests.browser.pages import LivePortal, wait_until_loaded
from tests.browser.waiting import waiting_for
from tests.support.page_examples import start_session

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360
WINDOW_HEIGHT = 900


def _open_signed_in(driver: WebDriver, portal: LivePortal, who: str) -> None:
    driver.set_window_size(PHONE_WIDTH, WINDOW_HEIGHT)
    driver.get(portal.base_url + "/healthz")
    driver.delete_all_cookies()
    with portal.app.app_context():
        cookie = start_session(db.session, portal.world, who)
    driver.add_cookie(
        {"name": portal.app.config["SESSION_COOKIE_NAME"], "value": cookie, "path": "/"}
    )
    driver.get(portal.base_url + "/messages")
    wait_until_loaded(driver)


def _main_text(driver: WebDriver) -> str:
    return driver.find_element(By.ID, "maincontent").text


def _send(driver: WebDriver, text: str) -> None:
    box = driver.find_element(By.ID, "text")
    label = driver.find_element(By.CSS_SELECTOR, "label[for=text]")
    assert label.text.strip() == "Your message"
    box.send_keys(text)
    old_page = driver.find_element(By.TAG_NAME, "html")
    button = next(
        b
        for b in driver.find_elements(By.CSS_SELECTOR, "#maincontent button")
        if "Send your message" in b.text
    )
    button.click()
    waiting_for(driver, 15).until(lambda d: old_page.id != d.find_element(By.TAG_NAME, "html").id)
    wait_until_loaded(driver)


def _reply_as_keyworker(portal: LivePortal, text: str, reply: str) -> None:
    with portal.app.app_context():
        message = db.session.scalars(select(FamilyMessage).where(FamilyMessage.text == text)).one()
        notice = db.session.scalars(
            select(FamilyInputNotice).where(
                FamilyInputNotice.kind == FamilyInputKind.MESSAGE,
                FamilyInputNotice.subject_id == message.id,
            )
        ).one()
        keyworker = db.session.get(StaffUser, portal.world.keyworker_id)
        assert keyworker is not None
        reply_to_family(db.session, notice, reply, keyworker, utc_now(), save_anyway=True)
        db.session.commit()


@pytest.mark.parametrize(
    ("javascript", "who"), [(False, "family_empty"), (True, "family_member")], ids=["off", "on"]
)
def test_writing_a_message_and_reading_the_reply_at_360_px(
    request: pytest.FixtureRequest,
    live_portal: LivePortal,
    axe_source: str,
    javascript: bool,
    who: str,
) -> None:
    driver: WebDriver = request.getfixturevalue(
        "browser" if javascript else "browser_without_javascript"
    )
    _open_signed_in(driver, live_portal, who)
    has_js = "js-enabled" in (driver.find_element(By.TAG_NAME, "body").get_attribute("class") or "")
    assert has_js is javascript
    text = f"Can we talk about school on Monday? (JavaScript {'on' if javascript else 'off'})"
    _send(driver, text)

    page = _main_text(driver)
    assert driver.current_url.endswith("/messages#message-sent")
    assert "We got your message." in page and text in page
    # Nothing wider than the phone's screen.
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH
    with live_portal.app.app_context():
        filed = db.session.scalars(select(FamilyMessage).where(FamilyMessage.text == text)).all()
    assert len(filed) == 1

    _reply_as_keyworker(live_portal, text, "Yes. I will call you on Monday at 10.")
    driver.get(live_portal.base_url + "/messages")
    wait_until_loaded(driver)
    page = _main_text(driver)
    assert "Yes. I will call you on Monday at 10." in page and "New" in page
    assert "You sent us a message." in page
    assert page.index("Yes. I will call you") < page.index(text)  # newest first
    if javascript:
        violations = violations_on_page(driver, axe_source)
        assert violations == [], describe_violations(violations)
