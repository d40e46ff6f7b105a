"""easyread is plain Python: it must never import Flask or the portal, so other
services can use it and its rules can be tested on their own."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "easyread"
FORBIDDEN = ("flask", "flask_babel", "flask_wtf", "portal", "sqlalchemy", "werkzeug")


def test_importing_easyread_loads_no_web_framework() -> None:
    code = (
        "import sys, easyread\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(loaded))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_no_module_in_easyread_imports_the_web_framework() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(PACKAGE)}: {name}"
                for name in names
                if name.split(".")[0] in FORBIDDEN
            ]
    assert not offenders, offenders
