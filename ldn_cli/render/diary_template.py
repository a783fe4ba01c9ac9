"""The blank diary of a plan as CSV (``ldn review --template``): the patient fills it in and
``ldn review --diary`` reads it back.

One row per day from the 7 baseline days before the start to the plan's last day, with the
date and the planned dose (``none`` before the start and on days without LDN) filled in.
"""

from collections.abc import Sequence

from ldn_cli.diary import COLUMNS, DiaryDay


def render_csv(days: Sequence[DiaryDay]) -> str:
    """The diary rows as CSV with a header; every cell but the date and dose is empty."""
    blanks = "," * (len(COLUMNS) - 2)
    lines = [",".join(COLUMNS)]
    lines += [f"{day.day.isoformat()},{day.dose_text}{blanks}" for day in days]
    return "\r\n".join(lines) + "\r\n"
