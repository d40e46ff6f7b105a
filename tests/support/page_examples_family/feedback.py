"""Page examples for the family pages: tell us what you think (feedback).

The thank-you page is reached by sending feedback as the carer (about Amir,
whose record no other example reads), so the shared data the other examples
use stays as it is. The form with help first (a too-long comment that
mentions risk) and the thank-you page with help first are tested in
tests/portal/family/test_feedback.py.
"""

from tests.support.page_example_types import PageExample

TOO_LONG = "1234567890 " * 190

EXAMPLES: tuple[PageExample, ...] = (
    PageExample(
        "tell us what you think", "family.feedback", lambda w: "/tell-us", signed_in_as="family"
    ),
    PageExample(
        "tell us what you think, nothing chosen",
        "family.feedback",
        lambda w: "/tell-us",
        signed_in_as="family",
        submit={},
    ),
    PageExample(
        "tell us what you think, comment too long",
        "family.feedback",
        lambda w: "/tell-us",
        signed_in_as="carer",
        submit={"comment": TOO_LONG},
    ),
    PageExample(
        "tell us what you think about a meeting",
        "family.feedback",
        lambda w: f"/tell-us?meeting={w.past_meeting_id}",
        signed_in_as="family",
    ),
    PageExample(
        "thank you for telling us",
        "family.feedback_thanks",
        lambda w: "/tell-us",
        signed_in_as="carer",
        submit={"answer": "good"},
        lands_on=lambda w: "/tell-us/thank-you",
    ),
)
