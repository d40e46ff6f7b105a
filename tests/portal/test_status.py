"""The health check reports whether the database answers."""

from __future__ import annotations

from pathlib import Path

from portal import create_app
from portal.config import Test
from tests.client import PortalClient


def test_healthy(client: PortalClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_unreachable_database_gives_503(tmp_path: Path) -> None:
    # A SQLite file in a folder that does not exist cannot be opened.
    url = f"sqlite:///{tmp_path / 'missing-folder' / 'portal.sqlite3'}"
    app = create_app(Test, overrides={"DATABASE_URL": url})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}
