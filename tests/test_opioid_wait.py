"""The opioid-free wait: N whole days without an opioid, then the first LDN dose."""

from datetime import date

import pytest

from ldn_cli.opioid_wait import first_ldn_day


@pytest.mark.parametrize(
    ("last_opioid", "days", "first_ldn"),
    [
        (date(2026, 12, 5), 7, date(2026, 12, 13)),  # opioid-free 6 to 12 December
        (date(2026, 12, 5), 10, date(2026, 12, 16)),  # 6 to 15 December
        (date(2027, 1, 5), 7, date(2027, 1, 13)),  # the audit's adjust example
        (date(2026, 12, 31), 14, date(2027, 1, 15)),  # methadone or buprenorphine
    ],
)
def test_opioid_free_days_are_whole_days_between_the_last_opioid_and_the_first_ldn_dose(
    last_opioid: date, days: int, first_ldn: date
) -> None:
    assert first_ldn_day(last_opioid, days) == first_ldn
