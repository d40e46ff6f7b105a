"""Text for families is checked before staff save it."""

from __future__ import annotations

from portal.services.easy_read.review import review_family_text

EASY = "Your keyworker will phone you on Tuesday. You can ask them anything."
HARD_ERROR = (
    "Following the multidisciplinary discussion it was agreed that the LA would be "
    "approached regarding s117 aftercare provision and that this would be facilitated "
    "by the care coordinator in due course."
)


def test_easy_text_may_be_saved() -> None:
    review = review_family_text(EASY)
    assert not review.has_errors
    assert review.may_save(save_anyway=False)


def test_text_with_errors_may_not_be_saved_even_when_asked() -> None:
    review = review_family_text(HARD_ERROR)
    assert review.has_errors
    assert not review.may_save(save_anyway=True)
    quoted = [item.quoted for item in review.findings_in_context()]
    assert "LA" in quoted


def test_warnings_need_save_anyway() -> None:
    review = review_family_text("We will facilitate the meeting.")
    assert review.has_warnings and not review.has_errors
    assert not review.may_save(save_anyway=False)
    assert review.may_save(save_anyway=True)


def test_glossary_terms_need_no_explanation_because_pages_link_them() -> None:
    review = review_family_text("Your CETR is on Tuesday.")
    assert all(item.finding.rule != "glossary-term" for item in review.findings_in_context())
    assert review.may_save(save_anyway=False)
