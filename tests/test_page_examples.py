"""Every page in the app has an example, and every example renders a valid page."""

from __future__ import annotations

import re

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
    start_session,
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
    client: PortalClient = example_app.test_client()  # type: ignore[assignment]
    with example_app.app_context():
        world = build_world(db.session)
        if example.signed_in_as:
            cookie = start_session(db.session, world, example.signed_in_as)
            client.set_cookie(example_app.config["SESSION_COOKIE_NAME"], cookie)
    path = example.path(world)
    if example.submit is None:
        response = client.get(path)
    else:
        data = dict(example.submit)
        if not example.without_csrf_token:
            html = client.get(path).get_data(as_text=True)
            data["csrf_token"] = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)[1]
        response = client.post(path, data=data)
    assert response.status_code == example.expected_status
    assert response.mimetype == "text/html"
