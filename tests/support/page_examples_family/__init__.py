"""The family pages' examples, one module for each area of the family pages."""

from tests.support.page_example_types import PageExample
from tests.support.page_examples_family import (
    choices,
    feedback,
    help_pages,
    home,
    meeting_views,
    meetings,
    plan,
)

FAMILY_PAGE_EXAMPLES: tuple[PageExample, ...] = (
    home.EXAMPLES
    + plan.EXAMPLES
    + meetings.EXAMPLES
    + meeting_views.EXAMPLES
    + choices.EXAMPLES
    + help_pages.EXAMPLES
    + feedback.EXAMPLES
)
