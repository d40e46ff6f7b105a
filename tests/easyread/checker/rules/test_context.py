"""What every rule is given: the context, claims and quoting."""

from __future__ import annotations

from easyread.checker.document import build_document
from easyread.checker.model import Severity
from easyread.checker.rules import Context, quote
from easyread.glossary import Glossary
from tests.easyread.checker.helpers import NO_GLOSSARY, run


def test_quote_shortens_long_text_and_joins_lines() -> None:
    assert quote("touch\nbase") == "'touch base'"
    assert quote("word " * 20, limit=12) == "'word word…'"


def test_a_finding_points_into_the_original_text() -> None:
    text = "<p>Hi &amp; <b>bye</b></p>"
    ctx = Context(doc=build_document(text), lang="en", glossary=NO_GLOSSARY)
    bye = ctx.doc.words[1]
    finding = ctx.finding("rule", Severity.WARNING, bye.start, bye.end, "message")
    assert text[finding.start : finding.end] == "bye"


def test_claims() -> None:
    ctx = Context(doc=build_document("one two three"), lang="cy", glossary=NO_GLOSSARY)
    assert not ctx.english
    ctx.claim(1, 3)
    assert list(ctx.claimed) == [0, 1, 1]
    assert ctx.any_claimed(0, 2)
    assert not ctx.any_claimed(0, 1)


def test_an_empty_glossary_passed_in_is_used() -> None:
    report = run("Your CETR is soon.", glossary=Glossary("en"))  # type: ignore[arg-type]
    assert [f.rule for f in report.findings] == ["unknown-abbreviation"]
