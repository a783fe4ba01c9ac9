"""The opioid-free wait: N calendar days after the day of the last opioid dose; LDN may be
taken on the last of them (the issue's own example: a last dose on 5 December, 10 days, a start
on 15 December is clean)."""

from datetime import date

import pytest

from ldn_cli.opioid_wait import first_ldn_day


@pytest.mark.parametrize(
    ("last_opioid", "days", "first_ldn"),
    [
        (date(2026, 12, 5), 7, date(2026, 12, 12)),  # opioid-free 6 to 12 December
        (date(2026, 12, 5), 10, date(2026, 12, 15)),  # 6 to 15 December
        (date(2027, 1, 5), 7, date(2027, 1, 12)),  # the audit's adjust example
        (date(2026, 12, 31), 14, date(2027, 1, 14)),  # methadone or buprenorphine
    ],
)
def test_ldn_may_start_on_the_nth_opioid_free_day_after_the_last_opioid_dose(
    last_opioid: date, days: int, first_ldn: date
) -> None:
    assert first_ldn_day(last_opioid, days) == first_ldn
