"""`python -m easyread check FILE`: check a text file from the command line.

Prints each finding as `FILE:LINE:COLUMN: severity [rule] message`, with the
words at fault and a suggestion, then the summary figures. `--json` prints the
report as JSON instead (each finding also has its line and column). `-` reads
standard input.

Exit status: 0 when there are no errors (warnings are fine), 1 when there
are errors, 2 for a usage error or a file that cannot be read.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from easyread.checker import check
from easyread.checker.model import Finding, Report

__all__ = ["main"]

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2


class _UnreadableError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m easyread",
        description="Easy-read tools for the Keyworker Family Portal.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check_command = commands.add_parser(
        "check",
        help="check a text against the easy-read rules",
        description=(
            "Check a text (plain, Markdown or HTML) against the easy-read rules. "
            "Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable file."
        ),
    )
    check_command.add_argument("file", metavar="FILE", help="a UTF-8 text file, or - for stdin")
    check_command.add_argument(
        "--lang", default="en", help="language of the text: en, cy, pl, ur or ar (default en)"
    )
    check_command.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def _read(path: str, stdin: TextIO) -> str:
    try:
        if path == "-":
            buffer = getattr(stdin, "buffer", None)
            if buffer is None:
                return stdin.read()
            data = buffer.read()
        else:
            with open(path, "rb") as file:
                data = file.read()
    except OSError as error:
        raise _UnreadableError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        return str(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise _UnreadableError(f"cannot read {path}: it is not UTF-8 text") from error


class _Lines:
    """Line and column (both from 1) of an offset in a text."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        position = text.find("\n")
        while position != -1:
            self._starts.append(position + 1)
            position = text.find("\n", position + 1)

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


def _excerpt(text: str, finding: Finding, limit: int = 70) -> str:
    words = " ".join(text[finding.start : finding.end].split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def format_text(report: Report, text: str, name: str) -> str:
    """The report for people to read."""
    lines = _Lines(text)
    out: list[str] = []
    for finding in report.findings:
        line, column = lines.at(finding.start)
        out.append(
            f"{name}:{line}:{column}: {finding.severity.value} [{finding.rule}] {finding.message}"
        )
        out.append(f"    | {_excerpt(text, finding)}")
        if finding.suggestion:
            out.append(f"    Suggestion: {finding.suggestion}")
    summary = report.summary
    if report.findings:
        out.append("")
    out.append(
        f"{name}: {_plural(summary.sentences, 'sentence')}, {_plural(summary.words, 'word')}; "
        f"{summary.average_sentence_words:.1f} words a sentence on average, "
        f"longest {summary.longest_sentence_words}; "
        f"hard words {summary.hard_word_share:.0%}."
    )
    if report.findings:
        errors = _plural(len(report.errors), "error")
        out.append(f"{errors} and {_plural(len(report.warnings), 'warning')}.")
    else:
        out.append("No problems found.")
    return "\n".join(out) + "\n"


def format_json(report: Report, text: str, name: str) -> str:
    """The report for programs: `Report.to_dict()` plus the file and each line and column."""
    lines = _Lines(text)
    data = report.to_dict()
    findings = []
    for finding in report.findings:
        line, column = lines.at(finding.start)
        findings.append({**finding.to_dict(), "line": line, "column": column})
    data["findings"] = findings
    return json.dumps({"file": name, **data}, ensure_ascii=False, indent=2) + "\n"


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit status."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit:
        # argparse has printed the usage or the help.
        return int(exit.code) if isinstance(exit.code, int) else EXIT_USAGE
    try:
        text = _read(args.file, stdin)
    except _UnreadableError as error:
        stderr.write(f"python -m easyread check: {error}\n")
        return EXIT_USAGE
    report = check(text, args.lang)
    name = "<stdin>" if args.file == "-" else args.file
    formatter = format_json if args.json else format_text
    stdout.write(formatter(report, text, name))
    return EXIT_ERRORS if report.errors else EXIT_OK
