"""Waiting for the browser, checking often.

Selenium's `WebDriverWait` checks every half second by default, so a wait for
something that happens 20 ms later takes 500 ms; across hundreds of page loads
and form posts that is minutes of `make test`. Every browser test waits
through `waiting_for`, which checks every 50 ms.
"""

from __future__ import annotations

from collections.abc import Iterable

from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait

POLL_SECONDS = 0.05


def waiting_for(
    driver: WebDriver, seconds: float, *, ignored: Iterable[type[Exception]] | None = None
) -> WebDriverWait[WebDriver]:
    """A wait of at most `seconds` that checks every POLL_SECONDS."""
    return WebDriverWait(driver, seconds, poll_frequency=POLL_SECONDS, ignored_exceptions=ignored)
