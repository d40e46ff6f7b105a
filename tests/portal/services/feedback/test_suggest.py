"""Suggested themes: whole-word, any-case matches of the active themes' keywords."""

from __future__ import annotations

import pytest

from portal.models import FeedbackTheme
from portal.services.feedback.suggest import matches, suggested_themes, theme_keywords


def _theme(ident: int, name: str, keywords: str, *, active: bool = True) -> FeedbackTheme:
    return FeedbackTheme(
        id=ident,
        code=name.lower(),
        name=name,
        keywords=keywords,
        active=active,
        display_order=ident,
    )


THEMES = [
    _theme(2, "Waiting", "wait\nwaiting\nlate"),
    _theme(1, "Communication", "call\n  phone  \n\nkept informed"),
    _theme(3, "Crisis", "A&E\n111"),
    _theme(4, "Old", "meeting", active=False),
]


@pytest.mark.parametrize(
    ("keyword", "text", "expected"),
    [
        ("call", "Please CALL me", True),
        ("call", "a phone call.", True),
        ("call", "I recall it", False),
        ("call", "she called", False),
        ("late", "too late!", True),
        ("late", "chocolate", False),
        ("kept informed", "We were kept\ninformed", True),
        ("A&E", "We went to A&E.", True),
        ("111", "I rang 111 at night", True),
        ("111", "call 01111", False),
        ("", "anything", False),
    ],
)
def test_a_keyword_matches_as_a_whole_word_in_any_case(
    keyword: str, text: str, expected: bool
) -> None:
    assert matches(keyword, text) is expected


def test_keywords_are_one_a_line_trimmed() -> None:
    assert theme_keywords("call\n  phone  \n\nkept informed\n") == (
        "call",
        "phone",
        "kept informed",
    )


def test_only_active_themes_are_suggested_in_their_order() -> None:
    found = suggested_themes(
        ["Nobody would call me back", None, "I waited, it was late. The meeting ran on."], THEMES
    )
    assert [theme.name for theme in found] == ["Communication", "Waiting"]


def test_no_words_no_suggestions() -> None:
    assert suggested_themes([None, ""], THEMES) == []
    assert suggested_themes(["Lovely people"], THEMES) == []
