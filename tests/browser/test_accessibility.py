"""Every page example, checked in a real browser with axe-core against WCAG 2.2
AA at a phone's width (320 CSS pixels, the width WCAG 1.4.10 names) and at a
desktop's width. Each example is a test of its own, so a failure names the
page and the width."""

from __future__ import annotations

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.axe import describe_violations, violations_on_page
from tests.browser.family_checks import (
    check_running_text_is_one_size,
    check_text_at_200_percent,
    check_usable_on_a_phone,
    is_family_page,
)
from tests.browser.pages import LivePortal, open_example
from tests.support.page_examples import PAGE_EXAMPLES, PageExample

pytestmark = pytest.mark.browser

# The examples share one server and its data, so each one starts with no
# cookies and its own fresh session. Examples that submit forms run three
# times (two widths, then the reflow check): well within SIGN_IN_RATE_LIMIT,
# and three wrong security codes stay under SIGN_IN_MAX_FAILURES, so no
# example locks an account or uses up requests another example needs.

NARROW = 320
WIDE = 1280
WINDOW_HEIGHT = 900


def _at_each_width() -> list[object]:
    return [
        pytest.param(example, width, id=f"{example.name} at {width}px")
        for example in PAGE_EXAMPLES
        for width in (NARROW, WIDE)
    ]


@pytest.mark.parametrize(("example", "width"), _at_each_width())
def test_page_has_no_accessibility_violations(
    browser: WebDriver, live_portal: LivePortal, axe_source: str, example: PageExample, width: int
) -> None:
    """axe-core at both widths; then, on the same page load (loading is the
    slow part), the checks axe cannot make: at 320 px that nothing scrolls
    sideways and, on family pages, touch targets, skip link, focus and no
    movement; at 1280 px, on family pages, text at 200%."""
    # The size is set before the page loads, so scripts that read the width
    # when the page starts (the header's menu) see the one being checked.
    browser.set_window_size(width, WINDOW_HEIGHT)
    open_example(browser, live_portal, example)

    violations = violations_on_page(browser, axe_source)

    assert not violations, (
        f"axe-core found WCAG violations on {example.name!r} at {width}px "
        f"({browser.current_url}):\n{describe_violations(violations)}"
    )
    family_page = is_family_page(example)
    if width == NARROW:
        check_no_sideways_scrolling(browser, example)
        if family_page:
            check_usable_on_a_phone(browser, example)
            check_running_text_is_one_size(browser, example)
    elif family_page:
        check_running_text_is_one_size(browser, example)
        check_text_at_200_percent(browser, example)


def check_no_sideways_scrolling(browser: WebDriver, example: PageExample) -> None:
    """WCAG 1.4.10 Reflow: at 320 CSS pixels wide, content fits the width and
    only scrolls up and down."""
    widths = browser.execute_script(
        "return {content: document.documentElement.scrollWidth, window: window.innerWidth}"
    )
    assert widths["content"] <= widths["window"], (
        f"{example.name!r} is {widths['content']}px wide in a {widths['window']}px window, "
        "so it scrolls sideways; find the element wider than the screen"
    )
