"""What axe-core cannot see on the family pages: a skip link that works, touch
targets big enough for unsteady hands (44 by 44 CSS pixels), a visible focus,
no movement, and text that can be doubled in size without the page scrolling
sideways, and running text (paragraphs, list items, table cells, the words
of a summary list) all at one size. tests/browser/test_accessibility.py runs
these on every family page example, on the page it has just checked with
axe-core."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.support.page_examples import PageExample

SMALLEST_TARGET = 44
WINDOW_HEIGHT = 900


def is_family_page(example: PageExample) -> bool:
    return example.endpoint is not None and example.endpoint.startswith("family.")


# Controls that must be at least 44 by 44: buttons, the header's and cards'
# links, form controls and their labels. Links inside running text are
# exempt (WCAG 2.5.8's inline exception); they grow with the text size.
TARGETS_SCRIPT = """
const selector = [
  "button", "input[type=submit]", "a.nhsuk-button", "a.app-card__link",
  ".nhsuk-radios__label", ".nhsuk-checkboxes__label", "input[type=text]",
  "input[type=search]", "textarea", "select", ".nhsuk-header__service-logo",
  "a.nhsuk-back-link", "a.app-target"
].join(",");
const small = [];
for (const element of document.querySelectorAll(selector)) {
  const style = getComputedStyle(element);
  if (style.display === "none" || style.visibility === "hidden") continue;
  if (element.closest("[hidden], dialog:not([open])")) continue;
  const box = element.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) continue;
  if (box.width < arguments[0] - 0.5 || box.height < arguments[0] - 0.5) {
    small.push(`${element.tagName.toLowerCase()}.${element.className} "${
      (element.innerText || element.value || "").trim().slice(0, 40)}" is ${
      Math.round(box.width)}x${Math.round(box.height)}`);
  }
}
return small;
"""

MOVING_SCRIPT = """
const moving = [];
for (const element of document.querySelectorAll("body *")) {
  const style = getComputedStyle(element);
  if (style.animationName !== "none" && parseFloat(style.animationDuration) > 0) {
    moving.push(`${element.tagName.toLowerCase()}.${element.className}`);
  }
}
for (const media of document.querySelectorAll("video[autoplay], audio[autoplay], marquee")) {
  moving.push(media.tagName.toLowerCase());
}
return moving;
"""


# Running text: what a person reads line by line. Headings, captions, hints,
# labels, tags, buttons and the footer are sized on purpose and left out.
RUNNING_TEXT_SCRIPT = """
const running = "main p, main li, main td, main th, main dd, main dt";
const sizedOnPurpose = [
  "h1", "h2", "h3", "h4", "legend", "label", "button", "summary", "caption",
  ".nhsuk-hint", ".nhsuk-caption-m", ".nhsuk-caption-l", ".nhsuk-caption-xl",
  ".nhsuk-tag", ".nhsuk-error-message", ".nhsuk-button", ".nhsuk-body-s",
  ".nhsuk-body-l", ".nhsuk-lede-text", ".nhsuk-pagination", ".app-card__meta",
  "[class*=heading]", "footer", "nav"
].join(",");
const sizes = {};
for (const element of document.querySelectorAll(running)) {
  if (element.closest(sizedOnPurpose)) continue;
  if (!element.offsetParent) continue;
  const own = [...element.childNodes].some(
    (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
  if (!own) continue;
  const size = getComputedStyle(element).fontSize;
  (sizes[size] = sizes[size] || []).push(
    `${element.tagName.toLowerCase()}.${element.className} "${
      element.textContent.trim().slice(0, 40)}"`);
}
return sizes;
"""


def check_running_text_is_one_size(browser: WebDriver, example: PageExample) -> None:
    """Paragraphs, list items and table cells at one size: a list set smaller
    than the sentence before it reads as less important, and is harder to read."""
    sizes = browser.execute_script(RUNNING_TEXT_SCRIPT)
    assert len(sizes) <= 1, f"{example.name!r}: running text at {len(sizes)} sizes:\n" + "\n".join(
        f"{size}: {', '.join(samples[:3])}" for size, samples in sizes.items()
    )


def check_usable_on_a_phone(browser: WebDriver, example: PageExample) -> None:
    """On the page the browser shows, at a phone's width."""
    small = browser.execute_script(TARGETS_SCRIPT, SMALLEST_TARGET)
    assert not small, f"{example.name!r}: touch targets smaller than 44x44 px:\n" + "\n".join(small)

    moving = browser.execute_script(MOVING_SCRIPT)
    assert not moving, f"{example.name!r}: something moves by itself: {moving}"

    # The first thing the keyboard reaches is the skip link. (Pages with errors
    # move focus to the error summary as they load, so this asks the document
    # for its first focusable element rather than pressing Tab.)
    focused = browser.execute_script(
        "const first = document.querySelector("
        "'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]');"
        "first.focus(); return document.activeElement;"
    )
    assert "nhsuk-skip-link" in (focused.get_attribute("class") or ""), (
        f"{example.name!r}: the first focusable element is {focused.tag_name} "
        f"{focused.get_attribute('class')!r}, not the skip link"
    )
    assert focused.is_displayed(), f"{example.name!r}: the focused skip link is not shown"
    target = (focused.get_attribute("href") or "").rsplit("#", 1)[-1]
    assert browser.find_elements(By.ID, target), f"{example.name!r}: skip link to #{target}"

    # Focus is visible: the focused link looks different from the unfocused one.
    style = (
        "const s = getComputedStyle(arguments[0]);"
        "return [s.outlineStyle, s.outlineColor, s.boxShadow, s.backgroundColor, s.color];"
    )
    with_focus = browser.execute_script(style, focused)
    without_focus = browser.execute_script(f"arguments[0].blur(); {style}", focused)
    assert with_focus != without_focus, f"{example.name!r}: focus on the skip link is not visible"


def check_text_at_200_percent(browser: WebDriver, example: PageExample) -> None:
    """WCAG 1.4.4: text doubled in size (as a browser's text zoom does, on a
    640 px window, like a 1280 px screen at 200% zoom) still fits the width.
    Changes the page's text size: run it last on a page."""
    browser.set_window_size(640, WINDOW_HEIGHT)
    browser.execute_script("document.documentElement.style.fontSize = '200%'")

    widths = browser.execute_script(
        "return {content: document.documentElement.scrollWidth, window: window.innerWidth}"
    )

    assert widths["content"] <= widths["window"], (
        f"{example.name!r} at 200% text is {widths['content']}px wide in a "
        f"{widths['window']}px window, so it scrolls sideways"
    )
