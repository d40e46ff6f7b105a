"""Page examples for the family pages: choices."""

from tests.page_example_types import PageExample

EXAMPLES: tuple[PageExample, ...] = ()
