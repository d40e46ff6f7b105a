"""`python -m easyread check FILE`: text and JSON output, exit status, stdin."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from easyread.checker.cli import main

GOOD = "We will meet on Monday.\nYou can bring a friend.\n"
WARNINGS_ONLY = "We will touch base on Monday.\n"
ERRORS = "We will meet on Monday.\nCome on 04/03/25 at 14:00.\n"


def write(tmp_path: Path, text: str, name: str = "plan.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_main(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_no_problems(tmp_path: Path) -> None:
    status, out, _ = run_main("check", str(write(tmp_path, GOOD)))
    assert status == 0
    assert out.endswith(
        "plan.txt: 2 sentences, 10 words; 5.0 words a sentence on average, longest 5; "
        "hard words 0%.\nNo problems found.\n"
    )


def test_warnings_only_exit_0(tmp_path: Path) -> None:
    status, out, _ = run_main("check", str(write(tmp_path, WARNINGS_ONLY)))
    assert status == 0
    assert "warning [idiom]" in out
    assert "0 errors and 1 warning." in out


def test_errors_exit_1_with_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, ERRORS)
    status, out, _ = run_main("check", str(path))
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == (
        f"{path}:2:9: error [numeric-date] Dates written in numbers, like '04/03/25', "
        "are hard to read and easy to mix up."
    )
    assert lines[1] == "    | 04/03/25"
    assert lines[2] == "    Suggestion: Write the day and month in words, like Tuesday 4 March."
    assert f"{path}:2:21: warning [time-24-hour]" in out
    assert out.rstrip().endswith("1 error and 1 warning.")


def test_json_output(tmp_path: Path) -> None:
    status, out, _ = run_main("check", "--json", str(write(tmp_path, ERRORS)))
    assert status == 1
    data = json.loads(out)
    assert data["lang"] == "en"
    assert data["summary"]["sentences"] == 2
    assert [(f["rule"], f["severity"], f["line"], f["column"]) for f in data["findings"]] == [
        ("numeric-date", "error", 2, 9),
        ("time-24-hour", "warning", 2, 21),
    ]
    first = data["findings"][0]
    assert ERRORS[first["start"] : first["end"]] == "04/03/25"


def test_stdin_with_a_dash() -> None:
    status, out, _ = run_main("check", "-", stdin=ERRORS)
    assert status == 1
    assert out.startswith("<stdin>:2:9: error [numeric-date]")


def test_lang_option(tmp_path: Path) -> None:
    path = write(tmp_path, "We will touch base. Mae'r cyfarfod ar 04/03/25.")
    status, out, _ = run_main("check", "--lang", "cy", "--json", str(path))
    assert status == 1
    data = json.loads(out)
    assert data["lang"] == "cy"
    assert [f["rule"] for f in data["findings"]] == ["numeric-date"]


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    status, out, err = run_main("check", str(tmp_path / "missing.txt"))
    assert status == 2
    assert out == ""
    assert "cannot read" in err


def test_a_folder_exits_2(tmp_path: Path) -> None:
    status, _, err = run_main("check", str(tmp_path))
    assert status == 2
    assert "cannot read" in err


def test_a_file_that_is_not_utf8_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 menu".encode("latin-1"))
    status, _, err = run_main("check", str(path))
    assert status == 2
    assert "not UTF-8" in err


@pytest.mark.parametrize(
    "argv", [(), ("check",), ("check", "a", "b"), ("check", "--colour", "x"), ("lint", "x")]
)
def test_usage_errors_exit_2(argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = run_main(*argv)
    assert status == 2
    assert "usage:" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = run_main("check", "--help")
    assert status == 0
    assert "--json" in capsys.readouterr().out


def test_an_empty_file(tmp_path: Path) -> None:
    status, out, _ = run_main("check", str(write(tmp_path, "")))
    assert status == 0
    assert "0 sentences, 0 words" in out


def test_a_utf8_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffCome at 14:00.".encode())
    status, out, _ = run_main("check", "--json", str(path))
    assert status == 0
    assert json.loads(out)["findings"][0]["start"] == 8


def run_module(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "easyread", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_python_dash_m_easyread_reads_stdin_and_sets_the_exit_status() -> None:
    result = run_module("check", "-", "--json", stdin=ERRORS)
    assert result.returncode == 1
    assert json.loads(result.stdout)["file"] == "<stdin>"
    assert run_module("check", "-", stdin=GOOD).returncode == 0


def test_python_dash_m_easyread_usage_error() -> None:
    result = run_module("check")
    assert result.returncode == 2
    assert "usage:" in result.stderr
