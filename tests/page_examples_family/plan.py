"""Page examples for the family pages: plan."""

from tests.page_example_types import PageExample

EXAMPLES: tuple[PageExample, ...] = ()
