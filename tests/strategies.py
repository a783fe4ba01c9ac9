"""Hypothesis strategies shared by the property tests."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from ldn_cli.models import WEEKDAY_NAMES, TitrationSpec

#: Doses on the 0.01 mg grid inside 0.1–4.5 mg.
doses = st.integers(min_value=10, max_value=450).map(lambda hundredths: Decimal(hundredths) / 100)
steps = st.integers(min_value=1, max_value=440).map(lambda hundredths: Decimal(hundredths) / 100)
start_dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
dose_times = st.one_of(
    st.sampled_from(["bedtime", "morning"]),
    st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59)),
)


@st.composite
def follow_up_windows(draw: st.DrawFn) -> tuple[int, int]:
    """A follow-up window inside 14–28 days."""
    low = draw(st.integers(min_value=14, max_value=28))
    return low, draw(st.integers(min_value=low, max_value=28))


@st.composite
def specs(draw: st.DrawFn) -> TitrationSpec:
    """Any valid titration spec."""
    start_mg, target_mg = sorted((draw(doses), draw(doses)))
    low, high = draw(follow_up_windows())
    return TitrationSpec(
        start=draw(start_dates),
        start_mg=start_mg,
        step_mg=draw(steps),
        every_days=draw(st.integers(min_value=1, max_value=84)),
        target_mg=target_mg,
        dose_time=draw(dose_times),
        follow_up_min_days=low,
        follow_up_max_days=high,
        maintain_days=draw(st.none() | st.integers(min_value=1, max_value=800)),
        individualized=True,
    )


def spec_of(**changes: object) -> TitrationSpec:
    """The standard spec from 2026-12-01 (1.5 mg, +1.5 mg every 14 days, to 4.5 mg), changed."""
    values: dict[str, object] = {
        "start": date(2026, 12, 1),
        "start_mg": Decimal("1.5"),
        "step_mg": Decimal("1.5"),
        "every_days": 14,
        "target_mg": Decimal("4.5"),
    }
    values.update(changes)
    return TitrationSpec.model_validate(values)


clinic_days = st.sets(st.sampled_from(WEEKDAY_NAMES), min_size=1).map(
    lambda days: tuple(name for name in WEEKDAY_NAMES if name in days)
)


@st.composite
def small_specs(draw: st.DrawFn, max_steps: int = 6) -> TitrationSpec:
    """A valid spec of at most ``max_steps`` steps, with any visit slack and clinic days."""
    steps_count = draw(st.integers(min_value=1, max_value=max_steps))
    start_mg = draw(st.integers(min_value=10, max_value=450).map(lambda n: Decimal(n) / 100))
    if steps_count == 1:
        step_mg, target_mg = draw(steps), start_mg
    else:
        most = int((Decimal("4.5") - start_mg) * 100) // (steps_count - 1)
        if most < 1:
            step_mg, target_mg = draw(steps), start_mg
        else:
            step_mg = Decimal(draw(st.integers(min_value=1, max_value=most))) / 100
            target_mg = start_mg + step_mg * (steps_count - 1)
    low, high = draw(follow_up_windows())
    return TitrationSpec(
        start=draw(start_dates),
        start_mg=start_mg,
        step_mg=step_mg,
        every_days=draw(st.integers(min_value=1, max_value=30)),
        target_mg=target_mg,
        follow_up_min_days=low,
        follow_up_max_days=high,
        visit_slack=draw(st.integers(min_value=1, max_value=15)),
        clinic_days=draw(clinic_days),
        individualized=True,
    )


@st.composite
def irregular_courses(draw: st.DrawFn, max_steps: int = 6) -> tuple[list[date], list[Decimal]]:
    """Step starts and doses of a course that went up and down (as adjusted plans do)."""
    count = draw(st.integers(min_value=1, max_value=max_steps))
    gaps = draw(st.lists(st.integers(min_value=1, max_value=20), min_size=count, max_size=count))
    first = draw(start_dates)
    starts = [first + timedelta(days=sum(gaps[:k])) for k in range(count)]
    return starts, draw(st.lists(doses, min_size=count, max_size=count))
