"""Rules `glossary-term` and `unknown-abbreviation`."""

from __future__ import annotations

import pytest

from easyread.checker.model import Severity
from easyread.checker.rules.jargon import initialism
from tests.easyread.checker.helpers import SMALL_GLOSSARY, findings, flagged


def glossary_terms(text: str, lang: str = "en") -> list[str]:
    return flagged(text, "glossary-term", lang, SMALL_GLOSSARY)


def test_an_unexplained_glossary_term_is_a_warning_with_its_meaning() -> None:
    text = "Your CETR is next week."
    (finding,) = findings(text, "glossary-term", glossary=SMALL_GLOSSARY)
    assert (finding.start, finding.end) == (5, 9)
    assert finding.severity is Severity.WARNING
    assert "links to the word list" in finding.message
    assert finding.suggestion == "Explain it, like: CETR means a meeting about you."


@pytest.mark.parametrize(
    "text",
    [
        "Your CETR (a meeting to check your care) is next week.",
        "A CETR is a meeting about your care.",
        "CETR means a meeting about your care.",
        "CETR: a meeting about your care.",
        "CETR – a meeting about your care.",
        "You will have a meeting to check your care (a CETR).",
        "You will have a meeting called a CETR.",
        "Your CETR is soon. A CETR is a meeting about your care.",
    ],
)
def test_an_explained_glossary_term_passes(text: str) -> None:
    assert glossary_terms(text) == []


def test_a_glossary_term_is_reported_once_where_it_first_appears() -> None:
    text = "Your care plan is new. Read your care plan. Care plans help."
    (finding,) = findings(text, "glossary-term", glossary=SMALL_GLOSSARY)
    assert text[finding.start : finding.end] == "care plan"
    assert finding.start == 5


def test_words_not_in_the_glossary_are_not_glossary_terms() -> None:
    assert glossary_terms("We will meet on Monday.") == []


def test_a_glossary_abbreviation_is_not_also_an_unknown_abbreviation() -> None:
    text = "Your CETR is next week."
    assert findings(text, "unknown-abbreviation", glossary=SMALL_GLOSSARY) == []


@pytest.mark.parametrize("abbreviation", ["CAMHS", "LA", "SENCO", "IMHA", "DoLS", "s117", "GPs"])
def test_unknown_abbreviations_are_errors(abbreviation: str) -> None:
    text = f"Talk to the {abbreviation} today."
    (finding,) = findings(text, "unknown-abbreviation")
    assert (finding.start, finding.end) == (12, 12 + len(abbreviation))
    assert finding.severity is Severity.ERROR


def test_an_unknown_abbreviation_is_reported_once() -> None:
    assert flagged("CAMHS can help. Ask CAMHS.", "unknown-abbreviation") == ["CAMHS"]


def test_a_section_number_gets_its_own_message() -> None:
    (finding,) = findings("You have s117 aftercare.", "unknown-abbreviation")
    assert "section of a law" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "CAMHS (the team that helps with feelings) can help.",
        "The children's mental health team (CAMHS) can help.",
        "CAMHS means the team that helps with feelings.",
        "Their licence is called CC BY-SA 4.0.",
        "It is CAMHS-led (led by the mental health team).",
    ],
)
def test_an_explained_abbreviation_passes(text: str) -> None:
    assert findings(text, "unknown-abbreviation") == []


@pytest.mark.parametrize(
    "text",
    [
        "The NHS is here. It is OK to watch TV.",
        "I will call you.",
        "Read Part II.",
        "Please do NOT run.",
        "Meet McDonald at the iPad shop on YouTube.",
        "Come at 2 PM.",
    ],
)
def test_known_initialisms_names_and_ordinary_words_pass(text: str) -> None:
    assert findings(text, "unknown-abbreviation") == []


def test_part_of_a_hyphenated_word() -> None:
    assert flagged("A CAMHS-led group.", "unknown-abbreviation") == ["CAMHS"]


def test_abbreviations_are_found_in_other_languages() -> None:
    assert flagged("Mae CAMHS yn helpu.", "unknown-abbreviation", "cy") == ["CAMHS"]
    assert flagged("CAMHS (tîm iechyd meddwl) yn helpu.", "unknown-abbreviation", "cy") == []
    assert flagged("CAMHS oznacza zespół zdrowia.", "unknown-abbreviation", "pl") == []


def test_initialism() -> None:
    assert initialism("CAMHS") == "CAMHS"
    assert initialism("CAMHS's") == "CAMHS"
    assert initialism("GPs") == "GP"
    assert initialism("DoLS") == "DoLS"
    assert initialism("s117") == "s117"
    assert initialism("Hello") is None
    assert initialism("NHS") is None
    assert initialism("IV") is None
    assert initialism("A") is None


def test_terms_inside_web_and_email_addresses_pass() -> None:
    text = "See www.nhs.uk/CETR or write to CETR@nhs.net."
    assert glossary_terms(text) == []
    assert findings(text, "unknown-abbreviation") == []


def test_the_suggestion_names_a_term_by_its_usual_form() -> None:
    (finding,) = findings("Your care plans are ready.", "glossary-term", glossary=SMALL_GLOSSARY)
    assert finding.suggestion == (
        "Explain it, like: care plan means a written plan of the help you will get."
    )
    (finding,) = findings("Your CETRs are soon.", "glossary-term", glossary=SMALL_GLOSSARY)
    assert finding.suggestion == "Explain it, like: CETRs means a meeting about you."
