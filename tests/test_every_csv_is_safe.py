"""Every CSV file the portal writes goes through `portal.services.reporting.csv_safe`,
so no cell of any future CSV can run as a formula. The test reads the source (the
AST): a module other than csv_safe that imports `csv`, names the CSV content type,
calls a `to_csv` method, or names a `.csv` file without importing csv_safe, fails.
The checker is run against small fake sources first, so it is shown to fail."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAFE_MODULE = Path("portal/services/reporting/csv_safe.py")
SAFE_IMPORT = "portal.services.reporting.csv_safe"
CSV_MODULES = ("csv", "_csv")


def _imported_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
            in ("__import__", "import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def _strings(tree: ast.AST) -> list[str]:
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def _calls_to_csv(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "to_csv"
        for node in ast.walk(tree)
    )


def _module_breaches(relative: Path, source: str) -> list[str]:
    tree = ast.parse(source, filename=str(relative))
    imported = _imported_names(tree)
    strings = _strings(tree)
    found = []
    if any(name.split(".")[0] in CSV_MODULES for name in imported):
        found.append(f"{relative} imports the csv module")
    if any("text/csv" in text.lower() for text in strings):
        found.append(f"{relative} names text/csv (use csv_safe.CONTENT_TYPE)")
    if _calls_to_csv(tree):
        found.append(f"{relative} calls to_csv")
    uses_safe = any(name == SAFE_IMPORT or name.startswith(SAFE_IMPORT + ".") for name in imported)
    if not uses_safe and any(text.lower().rstrip().endswith(".csv") for text in strings):
        found.append(f"{relative} names a .csv file without csv_safe")
    return found


def csv_rule_breaches(root: Path) -> list[str]:
    """Every place under `root`/portal that writes a CSV some other way."""
    found = []
    for path in sorted((root / "portal").rglob("*")):
        relative = path.relative_to(root)
        if path.suffix == ".py" and relative != SAFE_MODULE:
            found.extend(_module_breaches(relative, path.read_text()))
        elif path.suffix in (".html", ".jinja", ".txt") and "text/csv" in path.read_text():
            found.append(f"{relative} names text/csv")
    return found


def test_no_module_of_the_portal_writes_a_csv_another_way() -> None:
    assert csv_rule_breaches(ROOT) == []


def test_the_safe_module_itself_is_where_the_csv_module_is_used() -> None:
    assert "csv" in _imported_names(ast.parse((ROOT / SAFE_MODULE).read_text()))


def _fake_portal(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = tmp_path / "portal" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return tmp_path


def test_the_checker_catches_each_other_way_of_writing_a_csv(tmp_path: Path) -> None:
    root = _fake_portal(
        tmp_path,
        {
            "services/reporting/csv_safe.py": "import csv\n",
            "plain_import.py": "import csv\n",
            "from_import.py": "from csv import writer\n",
            "dynamic.py": "import importlib\nw = importlib.import_module('csv')\n",
            "content_type.py": "MIME = 'Text/CSV'\n",
            "pandas_way.py": "def f(frame):\n    frame.to_csv('out')\n",
            "file_name.py": "NAME = 'feedback.csv'\n",
            "templates/download.html": '<a type="text/csv" href="x">x</a>\n',
        },
    )
    assert csv_rule_breaches(root) == [
        "portal/content_type.py names text/csv (use csv_safe.CONTENT_TYPE)",
        "portal/dynamic.py imports the csv module",
        "portal/file_name.py names a .csv file without csv_safe",
        "portal/from_import.py imports the csv module",
        "portal/pandas_way.py calls to_csv",
        "portal/plain_import.py imports the csv module",
        "portal/templates/download.html names text/csv",
    ]


def test_the_checker_allows_a_view_that_uses_csv_safe(tmp_path: Path) -> None:
    root = _fake_portal(
        tmp_path,
        {
            "staff/feedback_download.py": (
                "from portal.services.reporting.csv_safe import CONTENT_TYPE, csv_bytes\n"
                "NAME = 'feedback.csv'\n"
                "def download(rows):\n"
                "    return csv_bytes(['answer'], rows), CONTENT_TYPE, NAME\n"
            ),
            "csv_words.py": "HELP = 'Download the answers as a spreadsheet (CSV)'\n",
        },
    )
    assert csv_rule_breaches(root) == []
