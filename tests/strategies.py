"""Hypothesis strategies shared by the property tests."""

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from hypothesis import strategies as st

from ldn_cli.medtable import default_index
from ldn_cli.models import WEEKDAY_NAMES, TitrationSpec

if TYPE_CHECKING:
    from ldn_cli.adjust import Continuation, Event
    from ldn_cli.models import Plan

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


# --- pain diaries (ldn review) ------------------------------------------------------------------

#: A pain score as a diary holds it: 0–10, a whole number or one decimal.
pain_scores = st.integers(min_value=0, max_value=100).map(lambda tenths: Decimal(tenths) / 10)

#: Text a hostile or careless user might type into any cell.
hostile_texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "6,5",
            "١.٥",
            "１.５",
            "\x1b[2J",
            "\x00",
            '"',
            '"6',
            "9" * 400,
            "0001-01-01",
            "9999-12-31",
            "1234-56-78",
            "NaN",
            "-0",
            "1e308",
            "✓",
            "{",
            "[" * 50,
        ]
    ),
)


@st.composite
def diary_days_and_pains(draw: st.DrawFn, *, first: date, days: int) -> dict[date, Decimal | None]:
    """For each of ``days`` days from ``first``: a pain score, or None (a day not recorded)."""
    return {first + timedelta(days=offset): draw(st.none() | pain_scores) for offset in range(days)}


@st.composite
def diary_texts(draw: st.DrawFn) -> str:
    """A well-formed CSV or JSON Lines diary, days in any order, some days blank or absent."""
    import json

    first = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)))
    pains = draw(diary_days_and_pains(first=first, days=draw(st.integers(1, 30))))
    kept = draw(st.permutations(sorted(pains)))
    if draw(st.booleans()):
        lines = ["date,pain"] + [
            f"{day.isoformat()},{'' if pains[day] is None else pains[day]}" for day in kept
        ]
        return "\n".join(lines) + "\n"
    return "".join(
        json.dumps(
            {"date": day.isoformat(), "pain": None if pains[day] is None else str(pains[day])}
        )
        + "\n"
        for day in kept
    )


@st.composite
def reviewed_diaries(
    draw: st.DrawFn, *, start: date, max_days: int = 120
) -> tuple[dict[date, Decimal | None], date | None]:
    """Pains (or None: not recorded) from 7 days before ``start`` over up to ``max_days`` days,
    at least one recorded on or after the start; and a review date, or None (the last day)."""
    days = draw(st.integers(min_value=8, max_value=max_days))
    pains = draw(diary_days_and_pains(first=start - timedelta(days=7), days=days))
    last = start + timedelta(days=days - 8)
    pains[last] = draw(pain_scores)
    on = draw(st.none() | st.dates(min_value=start, max_value=last + timedelta(days=10)))
    return pains, on


# --- medication lines -------------------------------------------------------------------------

_INDEX = default_index()
#: Every name the opioid table knows, as written there.
known_names = st.sampled_from(sorted({entry.display for entry in _INDEX.exact.values()}))
#: Names that flag something a prescriber must act on (an opioid, an antagonist).
flagging_names = st.sampled_from(
    sorted({entry.display for entry in _INDEX.exact.values() if entry.flags()})
)
#: Words that name no ingredient: strengths, units, forms, salts, sig words.
noise_words = st.sampled_from(
    [
        "5 mg",
        "10mg",
        "0.5 mg",
        "25 mcg/hr",
        "5 mg/5 mL",
        "tablet",
        "ER",
        "SR",
        "capsules",
        "oral",
        "solution",
        "HCl",
        "sulfate",
        "at bedtime",
        "q6h",
        "prn",
        "twice daily",
        "x30",
        "1-2 tabs",
    ]
)
#: Words that the table certainly does not know.
unknown_words = st.text(alphabet="qxzjvkw", min_size=3, max_size=9)


@st.composite
def edited(draw: st.DrawFn, names: st.SearchStrategy[str] = known_names) -> str:
    """A known name with up to two random character edits (insert, delete or replace)."""
    name = draw(names)
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        if not name:
            break
        at = draw(st.integers(min_value=0, max_value=len(name) - 1))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
        if kind == "insert":
            name = name[:at] + letter + name[at:]
        elif kind == "delete":
            name = name[:at] + name[at + 1 :]
        else:
            name = name[:at] + letter + name[at + 1 :]
    return name


@st.composite
def medication_lines(draw: st.DrawFn) -> str:
    """A medication line: known or edited names among noise and unknown words."""
    parts = draw(
        st.lists(
            st.one_of(known_names, edited(), noise_words, unknown_words), min_size=1, max_size=6
        )
    )
    return " ".join(parts)


#: Names whose product holds a contraindicated opioid ("Norco", "Tylenol #3", "kratom").
opioid_names = st.sampled_from(
    sorted(
        {
            entry.display
            for entry in _INDEX.exact.values()
            if any(item.tier == "contraindicated" for item in entry.ingredients)
        }
    )
)
_HARMLESS = sorted(
    {
        (entry.display, len(entry.ingredients), entry.generic)
        for entry in _INDEX.exact.values()
        if all(item.tier == "no-conflict" for item in entry.ingredients)
    }
)
#: Names of harmless products: (name, how many ingredients it has, whether it is generic).
harmless_names = st.sampled_from(_HARMLESS)
#: Decorations that name no ingredient, chosen here by hand (not the matcher's noise list).
safe_decorations = st.lists(
    st.sampled_from(
        [" 500 mg", " 0.5 mg", " tablet", " tablets", " oral", " at bedtime", " twice daily"]
        + [" prn", " 2 tabs", " 10 mL", " capsule", " daily", " by mouth"]
    ),
    max_size=3,
).map("".join)
#: What may hide or name an opioid after a harmless name: brand suffixes, a member's number
#: ("No3", "Nº3", "N°3", "#3"), a plus sign. Each leaves the line unrecognised or flagged.
risky_suffixes = st.sampled_from(
    [" No3", " no4", " Nº3", " N°3", " No. 3", " #3", "+", " Plus", " Forte", " Ultra"]
    + [" Extra", " Extra Strength", " AC", " DAC", " CF", " DM", " Max", " Compound", " Comp"]
    + [" Co", " Retard", " Express", " PE", " Mite", " Duo", " zorblax"]
)


@st.composite
def second_strengths(draw: st.DrawFn, ingredients: int) -> str:
    """More strengths written together than a name has ingredients ("500/30", "500mg/30mg")."""
    numbers = draw(
        st.lists(
            st.sampled_from(["500", "30", "12.8", "8", "325", "200", "37,5", "65"]),
            min_size=ingredients + 1,
            max_size=ingredients + 2,
        )
    )
    unit = draw(st.sampled_from(["", "mg", " mg"]))
    joiner = draw(st.sampled_from(["/", "-", " / "]))
    return " " + joiner.join(f"{number}{unit}" for number in numbers)


def vocabulary() -> frozenset[str]:
    """Every word of every known name."""
    return frozenset(word for words in _INDEX.exact for word in words)


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


# --- adjustments -------------------------------------------------------------------------------

#: Opioid names for ``--opioid``: a 14-day one, a common one, a non-opioid, an unknown word.
course_opioids = st.sampled_from([None, "methadone", "buprenorphine", "oxycodone", "zqxjv"])


@st.composite
def made_up_plans(draw: st.DrawFn) -> "Plan":
    """A generated plan, sometimes made up as a liquid or as capsules (when they make it)."""
    from ldn_cli.compounding import (
        NotMakeable,
        NotMeasurable,
        compound,
        parse_concentration,
        parse_strengths,
        with_preparation,
    )
    from ldn_cli.schedule import build_plan

    spec = draw(specs())
    if draw(st.booleans()):  # a plan placed by other visit rules records them
        spec = spec.model_copy(
            update={
                "visit_slack": draw(st.integers(min_value=1, max_value=15)),
                "clinic_days": draw(clinic_days),
            }
        )
    plan = build_plan(spec)
    form = draw(st.sampled_from([None, "1mg/mL", "5mg/mL", "0.5,1", "0.1,0.5,1"]))
    if form is None:
        return plan
    formulation = parse_concentration(form) if "mg" in form else parse_strengths(form)
    try:
        return with_preparation(plan, compound(plan, formulation))
    except (NotMakeable, NotMeasurable):
        return plan


@st.composite
def adjustment_cases(draw: st.DrawFn) -> tuple["Plan", "Event", date, "Continuation"]:
    """Any plan, any event on any day of it, and any continuation (or none)."""
    from datetime import timedelta

    from ldn_cli.adjust import (
        Continuation,
        MissedDays,
        OpioidInterruption,
        SideEffects,
        Slower,
        SwitchToMorning,
    )

    plan = draw(made_up_plans())
    on = plan.start + timedelta(days=draw(st.integers(0, (plan.end - plan.start).days + 30)))
    kind = draw(st.sampled_from(["side", "missed", "surgery", "course", "morning"]))
    event: Event
    if kind == "side":
        event = SideEffects(
            draw(st.sampled_from(["hold", "step-back", "halve", "to"])),
            dose_mg=draw(doses),
            hold_days=draw(st.none() | st.integers(1, 30)),
            slower=Slower(draw(st.sampled_from(["interval", "step"])), draw(st.integers(2, 4))),
        )
    elif kind == "missed":
        event = MissedDays(draw(st.integers(1, 60)), short_gap_days=draw(st.integers(1, 28)))
    elif kind in ("surgery", "course"):
        first = on + timedelta(days=draw(st.integers(-3, 40)))
        event = OpioidInterruption(
            "surgery" if kind == "surgery" else "opioid-course",
            first,
            first + timedelta(days=draw(st.integers(0, 20))),
            hold_hours=draw(st.integers(24, 72)),
            opioid_free_days=draw(st.integers(7, 14)),
            opioid=draw(course_opioids),
        )
    else:
        event = SwitchToMorning()
    continuation = Continuation(
        step_mg=draw(st.none() | steps),
        every_days=draw(st.none() | st.integers(1, 84)),
        target_mg=draw(st.none() | doses),
    )
    return plan, event, on, continuation


# --- crafted plan files ------------------------------------------------------------------------

#: Values a crafted plan file may hold where a plan has something else.
hostile_values = (
    st.sampled_from(
        [
            None,
            "",
            -1,
            0,
            10**30,
            "1.5",
            "1.50",
            "١.٥",
            "nan",
            "9999-12-31",
            "0001-01-01",
            "2026-13-01",
            "2026-02-29",
            "20261201",
            [],
            {},
            True,
            1e308,
            0.30000000000000004,
            [[[[[]]]]],
            "\x1b[2J",
            "aqueous",
            "missed",
            "capsules",
        ]
    )
    | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat)
    | st.integers(-5, 500)
)


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every path into a JSON value (bounded: plans are small)."""
    found: list[tuple[object, ...]] = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            found += _paths(item, (*prefix, position))
    return found


@st.composite
def crafted_plan_texts(draw: st.DrawFn) -> str:
    """A plan file as ``ldn plan --format json`` writes it, then edited by hand: values
    replaced with hostile ones, keys dropped, list items repeated or swapped."""
    import json

    from ldn_cli.render.json import jsonable

    data = jsonable(draw(made_up_plans()))
    for _ in range(draw(st.integers(1, 4))):
        paths = [path for path in _paths(data) if path]
        path = draw(st.sampled_from(paths))
        parent: object = data
        for key in path[:-1]:
            parent = parent[key]  # type: ignore[index]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "drop", "repeat", "swap"]))
        if action == "replace":
            parent[last] = draw(hostile_values)  # type: ignore[index]
        elif action == "drop":
            del parent[last]  # type: ignore[attr-defined]
        elif isinstance(parent, list) and action == "repeat":
            parent.insert(int(last), parent[int(last)])  # type: ignore[call-overload]
        elif isinstance(parent, list):
            other = draw(st.integers(0, len(parent) - 1))
            parent[int(last)], parent[other] = parent[other], parent[int(last)]  # type: ignore[call-overload]
    return json.dumps(data)
