"""Bar charts drawn on the server as inline SVG: no script, no third-party
chart service. The caller gives the rows (label, count); this works out the
geometry and the template (`components/charts.html`) draws it, so every
label passes through Jinja's escaping.

A chart never stands alone: the page gives the same figures in a table
right after it, and a one-sentence summary; the SVG is an image
(`role="img"`) named by its title and that summary. Each bar has its count
written beside it, so nothing is shown by colour or length alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# The drawing's own units: one unit is one pixel on a 320 pixel wide phone,
# and the SVG scales with the page up to its largest width (in the CSS).
WIDTH = 320
# Each row is the label on its own line, then the bar and its count.
ROW_HEIGHT = 46
LABEL_BASELINE = 15
BAR_TOP = 20
BAR_HEIGHT = 18
VALUE_SPACE = 48


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int

    @property
    def label_y(self) -> int:
        return self.y + LABEL_BASELINE

    @property
    def bar_y(self) -> int:
        return self.y + BAR_TOP


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    height: int
    bar_height: int = BAR_HEIGHT

    @property
    def empty(self) -> bool:
        return all(bar.value == 0 for bar in self.bars)

    @property
    def width(self) -> int:
        return WIDTH

    def value_x(self, bar: Bar) -> int:
        return bar.width + 6

    def value_y(self, bar: Bar) -> int:
        return bar.bar_y + BAR_HEIGHT - 4


def bar_chart(rows: Sequence[tuple[str, int]]) -> BarChart:
    """One horizontal bar for each (label, count), the longest for the
    largest count; all zeros draw no bars."""
    largest = max((count for _, count in rows), default=0)
    plot = WIDTH - VALUE_SPACE
    bars = tuple(
        Bar(
            label=label,
            value=count,
            y=index * ROW_HEIGHT,
            width=round(plot * count / largest) if largest else 0,
        )
        for index, (label, count) in enumerate(rows)
    )
    return BarChart(bars=bars, height=max(len(bars), 1) * ROW_HEIGHT + 4)
