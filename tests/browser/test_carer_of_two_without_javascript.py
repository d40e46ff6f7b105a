"""A carer of two young people, in Chromium with JavaScript switched off, from
the one link they were sent to the second young person's page: the date of
birth of either young person signs them in, they choose whose pages to open,
and switching asks the other young person's date of birth."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from portal.extensions import db
from portal.models import Contact, LinkPurpose
from tests.browser.pages import LivePortal, wait_until_loaded
from tests.browser.test_without_javascript import _choose, _heading, _main, _press
from tests.support.sign_in_helpers import issue

pytestmark = pytest.mark.browser

PHONE = (320, 900)


@pytest.fixture
def phone_without_javascript(browser_without_javascript: WebDriver) -> Iterator[WebDriver]:
    browser_without_javascript.set_window_size(*PHONE)
    yield browser_without_javascript


def _type_date(driver: WebDriver, born: object) -> None:
    for name, value in (("day", born.day), ("month", born.month), ("year", born.year)):  # type: ignore[attr-defined]
        field = _main(driver).find_element(By.NAME, name)
        field.clear()
        field.send_keys(str(value))


def test_a_carer_of_two_from_one_link_to_the_second_young_persons_page(
    phone_without_javascript: WebDriver, live_portal: LivePortal
) -> None:
    driver = phone_without_javascript
    app, world = live_portal.app, live_portal.world
    with app.app_context():
        first = db.session.get(Contact, world.carer_contact_id)
        other = db.session.get(Contact, world.carer_other_contact_id)
        assert first is not None and other is not None
        first_name = first.young_person.preferred_name
        other_name, other_born = other.young_person.preferred_name, other.young_person.date_of_birth
        first_born = first.young_person.date_of_birth
    _, token = issue(app, first, LinkPurpose.SIGN_IN)

    driver.get(live_portal.base_url + "/healthz")
    driver.delete_all_cookies()
    driver.get(f"{live_portal.base_url}/l/{token}")
    wait_until_loaded(driver)
    body_class = driver.find_element(By.TAG_NAME, "body").get_attribute("class") or ""
    assert "js-enabled" not in body_class
    _press(driver, "Continue")

    # Either young person's date of birth is right: here, the other one's.
    assert "You help more than one young person." in _main(driver).text
    _type_date(driver, other_born)
    _press(driver, "Continue")

    assert driver.current_url.endswith("/choose")
    assert _heading(driver) == "Choose whose page to open"
    _choose(driver, first_name)
    _press(driver, "Open their page")

    # Switching is as safe as signing in: that young person's date is asked.
    assert first_name in _heading(driver)
    _type_date(driver, first_born)
    _press(driver, "Continue")

    assert driver.current_url.endswith("/home")
    assert f"about {first_name}" in _main(driver).text
    assert other_name != first_name
