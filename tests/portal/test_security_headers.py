"""Security headers on every response, and caching that suits each kind."""

from __future__ import annotations

import re

from flask import Flask

from portal import create_app
from portal.config import Production
from portal.security_headers import HASHED_ASSET
from tests.client import PortalClient
from tests.portal.test_config import PRODUCTION_ENVIRONMENT

PAGES = ["/", "/staff/sign-in", "/no-such-page", "/healthz"]


def test_every_response_has_the_security_headers(client: PortalClient) -> None:
    for path in PAGES:
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        for directive in (
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ):
            assert directive in policy, (path, directive)
        assert "unsafe-inline" not in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["X-Frame-Options"] == "DENY"
        assert "Strict-Transport-Security" not in headers  # only in production


def test_scripts_carry_a_fresh_nonce_that_the_policy_allows(client: PortalClient) -> None:
    nonces = []
    for _ in range(2):
        response = client.get("/")
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])[1]
        html = response.get_data(as_text=True)
        scripts = re.findall(r"<script[^>]*>", html)
        assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_pages_are_never_cached(client: PortalClient) -> None:
    for path in PAGES:
        assert client.get(path).headers["Cache-Control"] == "no-store"


def test_hashed_assets_are_cached_for_a_year(client: PortalClient) -> None:
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/dist/portal\.[0-9a-f]+\.css)"', html)[1]
    response = client.get(css)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Set-Cookie" not in response.headers


def test_only_hashed_names_count_as_hashed() -> None:
    assert HASHED_ASSET.match("dist/portal.150cb69342df.css")
    assert not HASHED_ASSET.match("dist/nhsuk/images/favicon.ico")


def test_unhashed_static_files_are_cached_briefly(client: PortalClient) -> None:
    response = client.get("/static/dist/nhsuk/images/favicon.svg")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"


def test_production_sends_hsts(database_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for key, value in PRODUCTION_ENVIRONMENT.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("DATABASE_URL", database_url)
    app: Flask = create_app(Production)
    response = app.test_client().get("/healthz", base_url="https://portal.example.org")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_no_page_loads_anything_from_another_host(client: PortalClient) -> None:
    for path in ["/", "/staff/sign-in"]:
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', html), path
