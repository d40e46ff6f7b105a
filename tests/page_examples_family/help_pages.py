"""Page examples for the family pages: help_pages."""

from tests.page_example_types import PageExample

EXAMPLES: tuple[PageExample, ...] = ()
