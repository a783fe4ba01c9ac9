"""Date windows answer 'does a window lie inside this range?' and 'is it covered?' as a
brute-force scan would, in logarithmic time."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ldn_cli.intervals import Windows

days = st.integers(0, 60).map(lambda n: date(2026, 12, 1) + timedelta(days=n))
windows = st.lists(st.tuples(days, days), max_size=8)


@given(windows, days, days)
def test_covers_answers_as_a_day_by_day_scan(
    spans: list[tuple[date, date]], a: date, b: date
) -> None:
    low, high = min(a, b), max(a, b)
    covered = {
        first + timedelta(days=n)
        for first, last in spans
        if first <= last
        for n in range((last - first).days + 1)
    }
    expected = all(low + timedelta(days=n) in covered for n in range((high - low).days + 1))
    assert Windows(spans).covers(low, high) == expected


@given(windows, days, days)
def test_inside_answers_as_a_scan_of_every_window(
    spans: list[tuple[date, date]], a: date, b: date
) -> None:
    low, high = min(a, b), max(a, b)
    expected = any(low <= first <= last <= high for first, last in spans)
    assert Windows(spans).inside(low, high) == expected
