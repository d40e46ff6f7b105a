"""The examples of the collated feedback page, for each role's scopes, with
the comment filters, and with a date that is not real. The demo families'
feedback is the data."""

from __future__ import annotations

from tests.support.page_example_types import PageExample

EXAMPLES: tuple[PageExample, ...] = (
    PageExample(
        "feedback, my caseload",
        "staff.feedback",
        lambda w: "/staff/feedback",
        signed_in_as="keyworker",
    ),
    PageExample(
        "feedback, the team",
        "staff.feedback",
        lambda w: "/staff/feedback",
        signed_in_as="manager",
    ),
    PageExample(
        "feedback, comments filtered, no matches",
        "staff.feedback",
        lambda w: "/staff/feedback?scope=team&answer=very_poor&unread=1&flagged=1&channel=phone",
        signed_in_as="manager",
    ),
    PageExample(
        "feedback, the service (figures only)",
        "staff.feedback",
        lambda w: "/staff/feedback",
        signed_in_as="admin",
    ),
    PageExample(
        "feedback, date not real",
        "staff.feedback",
        lambda w: "/staff/feedback?from=2026-02-31&to=nonsense",
        signed_in_as="keyworker",
    ),
)
