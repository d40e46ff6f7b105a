"""Every page in the app has an example, and every example renders a valid page."""

from __future__ import annotations

import pytest
from flask import Flask

from portal.extensions import db
from tests.client import PortalClient
from tests.page_examples import (
    NOT_PAGES,
    PAGE_EXAMPLES,
    PageExample,
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
    assert not missing, f"add these pages to tests/page_examples.py: {missing}"


@pytest.fixture
def example_app(app: Flask) -> Flask:
    add_error_route(app)
    return app


@pytest.mark.parametrize("example", PAGE_EXAMPLES, ids=lambda example: example.name)
def test_example_renders_a_valid_page(example_app: Flask, example: PageExample) -> None:
    # The PortalClient checks the markup of every HTML page it receives.
    client: PortalClient = example_app.test_client()  # type: ignore[assignment]
    with example_app.app_context():
        world = build_world(db.session)
    response = visit_example(example_app, client, world, example)
    assert response.mimetype == "text/html"
