"""Page examples for the family pages: home."""

from tests.page_example_types import PageExample

EXAMPLES: tuple[PageExample, ...] = ()
