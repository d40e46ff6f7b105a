"""Comparing how long two kinds of request take, for tests that check a page
gives nothing away by its timing. Requests are sent in pairs, one of each
kind in a random order, so a slow moment on a busy machine slows both."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PairedTimings:
    """Seconds taken by each request of `pairs` pairs, one of each kind."""

    first: Sequence[float]
    second: Sequence[float]

    @property
    def median_difference(self) -> float:
        """The median of (first - second) over the pairs: how much slower the
        first kind usually is. Robust to the outliers a loaded machine makes."""
        return statistics.median(a - b for a, b in zip(self.first, self.second, strict=True))

    @property
    def first_slower(self) -> float:
        """The share of pairs in which the first kind took longer: about a
        half when there is no difference."""
        slower = sum(a > b for a, b in zip(self.first, self.second, strict=True))
        return slower / len(self.first)

    @property
    def second_median(self) -> float:
        return statistics.median(self.second)

    def describe(self) -> str:
        return (
            f"medians {statistics.median(self.first) * 1000:.2f} ms and "
            f"{self.second_median * 1000:.2f} ms; paired difference "
            f"{self.median_difference * 1000:.2f} ms; first slower in "
            f"{self.first_slower:.0%} of {len(self.first)} pairs"
        )
