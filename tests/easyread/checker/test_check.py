"""`check()`: summary figures, languages, the real glossary and bad input."""

from __future__ import annotations

import pytest

from easyread import check as exported_check
from easyread.checker import LANGUAGES, RULES, check
from easyread.checker.model import Severity
from tests.easyread.checker.helpers import ENGLISH_ONLY_RULES, NO_GLOSSARY, run


def test_check_is_exported_from_the_package() -> None:
    assert exported_check is check


def test_summary_figures() -> None:
    report = run("We will meet on Monday. You can bring your mum and dad.")
    summary = report.summary
    assert summary.sentences == 2
    assert summary.words == 12
    assert summary.average_sentence_words == 6.0
    assert summary.longest_sentence_words == 7
    assert summary.hard_word_share == 0.0
    assert report.findings == ()
    assert report.passes


def test_hard_word_share_counts_hard_words_and_abbreviations() -> None:
    summary = run("We facilitate it. Ask CAMHS.").summary
    assert summary.words == 5
    assert summary.hard_word_share == pytest.approx(2 / 5)


def test_summary_to_dict_rounds() -> None:
    data = run("One two three. Four five six seven.").summary.to_dict()
    assert data == {
        "sentences": 2,
        "words": 7,
        "average_sentence_words": 3.5,
        "longest_sentence_words": 4,
        "hard_word_share": 0.0,
    }


def test_findings_come_in_text_order_with_errors_and_warnings_apart() -> None:
    report = run("Touch base on 04/03/25. PLEASE COME ON TIME. It was agreed.")
    starts = [finding.start for finding in report.findings]
    assert starts == sorted(starts)
    assert {f.rule for f in report.errors} == {"numeric-date", "block-capitals"}
    assert {f.rule for f in report.warnings} == {"idiom", "passive-voice"}
    assert not report.passes


def test_every_rule_has_a_unique_name() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert {rule.name for rule in RULES if rule.english_only} == ENGLISH_ONLY_RULES


def test_report_to_dict() -> None:
    data = run("Come at 14:00.").to_dict()
    assert data["lang"] == "en"
    assert data["findings"] == [
        {
            "rule": "time-24-hour",
            "severity": "warning",
            "start": 8,
            "end": 13,
            "message": "'14:00' is a 24-hour time. Many readers find it hard to read.",
            "suggestion": "Write '2 in the afternoon'.",
        }
    ]


# The real glossary is used unless one is passed in.


def test_the_real_glossary_is_used_by_default() -> None:
    report = check("Your CETR is next week.")
    assert [(f.rule, f.severity) for f in report.findings] == [("glossary-term", Severity.WARNING)]


def test_an_explained_real_glossary_term_passes() -> None:
    assert check("Your CETR (a meeting about your care) is next week.").findings == ()


def test_a_passed_glossary_replaces_the_real_one() -> None:
    assert [f.rule for f in check("Your CETR is next week.", glossary=NO_GLOSSARY).findings] == [
        "unknown-abbreviation"
    ]


def test_real_glossary_abbreviations_are_warnings_and_others_errors() -> None:
    report = check("Ask the SENCO and the LA.")
    assert [(report_text(f), f.severity) for f in report.findings] == [
        ("SENCO", Severity.WARNING),
        ("LA", Severity.ERROR),
    ]


def report_text(finding: object) -> str:
    text = "Ask the SENCO and the LA."
    start, end = finding.start, finding.end  # type: ignore[attr-defined]
    return text[start:end]


# Languages.


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("cy", "Mae'r cyfarfod ar ddydd Mawrth. Byddwn ni'n siarad am eich cynllun gofal."),
        ("pl", "Spotkanie jest we wtorek. Porozmawiamy o planie opieki i o szkole."),
        ("ur", "آپ کی میٹنگ منگل کو ہے۔ ہم آپ کے منصوبے کے بارے میں بات کریں گے۔"),
        ("ar", "اجتماعك يوم الثلاثاء. سنتحدث عن خطة الرعاية الخاصة بك."),
    ],
)
def test_plain_text_in_other_languages_has_no_findings(lang: str, text: str) -> None:
    report = check(text, lang)
    assert report.findings == ()
    assert report.lang == lang
    assert report.summary.sentences == 2


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("cy", "Bydd y cyfarfod yn cael ei gynnal. Mae'n bwysig iawn i chi a'ch teulu."),
        ("cy", "Mae'r cyfarfod ar ddydd Mawrth."),
        ("pl", "Komunikacja międzyinstytucjonalna; niekonwencjonalne rozwiązania terapeutyczne."),
        ("ur", "یہ منصوبہ آپ کی دیکھ بھال کے بارے میں ہے اور ہم آپ سے بات کریں گے۔"),
        ("ar", "سيتم مراجعة خطتك من قبل الفريق، ولكن يمكنك أن تقول لا."),
    ],
)
def test_english_rules_never_run_on_other_languages(lang: str, text: str) -> None:
    rules = {finding.rule for finding in check(text, lang).findings}
    assert not rules & ENGLISH_ONLY_RULES


def test_english_words_in_a_welsh_text_are_not_checked_as_english() -> None:
    text = "We will touch base in order to facilitate three things. It was agreed."
    assert check(text, "cy").findings == ()


def test_language_codes_are_normalised() -> None:
    assert check("Hello.", "en-GB").lang == "en"
    assert check("Hello.", "CY").lang == "cy"
    assert check("Hello.", "").lang == "en"
    assert set(LANGUAGES) == {"en", "cy", "pl", "ur", "ar"}


def test_an_unknown_language_gets_the_language_independent_rules_only() -> None:
    text = "We will facilitate it on 04/03/25 with CAMHS. It was agreed."
    report = check(text, "xx")
    assert report.lang == "xx"
    assert {f.rule for f in report.findings} == {"numeric-date", "unknown-abbreviation"}


# Bad input.


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "😀😀😀", "...!!!", "<p></p>", "&nbsp;"])
def test_empty_text_gives_zero_figures_and_no_findings(text: str) -> None:
    report = check(text)
    assert report.findings == ()
    assert report.summary.sentences == 0
    assert report.summary.words == 0
    assert report.summary.average_sentence_words == 0.0
    assert report.summary.longest_sentence_words == 0
    assert report.summary.hard_word_share == 0.0


def test_text_must_be_a_string() -> None:
    with pytest.raises(TypeError):
        check(b"bytes")  # type: ignore[arg-type]


def test_200_kb_of_text() -> None:
    paragraph = (
        "Your keyworker will meet you on Tuesday 4 March. We will facilitate the visit. "
        "It was agreed that PLEASE COME ON TIME is too loud. Come at 14:00 with 25% more. "
    )
    text = paragraph * (200_000 // len(paragraph) + 1)
    report = check(text)
    assert len(text) >= 200_000
    assert report.summary.sentences == 4 * (200_000 // len(paragraph) + 1)
    assert len(report.findings) > 1000
    assert all(0 <= f.start < f.end <= len(text) for f in report.findings)


def test_a_single_5000_character_sentence() -> None:
    text = ("word " * 1000).strip() + "."
    assert len(text) == 5000
    report = check(text)
    assert report.summary.sentences == 1
    assert report.summary.words == 1000
    (finding,) = report.findings
    assert finding.rule == "sentence-length"
    assert finding.severity is Severity.ERROR
    assert (finding.start, finding.end) == (0, 5000)


def test_one_5000_character_word() -> None:
    report = check("a" * 5000)
    assert report.summary.words == 1
    assert [f.rule for f in report.findings] == ["hard-word"]


def test_html_spans_point_into_the_original_text() -> None:
    text = (
        "<p>We will <b>facilitate</b> the visit &amp; <em>touch base</em>.</p><p>It was agreed.</p>"
    )
    report = run(text)
    found = {f.rule: text[f.start : f.end] for f in report.findings}
    assert found == {
        "hard-word": "facilitate",
        "italics": "<em>touch base</em>",
        "idiom": "touch base",
        "passive-voice": "was agreed",
    }
    assert report.summary.sentences == 2


def test_mixed_scripts_and_right_to_left_text() -> None:
    text = "Your plan: \u202bخطة الرعاية\u202c and آپ کا منصوبہ. Mae'n dda. Привет 你好 😀."
    report = run(text)
    assert report.summary.words == 12
    assert report.findings == ()


def test_control_characters_and_lone_surrogates_do_not_crash() -> None:
    report = run("Hello\x00 there\x1b[0m. Bad \ud800 text.")
    assert report.summary.sentences == 2


@pytest.mark.parametrize(
    "text",
    [
        "<a" * 20_000,
        "<a " * 20_000,
        "&#" * 20_000,
        "<!--" * 20_000,
        "*a" * 20_000,
        "_a" * 20_000,
        "1/" * 20_000,
        "1:" * 20_000,
        "a-" * 20_000,
        "a." * 20_000,
        "A " * 20_000,
        "not " * 20_000,
        "is " * 20_000,
        "(" * 20_000,
        "CAMHS " * 20_000,
        "\n" * 20_000,
        "<i>" * 20_000,
    ],
)
def test_pathological_input_finishes(text: str) -> None:
    # Would hang if a pattern backtracked badly; the benchmark measures the time.
    report = run(text)
    assert report.summary.words >= 0
