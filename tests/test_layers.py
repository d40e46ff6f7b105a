"""Layers point one way: the edges call services, services use models and
clients, and nothing below reaches back up. These tests read the source (the
AST), so a forbidden import fails here even if no test happens to run it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The web edge: Flask itself and the portal's own request-bound modules.
WEB = (
    "flask",
    "flask_babel",
    "flask_wtf",
    "flask_limiter",
    "wtforms",
    "portal.family",
    "portal.staff",
    "portal.webhooks",
    "portal.status",
    "portal.family.forms",
    "portal.extensions",
    "portal.current_user",
    "portal.sessions",
    "portal.access",
    "portal.i18n",
    "portal.errors",
    "portal.unit_of_work",
    "portal.template_filters",
    "portal.security_headers",
    "portal.request_limits",
    "portal.cli",
)
BLUEPRINTS = ("portal.family", "portal.staff", "portal.webhooks", "portal.status")


def _modules(folder: str) -> Iterator[Path]:
    yield from sorted((ROOT / folder).rglob("*.py"))


def _imports(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            for alias in node.names:
                yield f"{node.module}.{alias.name}"


def _is_under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _is_forms(name: str) -> bool:
    return any(part == "forms" or part.endswith("_forms") for part in name.split("."))


def _violations(folder: str, forbidden: tuple[str, ...], *, forms: bool = False) -> list[str]:
    found = []
    for path in _modules(folder):
        for name in _imports(path):
            if _is_under(name, forbidden) or (forms and _is_forms(name)):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return sorted(set(found))


def test_services_import_nothing_from_flask_the_blueprints_or_forms() -> None:
    assert _violations("portal/services", WEB, forms=True) == []


def test_models_import_no_services_clients_or_blueprints() -> None:
    forbidden = ("portal.services", "portal.clients", "portal.demo", *WEB)
    assert _violations("portal/models", forbidden, forms=True) == []


def test_clients_import_no_services_or_blueprints() -> None:
    forbidden = ("portal.services", "portal.demo", *BLUEPRINTS, "portal.staff.family_text_form")
    assert _violations("portal/clients", forbidden) == []


def test_easyread_imports_nothing_from_the_portal_flask_or_sqlalchemy() -> None:
    forbidden = ("portal", "flask", "flask_babel", "sqlalchemy", "werkzeug", "jinja2")
    assert _violations("easyread", forbidden) == []


def test_the_safe_redirect_check_is_pure() -> None:
    """It decides from the value alone, so it can be tested with no app and
    used by any edge."""
    path = ROOT / "portal" / "safe_redirects.py"
    imported = {name.split(".")[0] for name in _imports(path)}
    assert imported <= {"__future__", "collections", "re", "urllib"}


def test_services_never_commit() -> None:
    """The edge (a request, a CLI command, a worker batch) owns the transaction."""
    found = []
    for path in _modules("portal/services"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"commit", "rollback"}
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import flask", ["flask"]),
        ("from flask_babel import gettext", ["flask_babel", "flask_babel.gettext"]),
        ("from portal import forms", ["portal", "portal.forms"]),
        ("from . import sibling", []),
    ],
)
def test_the_import_reader_sees_every_form_of_import(
    tmp_path: Path, source: str, expected: list[str]
) -> None:
    module = tmp_path / "module.py"
    module.write_text(source + "\n")
    assert list(_imports(module)) == expected
