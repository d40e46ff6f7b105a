"""Small modules and short functions: none of the portal's or easyread's
modules is over 400 lines, and no function over 60 (migrations aside)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("portal", "easyread")
MODULE_LINES = 400
FUNCTION_LINES = 60


def _sources() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def long_functions(path: Path, limit: int = FUNCTION_LINES) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > limit:
                found.append(f"{path}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_no_module_is_over_400_lines() -> None:
    long = [
        f"{path.relative_to(ROOT)} ({count} lines)"
        for path in _sources()
        if (count := len(path.read_text().splitlines())) > MODULE_LINES
    ]
    assert long == []


def test_no_function_is_over_60_lines() -> None:
    assert [line for path in _sources() for line in long_functions(path)] == []


def test_a_long_function_is_found(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    body = "\n".join(f"    x{n} = {n}" for n in range(61))
    module.write_text(f"def short():\n    return 1\n\n\ndef long():\n{body}\n")
    assert [line.split()[-3] for line in long_functions(module)] == ["long"]
