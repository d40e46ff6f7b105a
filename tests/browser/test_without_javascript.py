"""The main family journeys in Chromium with JavaScript switched off: read the
plan, answer "Can you come?", change a choice, give views before a meeting,
read the keyworker's messages, and tell us what you think. Each is done as a
person would: by following links and pressing buttons, starting from the home
page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    ConsentDecision,
    ConsentItem,
    Contact,
    DecisionChannel,
    FamilyReply,
    FamilyReplyRead,
    FeedbackResponse,
    MeetingAnswer,
    MeetingReply,
    MeetingViews,
    ViewsStatus,
)
from portal.services.feedback.quoting import current_quote_choice
from tests.browser.pages import LivePortal, wait_until_loaded
from tests.browser.waiting import waiting_for
from tests.support.page_examples import start_session

pytestmark = pytest.mark.browser

PHONE_WIDTH = 320
WINDOW_HEIGHT = 900


@pytest.fixture
def family_browser(
    browser_without_javascript: WebDriver, live_portal: LivePortal
) -> Iterator[WebDriver]:
    """A phone-sized browser without JavaScript, signed in as the young person."""
    driver = browser_without_javascript
    driver.set_window_size(PHONE_WIDTH, WINDOW_HEIGHT)
    driver.get(live_portal.base_url + "/healthz")
    driver.delete_all_cookies()
    with live_portal.app.app_context():
        cookie = start_session(db.session, live_portal.world, "family")
    driver.add_cookie(
        {"name": live_portal.app.config["SESSION_COOKIE_NAME"], "value": cookie, "path": "/"}
    )
    driver.get(live_portal.base_url + "/home")
    wait_until_loaded(driver)
    # JavaScript really is off: the layout's first script never ran.
    assert "js-enabled" not in (
        driver.find_element(By.TAG_NAME, "body").get_attribute("class") or ""
    )
    yield driver


def _main(driver: WebDriver) -> WebElement:
    return driver.find_element(By.ID, "maincontent")


def _follow(driver: WebDriver, link_text: str) -> None:
    """Follow the first link in the page's main content whose text contains `link_text`."""
    links = [
        link for link in _main(driver).find_elements(By.TAG_NAME, "a") if link_text in link.text
    ]
    assert links, f"no link {link_text!r} on {driver.current_url}"
    _navigate(driver, links[0])


def _press(driver: WebDriver, button_text: str) -> None:
    buttons = [
        button
        for button in _main(driver).find_elements(By.CSS_SELECTOR, "button, input[type=submit]")
        if button_text in (button.text or button.get_attribute("value") or "")
    ]
    assert buttons, f"no button {button_text!r} on {driver.current_url}"
    _navigate(driver, buttons[0])


def _navigate(driver: WebDriver, element: WebElement) -> None:
    old_page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    waiting_for(driver, 15).until(lambda d: old_page.id != d.find_element(By.TAG_NAME, "html").id)
    wait_until_loaded(driver)


def _choose(driver: WebDriver, label_text: str) -> None:
    labels = [
        label
        for label in _main(driver).find_elements(By.TAG_NAME, "label")
        if label.text.strip() == label_text
    ]
    assert labels, f"no choice {label_text!r} on {driver.current_url}"
    labels[0].click()


def _heading(driver: WebDriver) -> str:
    return driver.find_element(By.TAG_NAME, "h1").text


def _count(app: Flask, statement: object) -> int:
    with app.app_context():
        return int(db.session.scalar(statement) or 0)  # type: ignore[call-overload]


def test_read_the_plan(family_browser: WebDriver) -> None:
    _follow(family_browser, "My plan")

    page = _main(family_browser).text
    assert "My plan" in _heading(family_browser)
    assert "What will happen next" in page
    assert "This is late. Your keyworker is checking." in page
    assert "116 123" in page
    call = family_browser.find_element(By.CSS_SELECTOR, "a[href='tel:116123']")
    assert call.is_displayed()


def test_answer_can_you_come(family_browser: WebDriver, live_portal: LivePortal) -> None:
    meeting_id = live_portal.world.upcoming_meeting_id
    replies = (
        select(func.count())
        .select_from(MeetingReply)
        .where(MeetingReply.meeting_id == meeting_id, MeetingReply.answer == MeetingAnswer.NOT_SURE)
    )
    before = _count(live_portal.app, replies)

    _follow(family_browser, "My meetings")
    family_browser.find_element(
        By.CSS_SELECTOR, f"#maincontent a[href$='/my-meetings/{meeting_id}']"
    ).click()
    wait_until_loaded(family_browser)
    _follow(family_browser, "Can you come")
    _choose(family_browser, "Not sure")
    _press(family_browser, "Send")

    assert _count(live_portal.app, replies) == before + 1
    assert "You told us you are not sure yet." in _main(family_browser).text


def test_change_a_choice(family_browser: WebDriver, live_portal: LivePortal) -> None:
    portal_decisions = (
        select(func.count())
        .select_from(ConsentDecision)
        .join(ConsentItem)
        .where(
            ConsentItem.code == "share_gp",
            ConsentDecision.young_person_id == live_portal.world.young_person_id,
            ConsentDecision.channel == DecisionChannel.PORTAL,
        )
    )
    before = _count(live_portal.app, portal_decisions)

    _follow(family_browser, "My choices")
    _follow(family_browser, "GP")
    _follow(family_browser, "Change")
    _choose(family_browser, "No")
    _press(family_browser, "Continue")
    _press(family_browser, "Confirm")

    assert _count(live_portal.app, portal_decisions) == before + 1


def test_give_views_before_the_meeting(family_browser: WebDriver, live_portal: LivePortal) -> None:
    meeting_id = live_portal.world.upcoming_meeting_id
    sent = (
        select(func.count())
        .select_from(MeetingViews)
        .where(MeetingViews.meeting_id == meeting_id, MeetingViews.status == ViewsStatus.SENT)
    )
    before = _count(live_portal.app, sent)

    family_browser.get(f"{live_portal.base_url}/my-meetings/{meeting_id}")
    wait_until_loaded(family_browser)
    _follow(family_browser, "My views")
    _press(family_browser, "Start")
    answers = [
        "College is going well.",
        "Sleeping is hard.",
        "Going to college more.",
        "Mum and my keyworker.",
        "Nothing.",
    ]
    for answer in answers:
        family_browser.find_element(By.CSS_SELECTOR, "#maincontent textarea").send_keys(answer)
        _press(family_browser, "Save and continue")
    _choose(family_browser, "Yes")
    _press(family_browser, "Save and continue")
    assert "College is going well." in _main(family_browser).text
    _press(family_browser, "Send")

    assert _count(live_portal.app, sent) == before + 1


def test_read_messages_from_the_keyworker(
    family_browser: WebDriver, live_portal: LivePortal
) -> None:
    contact_id = live_portal.world.family_contact_id
    unread = (
        select(func.count())
        .select_from(FamilyReply)
        .outerjoin(FamilyReplyRead, FamilyReplyRead.reply_id == FamilyReply.id)
        .where(FamilyReply.contact_id == contact_id, FamilyReplyRead.id.is_(None))
    )

    _follow(family_browser, "Messages")

    assert _heading(family_browser) == "Messages"
    page = _main(family_browser).text
    assert "You told us what you think." in page
    assert "Thank you for telling us. We will keep asking you first." in page
    assert _count(live_portal.app, unread) == 0
    _follow(family_browser, "Go back to the home page")
    card_words = "Write to your keyworker team. Read what they wrote to you."
    assert card_words in _main(family_browser).text


def test_tell_us_what_you_think(family_browser: WebDriver, live_portal: LivePortal) -> None:
    contact_id = live_portal.world.family_contact_id
    answers = (
        select(func.count())
        .select_from(FeedbackResponse)
        .where(FeedbackResponse.contact_id == contact_id, FeedbackResponse.fft_answer == "good")
    )
    before = _count(live_portal.app, answers)

    _follow(family_browser, "Tell us what you think")
    # Nothing is wider than the phone, faces and all.
    assert family_browser.execute_script("return document.documentElement.scrollWidth") <= (
        PHONE_WIDTH
    )
    _choose(family_browser, "Good")
    family_browser.find_element(By.ID, "improvement").send_keys("Shorter meetings please.")
    _choose(family_browser, "You can use my words in reports without my name")
    _press(family_browser, "Send")

    assert _heading(family_browser) == "Thank you"
    assert _count(live_portal.app, answers) == before + 1
    with live_portal.app.app_context():
        contact = db.session.get(Contact, contact_id)
        assert contact is not None and current_quote_choice(db.session, contact) is True
