"""`flask check-risk`."""

from __future__ import annotations

import json

from flask import Flask


def test_check_risk_says_for_each_line_whether_it_is_flagged_and_why(app: Flask) -> None:
    text = "nobody would miss me\n\nthe video call kept cutting out\nhe locks me in my room\n"
    result = app.test_cli_runner().invoke(args=["check-risk"], input=text)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "flagged\tnot_being_missed\tnobody would miss me",
        "not flagged\t-\tthe video call kept cutting out",
        "flagged\tharm_from_others\the locks me in my room",
    ]
    assert result.stderr == "2 of 3 lines flagged.\n"


def test_check_risk_prints_json_lines(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["check-risk", "--json"], input="I've been saving my tablets\nvery good thanks\n"
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["flagged"] for row in rows] == [True, False]
    assert rows[0]["kinds"] == ["overdose"]
    assert rows[0]["text"] == "I've been saving my tablets"
    assert rows[1] == {"flagged": False, "kinds": [], "rules": [], "text": "very good thanks"}
    assert result.stderr == "1 of 2 lines flagged.\n"
