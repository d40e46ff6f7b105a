"""Page examples for the family pages: choices.

The check step (step 2 of changing a choice) is what the change step answers
when its form is sent, so its examples submit the change step."""

from tests.support.page_example_types import PageExample

SCHOOL = "/my-choices/share_school"
WHO_SEES = "/my-choices/family_sees_portal"

EXAMPLES: tuple[PageExample, ...] = (
    PageExample("my choices", "family.choices", lambda w: "/my-choices", signed_in_as="family"),
    PageExample(
        "my choices, by a family member",
        "family.choices",
        lambda w: "/my-choices",
        signed_in_as="family_member",
    ),
    PageExample(
        "my choices, nothing chosen yet",
        "family.choices",
        lambda w: "/my-choices",
        signed_in_as="family_empty",
    ),
    PageExample(
        "my choices, by a carer", "family.choices", lambda w: "/my-choices", signed_in_as="carer"
    ),
    PageExample("a choice I may change", "family.choice", lambda w: SCHOOL, signed_in_as="family"),
    PageExample(
        "a choice I may not change",
        "family.choice",
        lambda w: SCHOOL,
        signed_in_as="family_member",
    ),
    PageExample(
        "a choice about who sees my portal, a line for each person",
        "family.choice",
        lambda w: WHO_SEES,
        signed_in_as="family",
    ),
    PageExample(
        "a choice about who sees the portal, by a family member",
        "family.choice",
        lambda w: WHO_SEES,
        signed_in_as="family_member",
    ),
    PageExample(
        "a choice, under 16, nothing chosen yet",
        "family.choice",
        lambda w: WHO_SEES,
        signed_in_as="family_empty",
    ),
    PageExample(
        "an unknown choice",
        "family.choice",
        lambda w: "/my-choices/no-such-choice",
        signed_in_as="family",
        expected_status=404,
    ),
    PageExample(
        "change a choice",
        "family.choice_change",
        lambda w: f"{SCHOOL}/change",
        signed_in_as="family",
    ),
    PageExample(
        "change a choice, nothing chosen",
        "family.choice_change",
        lambda w: f"{SCHOOL}/change",
        signed_in_as="family",
        submit={},
    ),
    PageExample(
        "change a choice about who sees my portal",
        "family.choice_change",
        lambda w: f"{WHO_SEES}/change",
        signed_in_as="family",
    ),
    PageExample(
        "change a choice about who sees my portal, nothing chosen",
        "family.choice_change",
        lambda w: f"{WHO_SEES}/change",
        signed_in_as="family",
        submit={},
    ),
    PageExample(
        "check a choice",
        "family.choice_check",
        lambda w: f"{SCHOOL}/change",
        signed_in_as="family",
        submit={"choice": "yes"},
    ),
    PageExample(
        "check a choice that is already my choice",
        "family.choice_check",
        lambda w: f"{SCHOOL}/change",
        signed_in_as="family",
        submit={"choice": "no"},
    ),
    PageExample(
        "check a choice, no to being on the register",
        "family.choice_check",
        lambda w: "/my-choices/register/change",
        signed_in_as="family",
        submit={"choice": "no"},
    ),
    # The demo data has Sam's own "no" to sharing with school, made on the portal.
    PageExample(
        "choice saved", "family.choice_done", lambda w: f"{SCHOOL}/done", signed_in_as="family"
    ),
    PageExample(
        "ask to change a choice",
        "family.choice_ask",
        lambda w: f"{SCHOOL}/ask",
        signed_in_as="family_member",
    ),
    PageExample(
        "ask to change a choice, message too long",
        "family.choice_ask",
        lambda w: f"{SCHOOL}/ask",
        signed_in_as="family_member",
        submit={"message": "I would like to talk about this. " * 40},
    ),
)
