"""Page examples for the family pages: home, and choosing whose page to open."""

from tests.support.page_example_types import PageExample

EXAMPLES: tuple[PageExample, ...] = (
    PageExample("home, young person", "family.home", lambda w: "/home", signed_in_as="family"),
    PageExample(
        "home, family member", "family.home", lambda w: "/home", signed_in_as="family_member"
    ),
    PageExample("home, nothing yet", "family.home", lambda w: "/home", signed_in_as="family_empty"),
    PageExample(
        "home, carer of two young people", "family.home", lambda w: "/home", signed_in_as="carer"
    ),
    # A parent who opened My plan before its latest version: the banner says so.
    PageExample(
        "home, plan changed", "family.home", lambda w: "/home", signed_in_as="family_plan_changed"
    ),
    PageExample(
        "choose whose page to open",
        "family.choose_young_person",
        lambda w: "/choose",
        signed_in_as="carer",
    ),
    PageExample(
        "choose whose page to open, nothing chosen",
        "family.choose_young_person",
        lambda w: "/choose",
        signed_in_as="carer",
        submit={},
    ),
    PageExample(
        "choose whose page to open, date of birth",
        "family.choose_young_person_check",
        lambda w: "/choose/check",
        signed_in_as="carer_choosing",
    ),
    # Counts as a wrong answer: the browser tests give it 3 times (of 5 allowed).
    PageExample(
        "choose whose page to open, wrong date of birth",
        "family.choose_young_person_check",
        lambda w: "/choose/check",
        signed_in_as="carer_choosing",
        submit={"day": "1", "month": "1", "year": "1990"},
    ),
)
