"""Everything the portal itself says to families, in English, passes the
easy-read checker with no errors: page text from the family templates, the
error pages families see, and the consent items of the registry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import easyread
from portal.services.consent.registry import CONSENT_ITEM_TYPES

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "translations" / "messages.pot"
# Sources whose messages families read.
FAMILY_SOURCES = (
    "portal/templates/family/",
    "portal/templates/errors/",
    "portal/templates/components/crisis_lines.html",
    "portal/templates/components/team_contact.html",
    "portal/errors.py",
    # record.html of an exported record, which the family is sent.
    "portal/services/records/export_html.py",
)
# Placeholders are filled with typical values before checking.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
SAMPLES = {
    "service_name": "Keyworker Family Portal",
    "name": "Sam",
    "num": "2",
    "count": "2",
    "hours": "Monday to Friday, 9 in the morning to 5 in the afternoon",
    "number": "07700 900999",
}


def family_messages() -> list[str]:
    with POT.open("rb") as handle:
        catalog = read_po(handle)
    texts = []
    for message in catalog:
        if not message.id:
            continue
        if any(path.startswith(FAMILY_SOURCES) for path, _line in message.locations):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            texts += [PLACEHOLDER.sub(lambda m: SAMPLES.get(m[1], "2"), text) for text in ids]
    return texts


def consent_texts() -> list[str]:
    return [text for item in CONSENT_ITEM_TYPES for text in (item.title, item.description)]


def test_there_are_family_messages_to_check() -> None:
    assert len(family_messages()) >= 10


@pytest.mark.parametrize("text", family_messages() + consent_texts())
def test_family_text_passes_the_checker(text: str) -> None:
    report = easyread.check(text, "en")
    assert report.passes, [f"{f.rule}: {f.message}" for f in report.errors]
