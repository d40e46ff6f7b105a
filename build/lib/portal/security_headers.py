"""Security headers for every response, and the per-request script nonce."""

from __future__ import annotations

import re
import secrets

from flask import Flask, Response, g, request

# Built assets carry a content hash in their name (portal.3f2a9c1b.css), so they
# can be cached for a year: a new build gets a new name.
HASHED_ASSET = re.compile(r"^dist/.+\.[0-9a-f]{8,}\.[a-z0-9]+$")
ONE_YEAR = 31_536_000


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return str(g.csp_nonce)


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def add_security_headers(app: Flask, response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    if app.config["HSTS_ENABLED"]:
        headers["Strict-Transport-Security"] = f"max-age={ONE_YEAR}; includeSubDomains"
    if request.endpoint == "static":
        filename = (request.view_args or {}).get("filename", "")
        if HASHED_ASSET.match(filename) and response.status_code == 200:
            headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
        else:
            headers["Cache-Control"] = "public, max-age=300"
    else:
        # Pages can show personal data, and a shared family phone has a back button.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response
