"""The checker's data files: big enough, well formed and shipped with the package."""

from __future__ import annotations

import tomllib
from pathlib import Path

from easyread.checker.data import (
    common_long_words,
    common_short_words,
    idioms,
    simpler_phrases,
    simpler_words,
)
from easyread.checker.phrases import phrase_words
from easyread.checker.rules.hard_words import is_long

ROOT = Path(__file__).resolve().parents[3]


def test_at_least_150_replacements() -> None:
    assert len(simpler_words()) + len(simpler_phrases()) >= 150
    assert simpler_words()["facilitate"] == "help"
    assert simpler_words()["commence"] == "start"
    assert simpler_phrases()["in order to"] == "to"


def test_replacements_are_lower_case_and_simpler() -> None:
    for word, say in {**simpler_words(), **simpler_phrases()}.items():
        assert word == word.lower().strip(), word
        assert say and say != word, word
        assert not any(is_long(part) for part in say.split()), (word, say)


def test_at_least_40_idioms_each_with_a_plain_way_to_say_it() -> None:
    found = idioms()
    assert len(found) >= 40
    assert all(idiom.say and idiom.forms for idiom in found)
    phrases = {idiom.phrase for idiom in found}
    assert {"touch base", "on the same page"} <= phrases
    assert "step down" not in phrases


def test_idiom_verbs_get_their_forms() -> None:
    (touch_base,) = [idiom for idiom in idioms() if idiom.phrase == "touch base"]
    assert set(touch_base.forms) == {"touch base", "touches base", "touched base", "touching base"}
    (get_ball,) = [idiom for idiom in idioms() if idiom.phrase == "get the ball rolling"]
    assert "getting the ball rolling" in get_ball.forms


def test_every_phrase_can_be_matched() -> None:
    for idiom in idioms():
        for form in idiom.forms:
            assert phrase_words(form), form


def test_common_word_lists() -> None:
    assert {"everything", "information"} <= common_long_words()
    assert {"the", "please", "not"} <= common_short_words()
    assert "facilitate" not in common_long_words()


def test_the_data_files_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["easyread"]
    assert "**/*.json" in patterns
    data = ROOT / "easyread" / "checker" / "data" / "en"
    assert {path.name for path in data.glob("*.json")} == {
        "simpler_words.json",
        "idioms.json",
        "common_words.json",
    }
