"""Fixtures for the browser tests: headless Chromium, axe-core, and the portal
served over HTTP with fictional data.

Nothing is downloaded. Chromium and chromedriver come from the system (Debian's
packages by default; set CHROMIUM and CHROMEDRIVER to use others), and giving
both paths stops Selenium Manager from looking for browsers on the internet.
When either is missing the tests are skipped on a developer's machine but fail
in CI (CI=true), so a broken CI image cannot pass unnoticed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from typing import NoReturn

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from sqlalchemy import Engine
from werkzeug.serving import make_server

from portal.extensions import db
from tests.browser.axe import AXE_SOURCE
from tests.browser.pages import LivePortal
from tests.conftest import _empty_every_table
from tests.shared_app import build_test_app
from tests.support.page_examples import add_error_route, build_world

DEFAULT_CHROMIUM = "/usr/bin/chromium"
DEFAULT_CHROMEDRIVER = "/usr/bin/chromedriver"

CHROMIUM_FLAGS = (
    "--headless=new",
    # Containers and CI runners have no user namespaces for Chromium's sandbox.
    "--no-sandbox",
    "--disable-gpu",
    # /dev/shm is tiny in containers; Chromium crashes when it fills up.
    "--disable-dev-shm-usage",
    # The machines that run these tests may have no internet: stop Chromium
    # reaching out on its own (updates, sync, field trials, QUIC probes), which
    # would otherwise stall or fill the logs.
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
)
# Ample for local pages; a hung page or script fails instead of hanging the run.
PAGE_TIMEOUT_SECONDS = 30


def _missing(what: str) -> NoReturn:
    """Fail in CI, where the browser tests are required; skip elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, so the browser tests must run, but {what}", pytrace=False)
    pytest.skip(what)


def _executable(variable: str, default: str) -> str:
    """The program the environment variable names (or the default), if it can run."""
    path = os.environ.get(variable) or default
    found = shutil.which(path)
    if found is None:
        _missing(f"{path} was not found or cannot run (set {variable} to where it is)")
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[webdriver.Chrome]:
    """One headless Chromium for the whole run: starting it is the slow part."""
    yield from _chromium(javascript=True)


@pytest.fixture(scope="session")
def browser_without_javascript() -> Iterator[webdriver.Chrome]:
    """Headless Chromium with JavaScript switched off, as some phones and
    some people have it: every family journey must work like this."""
    yield from _chromium(javascript=False)


def _chromium(*, javascript: bool) -> Iterator[webdriver.Chrome]:
    chromium = _executable("CHROMIUM", DEFAULT_CHROMIUM)
    chromedriver = _executable("CHROMEDRIVER", DEFAULT_CHROMEDRIVER)
    with (
        pytest.MonkeyPatch.context() as environment,
        tempfile.TemporaryDirectory(prefix="portal-chromium-") as profile,
    ):
        # Belt and braces: even if Selenium Manager were reached, it must not
        # try to download anything.
        environment.setenv("SE_OFFLINE", "true")
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        # A fresh profile each run: no cookies or cache from an earlier run.
        options.add_argument(f"--user-data-dir={profile}")
        if not javascript:
            options.add_experimental_option(
                "prefs", {"profile.managed_default_content_settings.javascript": 2}
            )
        driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
        try:
            driver.set_page_load_timeout(PAGE_TIMEOUT_SECONDS)
            driver.set_script_timeout(PAGE_TIMEOUT_SECONDS)
            yield driver
        finally:
            driver.quit()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SOURCE.is_file():
        _missing(f"{AXE_SOURCE} does not exist (run `npm ci` to install axe-core)")
    return AXE_SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def live_portal(database_url: str, migrated_engine: Engine) -> Iterator[LivePortal]:
    """The portal, built as the `app` fixture builds it, served on a free local
    port. The data is built once per module, since every example only reads it
    or adds rows of its own (sessions, failed attempts), and the tables are
    emptied at the end, as the `app` fixture does after each test."""
    app = build_test_app(database_url)
    add_error_route(app)
    try:
        with app.app_context():
            world = build_world(db.session)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="portal-server", daemon=True)
        thread.start()
        try:
            yield LivePortal(app=app, base_url=f"http://127.0.0.1:{server.port}", world=world)
        finally:
            server.shutdown()
            thread.join(timeout=PAGE_TIMEOUT_SECONDS)
            server.server_close()
    finally:
        _empty_every_table(migrated_engine)
