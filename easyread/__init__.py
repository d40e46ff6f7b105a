"""Easy read for the Keyworker Family Portal.

Plain Python: this package never imports Flask or `portal`.

- `check(text, lang)` reports what a reader with a learning disability will
  struggle with, before staff save text families will read.
- `load_glossary(lang)` gives the words of this world with plain meanings.
- `pictogram(key)` gives an open-licensed picture with alt text per language.
- `render_plan`, `render_meeting` and `render_consent_item` turn the portal's
  structures into easy-read blocks for templates to show.
"""

from easyread.checker import check
from easyread.checker.model import Finding, Report, Severity, Summary
from easyread.glossary import Glossary, Term, TermMatch, load_glossary
from easyread.pictograms import Pictogram, pictogram, pictogram_keys
from easyread.render import (
    ActionInput,
    Block,
    ConsentItemInput,
    MeetingInput,
    PlanInput,
    Segment,
    render_consent_item,
    render_meeting,
    render_plan,
)

__all__ = [
    "ActionInput",
    "Block",
    "ConsentItemInput",
    "Finding",
    "Glossary",
    "MeetingInput",
    "Pictogram",
    "PlanInput",
    "Report",
    "Segment",
    "Severity",
    "Summary",
    "Term",
    "TermMatch",
    "check",
    "load_glossary",
    "pictogram",
    "pictogram_keys",
    "render_consent_item",
    "render_meeting",
    "render_plan",
]
