"""A parent reads the young person's pages as pages about the young person, in
Chromium at a phone's width with JavaScript off: "Sam's plan", "About Sam",
"Sam's keyworker", never the young person's own "My plan" or "About me"."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from portal.extensions import db
from portal.models import Contact
from tests.browser.pages import LivePortal, wait_until_loaded
from tests.browser.test_without_javascript import _follow, _heading, _main
from tests.support.page_examples import start_session

pytestmark = pytest.mark.browser


def test_a_parent_reads_about_the_young_person(
    browser_without_javascript: WebDriver, live_portal: LivePortal
) -> None:
    driver = browser_without_javascript
    driver.set_window_size(360, 900)
    driver.get(live_portal.base_url + "/healthz")
    driver.delete_all_cookies()
    with live_portal.app.app_context():
        parent = db.session.get(Contact, live_portal.world.family_member_contact_id)
        assert parent is not None
        name = parent.young_person.preferred_name
        cookie = start_session(db.session, live_portal.world, "family_member")
    driver.add_cookie(
        {"name": live_portal.app.config["SESSION_COOKIE_NAME"], "value": cookie, "path": "/"}
    )
    driver.get(live_portal.base_url + "/home")
    wait_until_loaded(driver)

    home = _main(driver).text
    assert f"{name}'s plan" in home and f"{name}'s meetings" in home
    assert f"Choices about {name}" in home
    assert "My plan" not in home

    _follow(driver, f"{name}'s plan")
    assert _heading(driver) == f"{name}'s plan"
    headings = [h.text for h in _main(driver).find_elements(By.TAG_NAME, "h2")]
    assert f"About {name}" in headings and "About me" not in headings
    assert f"{name}'s keyworker" in _main(driver).text
