"""The profile and risk rating pages of the record, in each state: as
opened, with nothing recorded yet, with errors, refused because someone
saved first, and saved."""

from __future__ import annotations

from tests.support.page_example_types import PageExample, World


def _profile(w: World) -> str:
    return f"/staff/young-people/{w.young_person_id}/profile"


def _risk(w: World) -> str:
    return f"/staff/young-people/{w.young_person_id}/risk-rating"


def _record(w: World) -> str:
    return f"/staff/young-people/{w.young_person_id}"


# A whole profile form, as a browser sends it.
_PROFILE = {
    "preferred_name": "Sam",
    "legal_name": "Samuel Testfield",
    "pronouns": "he/him",
    "birth_day": "1",
    "birth_month": "9",
    "birth_year": "2009",
    "preferred_language": "en",
    "needs": "easy_read",
    "communication_notes": "Needs letters in easy read, sent a week before meetings.",
    "review_day": "1",
    "review_month": "6",
    "review_year": "2027",
}

PROFILE_PAGE_EXAMPLES: tuple[PageExample, ...] = (
    PageExample("edit a profile", "staff.edit_profile", _profile, signed_in_as="keyworker"),
    PageExample(
        "edit a profile with nothing recorded yet",
        "staff.edit_profile",
        lambda w: f"/staff/young-people/{w.newcomer_young_person_id}/profile",
        signed_in_as="manager",
    ),
    PageExample(
        "edit a profile, names missing, a date that is not one, a pronoun too long",
        "staff.edit_profile",
        _profile,
        signed_in_as="keyworker",
        submit={
            **_PROFILE,
            "version": "1",
            "preferred_name": "",
            "legal_name": "",
            "pronouns": "p" * 41,
            "birth_day": "31",
            "birth_month": "2",
            "preferred_language": "English",
            "review_year": "2000",
        },
    ),
    PageExample(
        "edit a profile, someone else saved it first",
        "staff.edit_profile",
        _profile,
        signed_in_as="keyworker",
        # Values the demo data holds: the translation check takes them for data.
        submit={**_PROFILE, "version": "0", "communication_notes": "", "pronouns": "they/them"},
    ),
    PageExample(
        "change or review a risk rating",
        "staff.risk_rating",
        _risk,
        signed_in_as="keyworker",
    ),
    PageExample(
        "rate a young person not rated yet",
        "staff.risk_rating",
        lambda w: f"/staff/young-people/{w.newcomer_young_person_id}/risk-rating",
        signed_in_as="manager",
    ),
    PageExample(
        "change a risk rating, no reason",
        "staff.risk_rating",
        _risk,
        signed_in_as="keyworker",
        submit={"expected": "amber", "rating": "red", "reason": ""},
    ),
    PageExample(
        "change a risk rating someone else changed first",
        "staff.risk_rating",
        _risk,
        signed_in_as="keyworker",
        submit={"expected": "red", "rating": "green", "reason": "Settled at home."},
    ),
    PageExample(
        "review a risk rating without change",
        "staff.risk_rating",
        _risk,
        signed_in_as="keyworker",
        submit={"expected": "amber", "rating": "amber", "reason": "Checked with the family."},
        lands_on=_record,
    ),
)
