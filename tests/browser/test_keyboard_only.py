"""A keyworker with a keyboard and nothing else (Tab, Shift+Tab, Enter,
Space): from the worklist to an urgent item, acknowledged with its form, then
to a section of the record. Wherever the focus goes, a focus style shows
(WCAG 2.4.7 Focus Visible), and the skip link takes the focus past the header
(WCAG 2.4.1 Bypass Blocks)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.pages import ORIGIN_PAGE, WAIT_SECONDS, LivePortal, wait_until_loaded
from tests.browser.waiting import waiting_for

pytestmark = pytest.mark.browser

# Enough to get past the header and the worklist on any page here.
MOST_TABS = 150

# What has the focus, and whether a focus style shows on it: its outline,
# box shadow or background differ from the same element's without the focus
# (blurred for a moment, then focused again), and the difference is an
# outline that is not transparent, a box shadow or a new background. NHS.UK
# radios draw their focus on the label's box (the input itself is
# invisible), so for them the label's box is compared. With a false
# argument only what has the focus is told (blurring the skip link's target
# would take its tabindex away).
FOCUS_SCRIPT = """
const compare = arguments.length === 0 || arguments[0];
const element = document.activeElement;
if (!element || element === document.body) { return {visible: false, describe: "body"}; }
const radio = element.matches("input[type=radio], input[type=checkbox]");
const look = () => {
  const styled = radio
    ? getComputedStyle(document.querySelector(`label[for="${element.id}"]`), "::before")
    : getComputedStyle(element);
  const outline = styled.outlineStyle !== "none" && parseFloat(styled.outlineWidth) > 0
    && !["rgba(0, 0, 0, 0)", "transparent"].includes(styled.outlineColor);
  return {
    outline: outline ? `${styled.outlineWidth} ${styled.outlineColor}` : "",
    shadow: styled.boxShadow === "none" ? "" : styled.boxShadow,
    background: styled.backgroundColor,
  };
};
const focused = look();
let unfocused = focused;
if (compare) {
  element.blur();
  unfocused = look();
  element.focus();
}
const visible = (focused.outline !== "" && focused.outline !== unfocused.outline)
  || (focused.shadow !== "" && focused.shadow !== unfocused.shadow)
  || focused.background !== unfocused.background;
return {
  visible: visible && document.activeElement === element,
  describe: element.outerHTML.slice(0, 120),
  href: element.getAttribute("href") || "",
  tag: element.tagName.toLowerCase(),
  type: element.getAttribute("type") || "",
  name: element.getAttribute("name") || "",
  id: element.id,
};
"""


def _press(browser: WebDriver, *keys: str) -> dict[str, str]:
    """Press `keys` (held together, such as Shift and Tab); return what has the
    focus then, having checked a focus style shows on it."""
    chain = ActionChains(browser)
    for key in keys[:-1]:
        chain.key_down(key)
    chain.send_keys(keys[-1])
    for key in reversed(keys[:-1]):
        chain.key_up(key)
    chain.perform()
    moved = keys[-1] == Keys.TAB
    focused = browser.execute_script(FOCUS_SCRIPT, moved)
    if moved:
        assert focused["visible"], f"no focus style on {focused['describe']}"
    return focused


def _tab_until(browser: WebDriver, wanted: str, matches: object) -> dict[str, str]:
    """Press Tab until `matches(focused)` (each stop checked for a focus style)."""
    for _ in range(MOST_TABS):
        focused = _press(browser, Keys.TAB)
        if matches(focused):  # type: ignore[operator]
            return focused
    raise AssertionError(f"Tab never reached {wanted}")


def _wait_for_path(browser: WebDriver, path_part: str) -> None:
    waiting_for(browser, WAIT_SECONDS).until(lambda d: path_part in urlsplit(d.current_url).path)
    wait_until_loaded(browser)


def _open_signed_in_as_keyworker(browser: WebDriver, portal: LivePortal) -> None:
    browser.set_window_size(1280, 900)
    browser.get(portal.base_url + ORIGIN_PAGE)
    browser.delete_all_cookies()
    browser.add_cookie(
        {
            "name": portal.app.config["SESSION_COOKIE_NAME"],
            "value": portal.session_cookie_for("keyworker"),
            "path": "/",
        }
    )
    browser.get(portal.base_url + "/staff/")
    wait_until_loaded(browser)


def test_the_skip_link_is_the_first_stop_and_moves_the_focus_to_the_content(
    browser: WebDriver, live_portal: LivePortal
) -> None:
    _open_signed_in_as_keyworker(browser, live_portal)
    first = _press(browser, Keys.TAB)
    assert first["href"] == "#maincontent", first["describe"]
    _press(browser, Keys.ENTER)
    assert browser.execute_script("return document.activeElement.id") == "maincontent"
    # The next stop is in the page's content, not the header.
    after = _press(browser, Keys.TAB)
    inside = browser.execute_script(
        "return document.getElementById('maincontent').contains(document.activeElement)"
    )
    assert inside, after["describe"]


def test_a_keyworker_acknowledges_an_urgent_item_and_reaches_the_plan_by_keyboard(
    browser: WebDriver, live_portal: LivePortal
) -> None:
    _open_signed_in_as_keyworker(browser, live_portal)
    urgent = _tab_until(browser, "an urgent item", lambda f: "/urgent/" in f["href"])
    _press(browser, Keys.ENTER)
    _wait_for_path(browser, "/urgent/")
    assert urlsplit(browser.current_url).path == urgent["href"]

    # The first choice, chosen with Space; the detail typed; back to the
    # choices with Shift+Tab and forward again; sent with Enter on the button.
    radio = _tab_until(browser, "the first choice", lambda f: f["name"] == "action")
    _press(browser, Keys.SPACE)
    assert browser.execute_script(f"return document.getElementById('{radio['id']}').checked")
    _tab_until(browser, "the detail", lambda f: f["name"] == "detail")
    ActionChains(browser).send_keys("Phoned the family; the GP is seeing him today.").perform()
    back = _press(browser, Keys.SHIFT, Keys.TAB)
    assert back["id"] == radio["id"], back["describe"]
    assert browser.execute_script(FOCUS_SCRIPT)["visible"]
    _tab_until(browser, "the detail again", lambda f: f["name"] == "detail")
    _tab_until(browser, "the save button", lambda f: f["tag"] == "button")
    _press(browser, Keys.ENTER)
    waiting_for(browser, WAIT_SECONDS).until(
        lambda d: "/urgent/" not in urlsplit(d.current_url).path
    )
    wait_until_loaded(browser)
    record_path = urlsplit(urgent["href"]).path.split("/urgent/")[0]
    assert urlsplit(browser.current_url).path == record_path
    assert "You recorded what you did" in browser.page_source

    # The record's contents list takes the focus to the plan.
    _tab_until(browser, "the plan in the contents", lambda f: f["href"] == "#plan")
    _press(browser, Keys.ENTER)
    assert urlsplit(browser.current_url).fragment == "plan"
    _press(browser, Keys.TAB)
    in_plan = browser.execute_script(
        """const focused = document.activeElement;
        const after = (a, b) => a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING;
        return Boolean(after(document.getElementById("plan"), focused)
          && after(focused, document.getElementById("meetings")));"""
    )
    assert in_plan, browser.execute_script(FOCUS_SCRIPT)["describe"]
