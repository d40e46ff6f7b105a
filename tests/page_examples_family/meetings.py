"""Page examples for the family pages: meetings."""

from tests.page_example_types import PageExample

EXAMPLES: tuple[PageExample, ...] = ()
