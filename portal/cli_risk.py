"""`flask --app portal check-risk`: run the safeguarding triage on lines of
text, so a safeguarding lead can try a change to the rules before it goes live
(docs/safeguarding-triage.md)."""

from __future__ import annotations

import json
import sys

import click

from portal.services.feedback.triage import triage_feedback


@click.command("check-risk")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, one object per line.")
def check_risk(as_json: bool) -> None:
    """Read lines on standard input and say, for each, whether triage flags it
    and which categories matched."""
    lines = flagged = 0
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        lines += 1
        result = triage_feedback(text)
        flagged += result.flagged
        kinds = [kind.value for kind in result.kinds]
        if as_json:
            row = {"flagged": result.flagged, "kinds": kinds, "rules": list(result.phrases)}
            click.echo(json.dumps({**row, "text": text}, ensure_ascii=False))
        else:
            state = "flagged" if result.flagged else "not flagged"
            click.echo(
                f"{state}\t{','.join(kinds) or ('model' if result.flagged else '-')}\t{text}"
            )
    click.echo(f"{flagged} of {lines} lines flagged.", file=sys.stderr)
