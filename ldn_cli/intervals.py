"""Date windows asked two questions: does a window lie inside a range, is a range covered?

Sorted once, then each question is a binary search, so checking every change of a plan against
every visit (or every gap against every hold) stays O(n log n) however large the plan file.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, timedelta


class Windows:
    """Inclusive date windows ``(first, last)``; windows that end before they start are ignored."""

    def __init__(self, windows: Iterable[tuple[date, date]]) -> None:
        ordered = sorted((first, last) for first, last in windows if first <= last)
        self._firsts = [first for first, _ in ordered]
        self._spans: list[tuple[date, date]] = []  # overlapping or adjacent windows joined
        for first, last in ordered:
            if self._spans and first <= self._spans[-1][1] + timedelta(days=1):
                self._spans[-1] = (self._spans[-1][0], max(last, self._spans[-1][1]))
            else:
                self._spans.append((first, last))
        self._span_firsts = [first for first, _ in self._spans]
        # the earliest end among the windows from each position on (for "lies inside")
        self._least_last: list[date] = [last for _, last in ordered]
        for position in range(len(self._least_last) - 2, -1, -1):
            self._least_last[position] = min(
                self._least_last[position], self._least_last[position + 1]
            )

    def inside(self, low: date, high: date) -> bool:
        """True when some window lies wholly inside ``low..high`` (every day of it)."""
        position = bisect_left(self._firsts, low)
        return position < len(self._least_last) and self._least_last[position] <= high

    def covers(self, first: date, last: date) -> bool:
        """True when the windows, joined, cover every day of ``first..last``."""
        position = bisect_right(self._span_firsts, first) - 1
        return position >= 0 and self._spans[position][1] >= last
