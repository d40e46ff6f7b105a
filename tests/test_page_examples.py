"""Every page in the app has an example, and every example renders a valid page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import Engine

from portal.extensions import db
from tests.client import PortalClient
from tests.conftest import _empty_every_table, build_test_app
from tests.support.page_examples import (
    NOT_PAGES,
    PAGE_EXAMPLES,
    PageExample,
    World,
    add_error_route,
    build_world,
    visit_example,
)


def test_every_page_has_an_example(app: Flask) -> None:
    covered = {example.endpoint for example in PAGE_EXAMPLES}
    pages = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set()) and rule.endpoint not in NOT_PAGES
    }
    missing = sorted(pages - covered)
    assert not missing, f"add these pages to tests/support/page_examples.py: {missing}"


@pytest.fixture(scope="module")
def example_portal(database_url: str, migrated_engine: Engine) -> Iterator[tuple[Flask, World]]:
    """One app and one set of fictional data for every example, as the browser
    tests do: examples only read the data or add rows of their own."""
    app = build_test_app(database_url)
    add_error_route(app)
    try:
        with app.app_context():
            world = build_world(db.session)
        yield app, world
    finally:
        _empty_every_table(migrated_engine)


@pytest.mark.parametrize("example", PAGE_EXAMPLES, ids=lambda example: example.name)
def test_example_renders_a_valid_page(
    example_portal: tuple[Flask, World], example: PageExample
) -> None:
    app, world = example_portal
    # The PortalClient checks the markup of every HTML page it receives.
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    response = visit_example(app, client, world, example)
    assert response.mimetype == "text/html"
