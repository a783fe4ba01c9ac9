"""TitrationSpec -> Plan: dose steps and follow-up checkpoints. Pure: no clock, no I/O.

Models are built with ``model_construct``: every value here is computed from a checked spec,
so validating it again would only cost start-up time (the tests validate every generated
plan against the models, so a construction bug cannot hide).

Step k (k = 0, 1, ...) starts on ``start + k * every_days`` at ``min(start_mg + k * step_mg,
target_mg)``; the first step that reaches the target is the last (maintenance). Every step
start is a change that needs a follow-up 14–28 days later (``seed-follow-up``); visits are
placed so that as few as possible cover every change.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from ldn_cli.dose import format_mg
from ldn_cli.errors import InvalidSpec
from ldn_cli.models import (
    DEFAULT_VISIT_SLACK_DAYS,
    FOLLOW_UP_MAX_DAYS,
    FOLLOW_UP_MIN_DAYS,
    WEEKDAY_NAMES,
    CalendarSlots,
    Checkpoint,
    Hold,
    OpioidStop,
    Plan,
    PlanVisitRules,
    PlanWarning,
    Precaution,
    ProtocolRef,
    Step,
    TitrationSpec,
    dose_time_phrase,
)
from ldn_cli.timeparse import EARLIEST_DATE, LATEST_DATE

PRECAUTIONS: tuple[Precaution, ...] = (
    Precaution.model_construct(
        code="opioid-block",
        text=(
            "LDN blocks opioid pain relief: do not take it with any opioid medicine, and plan "
            "ahead before surgery or any procedure that may need opioids."
        ),
        source="seed-precautions",
    ),
    Precaution.model_construct(
        code="opioid-sensitivity",
        text="After LDN is stopped, sensitivity to opioids may be increased.",
        source="seed-precautions",
    ),
    Precaution.model_construct(
        code="carry-identification",
        text="Carry identification saying you take LDN, to alert medical staff in an emergency.",
        source="seed-precautions",
    ),
    Precaution.model_construct(
        code="not-first-line",
        text=(
            "Off-label and not first line: consider after an inadequate response to first-line "
            "treatments; evidence from large trials is limited."
        ),
        source="seed-position",
    ),
)

#: The cut-out card a patient carries (seed: carry identification indicating LDN use).
WALLET_CARD = Precaution.model_construct(
    code="wallet-card",
    text=(
        "I take low dose naltrexone (LDN). Opioid pain medicines may not work for me, and I "
        "may be more sensitive to opioids after stopping LDN. Please tell my prescriber "
        "before giving me opioids or planning surgery."
    ),
    source="seed-precautions",
)

MORNING_CAVEAT = Precaution.model_construct(
    code="morning-dosing",
    text=(
        "Morning dosing is an option when sleep is disturbed (vivid dreams, insomnia); "
        "unconfirmed: no trial supports it."
    ),
    source="morning-dosing",
)

# --- the patient's voice: the same sourced facts in plain words (handout and calendar) -------

#: The precautions in the patient's words, keyed by the code of the clinician precaution they
#: restate; a code missing here (``not-first-line``) is for the prescriber only.
PATIENT_PRECAUTIONS: dict[str, tuple[Precaution, ...]] = {
    "opioid-block": (
        Precaution.model_construct(
            code="opioid-block",
            text=(
                "LDN stops opioid pain medicines (such as codeine, tramadol, morphine or "
                "oxycodone) from working. Do not take any opioid medicine while you take LDN."
            ),
            source="seed-precautions",
        ),
        Precaution.model_construct(
            code="opioid-cough-cold",
            text=(
                "Some cough, cold and diarrhoea medicines contain an opioid too: ask your "
                "pharmacist before you buy one."
            ),
            source="naltrexone-label",
        ),
        Precaution.model_construct(
            code="surgery",
            text=(
                "If you need surgery or a procedure, tell your prescriber and the team early: "
                "LDN is stopped 2 to 3 days before anything that may need opioid pain relief."
            ),
            source="surgery-hold",
        ),
    ),
    "opioid-sensitivity": (
        Precaution.model_construct(
            code="opioid-sensitivity",
            text=(
                "If you stop taking LDN, opioid medicines may affect you more strongly than before."
            ),
            source="seed-precautions",
        ),
    ),
    "carry-identification": (
        Precaution.model_construct(
            code="carry-identification",
            text=(
                "Carry a card saying that you take LDN (cut out the one on your handout), so "
                "that medical staff know in an emergency."
            ),
            source="seed-precautions",
        ),
    ),
    "morning-dosing": (
        Precaution.model_construct(
            code="morning-dosing",
            text=(
                "You take LDN in the morning. Some clinics suggest this when LDN disturbs sleep "
                "(vivid dreams, trouble sleeping); no trial has tested it."
            ),
            source="morning-dosing",
        ),
    ),
}

#: Side effects in the patient's words (``seed-side-effects``: headache, tachycardia, vivid
#: dreams) and what to do when one lasts (``ldnrt-side-effects``).
PATIENT_SIDE_EFFECTS: tuple[Precaution, ...] = (
    Precaution.model_construct(
        code="side-effects",
        text="Common side effects are headache, a fast heartbeat and vivid dreams.",
        source="seed-side-effects",
    ),
    Precaution.model_construct(
        code="side-effects-call",
        text=(
            "If a side effect does not settle within a few days, call your prescriber: they "
            "may lower your dose for a while and then raise it more slowly."
        ),
        source="ldnrt-side-effects",
    ),
)

#: What every follow-up visit is for, in the patient's words (the clinician's ``assess``).
PATIENT_VISIT_TOPICS: tuple[Precaution, ...] = (
    Precaution.model_construct(
        code="visit-pain",
        text=(
            "how your pain has changed since you started: LDN aims to ease it by about a third "
            "to a half, and often does not take it away completely"
        ),
        source="seed-goal",
    ),
    Precaution.model_construct(
        code="visit-side-effects", text="any side effects", source="seed-side-effects"
    ),
    Precaution.model_construct(
        code="visit-opioids",
        text="any new opioid medicine, and any surgery or procedure being planned",
        source="seed-precautions",
    ),
)

#: Why visits have windows, in the patient's words (``seed-follow-up``: 2–4 weeks after a change).
#: Each visit then names the change it looks at (``PATIENT_VISIT_LOOKS_AT``), so that a visit
#: that opens the day after an increase is seen to follow an earlier change.
PATIENT_VISIT_TIMING = Precaution.model_construct(
    code="visit-timing",
    text=(
        "Each visit falls 2 to 4 weeks after the dose change named with it, so book it for a "
        "day inside its dates; the suggested day is the first clinic day."
    ),
    source="seed-follow-up",
)
#: Template: the changes a visit follows, e.g. "1.5 mg on Tue 1 Dec 2026" (``seed-follow-up``).
PATIENT_VISIT_FOLLOWS = Precaution.model_construct(
    code="visit-follows",
    text="It comes 2 to 4 weeks after you started {changes}.",
    source="seed-follow-up",
)
#: A visit whose window holds no clinic day (a scheduling fact, not a clinical one).
PATIENT_NO_CLINIC_DAY = Precaution.model_construct(
    code="visit-no-clinic-day",
    text=(
        "The clinic is not open on any of these dates: call the clinic to agree a day for "
        "this visit."
    ),
    source="seed-follow-up",
)

#: Templates for what a visit decides, filled in by the renderer with its own date format
#: (``seed-follow-up``: each visit evaluates efficacy and side effects).
PATIENT_DECIDES_INCREASE = Precaution.model_construct(
    code="visit-decides-increase",
    text="You decide together whether you go up to {dose} on {day}.",
    source="seed-follow-up",
)
PATIENT_DECIDES_MAINTENANCE = Precaution.model_construct(
    code="visit-decides-maintenance",
    text="You decide together whether you stay on {dose}.",
    source="seed-follow-up",
)
#: After the last step: keep the maintenance dose until it is reviewed (the plan's last step
#: runs until its review; its dose is the protocol's target).
PATIENT_KEEP_TAKING = Precaution.model_construct(
    code="keep-taking",
    text="Keep taking {dose} {when} every day until your prescriber reviews it.",
    source="seed-follow-up",
)
#: A plan with a blocking warning, in the patient's words; each reason is a warning's message.
PATIENT_DO_NOT_START = "Do not start LDN as planned."
PATIENT_DO_NOT_START_WHY = (
    "Your prescriber's check found a problem that has to be sorted out first. Talk to your "
    "prescriber before you take any LDN."
)

#: Why a blocked plan must not start, in the patient's words, by the code of its blocking
#: warning (ldn_cli/interactions.py). ``{input}`` is the medicine as the prescriber wrote it,
#: ``{matched}`` the opioid found in it. The clinician's wording stays in the clinician outputs.
PATIENT_BLOCK_REASONS: dict[str, Precaution] = {
    "opioid-contraindicated": Precaution.model_construct(
        code="opioid-contraindicated",
        text=(
            "{input} contains an opioid ({matched}). LDN blocks opioids, so it must not be "
            "started while you take this medicine, nor too soon after you stop it."
        ),
        source="naltrexone-label",
    ),
    "possible-opioid-contraindicated": Precaution.model_construct(
        code="possible-opioid-contraindicated",
        text=(
            "{input} may contain an opioid: its name is close to one that does ({matched}). "
            "Your prescriber or pharmacist has to check it before you start LDN."
        ),
        source="naltrexone-label",
    ),
    "opioid-washout": Precaution.model_construct(
        code="opioid-washout",
        text=(
            "The planned start is too soon after your last opioid dose: LDN can only start "
            "after some days with no opioid at all. Ask your prescriber for a new start date."
        ),
        source="naltrexone-label",
    ),
    "opioid-washout-not-computed": Precaution.model_construct(
        code="opioid-washout-not-computed",
        text=(
            "A long-acting opioid injection or implant goes on releasing its medicine for weeks "
            "or months, so no start date can be worked out from its date. Your prescriber has "
            "to plan when LDN can start."
        ),
        source="long-acting-opioids",
    ),
    "measuring-error": Precaution.model_construct(
        code="measuring-error",
        text=(
            "Some doses of this liquid cannot be measured accurately enough with the syringes "
            "available. Your prescriber or pharmacist has to change the liquid or the doses "
            "before you start."
        ),
        source="iso-7886-1",
    ),
}
#: Any other blocking finding, in the patient's words.
PATIENT_BLOCK_OTHER = Precaution.model_construct(
    code="blocked",
    text="Your prescriber's check found a medicine or a date that has to be looked at again.",
    source="naltrexone-label",
)

#: The opioids a plan rests on stopping (``--last-opioid-dose``), in the patient's words.
#: ``{opioids}`` is the list as the prescriber wrote it, or "any opioid medicine".
PATIENT_OPIOID_STOP = Precaution.model_construct(
    code="opioid-stop",
    text=(
        "Your LDN plan depends on this: do not take {opioids} after {day}. LDN blocks "
        "opioids, and there must be some days with no opioid at all before you start it. If "
        "you still need {them} after that day, do not start LDN: call your prescriber."
    ),
    source="naltrexone-label",
)
#: The restart after surgery or an opioid course: only once fully off opioids
#: (``ldnrt-restart``); ``{day}`` is the last day the plan allows an opioid on.
PATIENT_RESTART = Precaution.model_construct(
    code="restart",
    text=(
        "Start LDN again only if you are fully off opioid medicines and have taken none "
        "after {day}. If you still need opioid pain relief, do not restart: call your "
        "prescriber."
    ),
    source="ldnrt-restart",
)
#: The first day of a hold: the day to stop (``surgery-hold``).
PATIENT_HOLD_STOP = Precaution.model_construct(
    code="hold-stop", text="Take no LDN from today until {restart}.", source="surgery-hold"
)


def patient_precautions(plan: Plan) -> list[Precaution]:
    """The plan's precautions in the patient's words, then the side effects, in order.

    A blocked plan keeps only what the patient needs before any start: how LDN and opioids
    meet (no identification card, no side effects of a dose not taken).
    """
    if plan.is_blocked():
        return [item for item in PATIENT_PRECAUTIONS["opioid-block"] if item.code != "surgery"]
    spoken = [
        item
        for precaution in plan.precautions
        for item in PATIENT_PRECAUTIONS.get(precaution.code, ())
    ]
    return [*spoken, *PATIENT_SIDE_EFFECTS]


def blocking_reasons(plan: Plan) -> list[str]:
    """Why a blocked plan must not start as planned, in the clinician's wording: each blocking
    warning with its severity, its input and its source key."""
    return [
        f"{warning.severity}: "
        + (f"{warning.input}: " if warning.input else "")
        + f"{warning.message} [{warning.source}]"
        for warning in plan.blocking_warnings()
    ]


def patient_blocking_reasons(plan: Plan) -> list[str]:
    """Why a blocked plan must not start, in the patient's words (each reason once)."""
    reasons = []
    for warning in plan.blocking_warnings():
        template = PATIENT_BLOCK_REASONS.get(warning.code)
        if template is None or ("{input}" in template.text and not warning.input):
            other = PATIENT_BLOCK_OTHER.text
            reasons.append(f"{warning.input}: {other}" if warning.input else other)
            continue
        reasons.append(
            template.text.format(input=warning.input, matched=warning.matched or "an opioid")
        )
    return list(dict.fromkeys(reasons))


def opioid_stop_text(plan: Plan, day: str) -> str | None:
    """What the patient must not take after the last opioid dose (``day`` in words)."""
    stop = plan.opioid_stop
    if stop is None:
        return None
    named = stop.medications
    if not named:
        opioids, them = "any opioid medicine", "one"
    else:
        opioids = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]
        them = "it" if len(named) == 1 else "any of them"
    return PATIENT_OPIOID_STOP.text.format(opioids=opioids, day=day, them=them)


def restart_after(plan: Plan, step: Step) -> Hold | None:
    """The surgery or opioid hold that ``step`` restarts LDN after, if any."""
    return next(
        (
            hold
            for hold in plan.holds
            if hold.event is not None and hold.end + _ONE_DAY == step.start
        ),
        None,
    )


_ASSESS_RESPONSE = "Pain response against baseline: the realistic goal is a 30–50% reduction"
_ASSESS_SIDE_EFFECTS = "Side effects: headache, tachycardia, vivid dreams"
_ASSESS_OPIOIDS = "Any new opioid prescription or planned surgery (LDN blocks opioids)"
_CHECKPOINT_SOURCES = ["seed-follow-up", "seed-goal", "seed-side-effects", "seed-precautions"]

#: The dates every plan, and every format it is written in, can hold (see timeparse).
EARLIEST_PLAN_DATE = EARLIEST_DATE
LATEST_PLAN_DATE = LATEST_DATE


class ReviewWindow(NamedTuple):
    """The days on which a follow-up may review the change that started step ``step_index``."""

    step_index: int
    earliest: date
    latest: date


class VisitRules(NamedTuple):
    """What makes a visit bookable: a window of ``slack_days`` days and a clinic day in it.

    ``clinic_days`` holds weekday numbers (Monday 0). Both are scheduling choices, not
    clinical facts: the defaults are one working week and Monday to Friday.
    """

    slack_days: int = DEFAULT_VISIT_SLACK_DAYS
    clinic_days: frozenset[int] = frozenset(range(5))


#: The default rules: a seven-day window with a Monday-to-Friday day in it.
DEFAULT_VISIT_RULES = VisitRules()


class Visit(NamedTuple):
    """A follow-up visit: the windows it reviews, its booking window, its suggested day, and
    the increase it decides (``None``: it reviews the maintenance dose). ``clinic_day`` is
    false when no clinic day falls in the window (the suggested day is then its first)."""

    reviews: list[ReviewWindow]
    earliest: date
    latest: date
    suggested: date
    decides: date | None
    clinic_day: bool = True


class _Part(NamedTuple):
    """Part of a window between two increases: a visit on any of its days decides ``decides``."""

    earliest: date
    latest: date
    decides: date | None

    @property
    def days(self) -> int:
        return (self.latest - self.earliest).days + 1


class _Need(NamedTuple):
    """The best a change can be given alone: a window this wide, with a clinic day or not."""

    days: int
    clinic_day: bool


_ONE_DAY = timedelta(days=1)
_WEEK = 7


def titration_doses(start_mg: Decimal, step_mg: Decimal, target_mg: Decimal) -> list[Decimal]:
    """The dose of each step: rising by ``step_mg`` and capped at ``target_mg``."""
    doses = [start_mg.normalize()]
    while doses[-1] < target_mg:
        doses.append(min(doses[-1] + step_mg, target_mg).normalize())
    return doses


def _parts(earliest: date, latest: date, increases: Sequence[date]) -> list[_Part]:
    """``earliest..latest`` cut after each increase day, so that no part runs past one.

    A visit on an increase day still decides it (before that evening's dose); a visit on the
    next day is too late for it and decides the following increase.
    """
    parts = []
    position = bisect_left(increases, earliest)
    begin = earliest
    while begin <= latest:
        decides = increases[position] if position < len(increases) else None
        end = latest if decides is None else min(latest, decides)
        parts.append(_Part(begin, end, decides))
        begin = end + _ONE_DAY
        position += 1
    return parts


def first_clinic_day(earliest: date, latest: date, clinic_days: frozenset[int]) -> date | None:
    """The first day from ``earliest`` to ``latest`` that falls on a clinic weekday."""
    if not clinic_days:
        return None
    for offset in range(min(_WEEK, (latest - earliest).days + 1)):
        day = earliest + timedelta(days=offset)
        if day.weekday() in clinic_days:
            return day
    return None


def _need(window: ReviewWindow, increases: Sequence[date], rules: VisitRules) -> _Need:
    parts = _parts(window.earliest, window.latest, increases)
    bookable = [
        part.days
        for part in parts
        if first_clinic_day(part.earliest, part.latest, rules.clinic_days) is not None
    ]
    if bookable:
        return _Need(min(rules.slack_days, max(bookable)), clinic_day=True)
    return _Need(min(rules.slack_days, max(part.days for part in parts)), clinic_day=False)


def _fit(
    earliest: date,
    latest: date,
    need: _Need,
    increases: Sequence[date],
    rules: VisitRules,
) -> _Part | None:
    """The widest part of ``earliest..latest`` that gives a run of changes what ``need`` asks
    (the widest window and the clinic day each could have alone); ``None`` if there is none."""
    fitting = [
        part
        for part in _parts(earliest, latest, increases)
        if part.days >= need.days
        and (
            not need.clinic_day
            or first_clinic_day(part.earliest, part.latest, rules.clinic_days) is not None
        )
    ]
    return max(fitting, key=lambda part: part.days, default=None)


def plan_visits(
    windows: Iterable[ReviewWindow],
    *,
    increases: Iterable[date] = (),
    rules: VisitRules = DEFAULT_VISIT_RULES,
) -> list[Visit]:
    """As few visits as review every window, each bookable as ``rules`` asks where possible.

    Rules: a visit reviews a change only inside that change's window; a visit's own window
    never runs past an increase (it decides the first increase on or after it); and each
    change gets a window at least as wide as it could have alone, up to ``rules.slack_days``,
    with a clinic day in it if it could have one. Then the fewest visits, and among those the
    widest windows in total.

    Windows are sorted by their first day; a visit reviews a run of consecutive windows (the
    test suite checks this against a brute force over every grouping). Dynamic programming
    over the runs; a run ends where windows stop overlapping, so each change is tried with at
    most as many others as there are windows within one follow-up window (bounded work).
    """
    ordered = sorted(windows, key=lambda window: (window.earliest, window.latest))
    cuts = sorted(set(increases))
    needs = [_need(window, cuts, rules) for window in ordered]
    # best[k]: (visits, -days of slack in total) for the first k windows, and the last run.
    best: list[tuple[int, int]] = [(0, 0)]
    last_run: list[tuple[int, _Part]] = []
    for end in range(1, len(ordered) + 1):
        candidates = []
        # The run ordered[begin:end] grows leftwards: its windows share earliest (the last
        # one's, as they are sorted) to latest (the smallest), and it needs the most of any.
        earliest, latest = ordered[end - 1].earliest, ordered[end - 1].latest
        need = needs[end - 1]
        for begin in range(end - 1, -1, -1):
            latest = min(latest, ordered[begin].latest)
            if earliest > latest:
                break  # earlier windows end even sooner: no visit can review this run
            need = _Need(
                max(need.days, needs[begin].days), need.clinic_day or needs[begin].clinic_day
            )
            part = _fit(earliest, latest, need, cuts, rules)
            if part is not None:
                count, slack = best[begin]
                candidates.append(((count + 1, slack - part.days), begin, part))
        cost, begin, part = min(candidates, key=lambda candidate: candidate[0])
        best.append(cost)
        last_run.append((begin, part))
    visits: list[Visit] = []
    end = len(ordered)
    while end:
        begin, part = last_run[end - 1]
        suggested = first_clinic_day(part.earliest, part.latest, rules.clinic_days)
        visits.append(
            Visit(
                reviews=ordered[begin:end],
                earliest=part.earliest,
                latest=part.latest,
                suggested=suggested or part.earliest,
                decides=part.decides,
                clinic_day=suggested is not None,
            )
        )
        end = begin
    return visits[::-1]


def protocol_of(spec: TitrationSpec) -> ProtocolRef:
    """The preset a plan of ``spec`` came from, its source key and the numbers used."""
    return ProtocolRef.model_construct(
        name=spec.protocol,
        source=spec.protocol_source,
        individualized=spec.individualized,
        start_mg=spec.start_mg,
        step_mg=spec.step_mg,
        every_days=spec.every_days,
    )


def build_plan(
    spec: TitrationSpec,
    *,
    warnings: Iterable[PlanWarning] = (),
    opioid_stop: OpioidStop | None = None,
) -> Plan:
    """Compute the titration plan for ``spec``; ``warnings`` and ``opioid_stop`` (the last
    opioid dose the plan rests on) are attached unchanged."""
    doses = titration_doses(spec.start_mg, spec.step_mg, spec.target_mg)
    maintain_days = spec.maintain_days or spec.every_days
    check_plan_fits(
        spec.start,
        (len(doses) - 1) * spec.every_days + max(maintain_days, spec.follow_up_max_days),
    )
    interval = timedelta(days=spec.every_days)
    starts = [spec.start + interval * k for k in range(len(doses))]

    recorded = PlanVisitRules.model_construct(
        slack_days=spec.visit_slack,
        clinic_days=tuple(spec.clinic_days),
        follow_up_window=(spec.follow_up_min_days, spec.follow_up_max_days),
    )
    checkpoints = review_checkpoints(
        starts,
        doses,
        reviewed=range(1, len(starts) + 1),
        dose_time=spec.dose_time,
        window=recorded.follow_up_window,
        rules=booking_rules(recorded),
    )

    maintain = timedelta(days=maintain_days - 1)
    end = max(starts[-1] + maintain, *(checkpoint.latest for checkpoint in checkpoints))
    ends = [next_start - _ONE_DAY for next_start in starts[1:]] + [end]
    steps = [
        Step.model_construct(
            index=index,
            start=step_start,
            end=step_end,
            days=(step_end - step_start).days + 1,
            dose_mg=dose,
        )
        for index, (step_start, step_end, dose) in enumerate(
            zip(starts, ends, doses, strict=True), start=1
        )
    ]
    precautions = list(PRECAUTIONS)
    if spec.dose_time == "morning":
        precautions.append(MORNING_CAVEAT)
    return Plan.model_construct(
        protocol=protocol_of(spec),
        start=spec.start,
        end=end,
        dose_time=spec.dose_time,
        target_mg=spec.target_mg,
        max_daily_mg=spec.target_mg,
        steps=steps,
        checkpoints=checkpoints,
        precautions=precautions,
        warnings=list(warnings),
        preparation=None,
        holds=[],
        adjustments=[],
        visit_rules=recorded,
        settings=[],
        start_note=spec.start_note,
        opioid_stop=opioid_stop,
        calendar_slots=CalendarSlots.model_construct(
            steps=len(steps), visits=len(checkpoints), holds=0
        ),
    )


def check_plan_fits(start: date, days: int) -> None:
    """Refuse a plan that would run outside ``EARLIEST_PLAN_DATE``..``LATEST_PLAN_DATE``."""
    if start < EARLIEST_PLAN_DATE or (LATEST_PLAN_DATE - start).days < days:
        raise InvalidSpec(
            f"a plan from {start.isoformat()} runs {days} days, outside the dates a plan and "
            f"its calendar can hold ({EARLIEST_PLAN_DATE.isoformat()} to "
            f"{LATEST_PLAN_DATE.isoformat()}); choose a start date inside them"
        )


def visit_rules(slack_days: int, clinic_days: Iterable[str]) -> VisitRules:
    """The visit rules of a spec: its slack and its clinic days as weekday numbers."""
    return VisitRules(
        slack_days=slack_days,
        clinic_days=frozenset(WEEKDAY_NAMES.index(day) for day in clinic_days),
    )


def booking_rules(rules: PlanVisitRules) -> VisitRules:
    """The booking rules a plan records (``Plan.visit_rules``), ready for ``plan_visits``."""
    return visit_rules(rules.slack_days, rules.clinic_days)


def increase_days(starts: Sequence[date], doses: Sequence[Decimal]) -> list[date]:
    """The days on which a step starts at a higher dose than the step before it."""
    return [
        day
        for position, day in enumerate(starts)
        if position and doses[position] > doses[position - 1]
    ]


def review_checkpoints(
    starts: Sequence[date],
    doses: Sequence[Decimal],
    *,
    reviewed: Iterable[int],
    dose_time: str,
    window: tuple[int, int] = (FOLLOW_UP_MIN_DAYS, FOLLOW_UP_MAX_DAYS),
    rules: VisitRules = DEFAULT_VISIT_RULES,
    not_before: date | None = None,
) -> list[Checkpoint]:
    """Follow-up visits for the steps in ``reviewed`` (1-based), as few as ``rules`` allow.

    ``starts`` and ``doses`` describe every step of the plan, so that each visit can say
    which increase it decides. ``not_before`` (an adjustment's date) keeps new visits out of
    the past where a change's window allows it: a window that ends before it is left whole.
    """
    low, high = (timedelta(days=days) for days in window)
    windows = []
    for index in reviewed:
        first, last = starts[index - 1] + low, starts[index - 1] + high
        if not_before is not None and first < not_before <= last:
            first = not_before
        windows.append(ReviewWindow(index, first, last))
    return [
        _checkpoint(visit, starts=starts, doses=doses, dose_time=dose_time)
        for visit in plan_visits(windows, increases=increase_days(starts, doses), rules=rules)
    ]


def revisit(
    checkpoints: Iterable[Checkpoint],
    *,
    starts: Sequence[date],
    doses: Sequence[Decimal],
    changes: Sequence[int],
    dose_time: str,
    window: tuple[int, int] = (FOLLOW_UP_MIN_DAYS, FOLLOW_UP_MAX_DAYS),
) -> list[Checkpoint]:
    """Visits kept from before an adjustment, re-derived against the adjusted steps.

    ``starts`` and ``doses`` are the adjusted plan's steps in date order and ``changes`` the
    1-based steps that start a change (a new dose, or a restart after days without LDN), in
    date order. Each visit keeps its suggested day (a clinic may have booked it) and the part
    of its window around that day that runs past no increase of the adjusted plan; it reviews
    every change whose follow-up window holds that whole part, and decides the first increase
    on or after it, with that increase's dose. A visit that reviews no change any more is
    dropped. Each visit costs two binary searches plus the changes it reviews.
    """
    low, high = (timedelta(days=days) for days in window)
    change_starts = [starts[index - 1] for index in changes]
    increases = increase_days(starts, doses)
    kept = []
    for checkpoint in checkpoints:
        parts = _parts(checkpoint.earliest, checkpoint.latest, increases)
        part = next(
            (part for part in parts if part.earliest <= checkpoint.suggested <= part.latest),
            None,
        )
        if part is None:  # a plan built in memory without validation; files are checked
            continue
        # A change reviewed from every day of the part started between latest - high and
        # earliest - low: a run of consecutive changes.
        first = bisect_left(change_starts, part.latest - high)
        last = bisect_right(change_starts, part.earliest - low)
        reviews = [
            ReviewWindow(
                changes[position], change_starts[position] + low, change_starts[position] + high
            )
            for position in range(first, last)
        ]
        if reviews:
            visit = Visit(reviews, part.earliest, part.latest, checkpoint.suggested, part.decides)
            kept.append(_checkpoint(visit, starts=starts, doses=doses, dose_time=dose_time))
    return kept


def _checkpoint(
    visit: Visit,
    *,
    starts: Sequence[date],
    doses: Sequence[Decimal],
    dose_time: str,
) -> Checkpoint:
    phrase = dose_time_phrase(dose_time)
    # Steps are in date order, so the increase is found by bisection (bounded work).
    step = None if visit.decides is None else bisect_left(starts, visit.decides)
    next_dose = None if step is None else doses[step]
    if step is not None and next_dose is not None:
        # The step, not its date: a date lives in a date field only (``next_increase``), so a
        # plan moved in time (batch mode) moves every date it holds.
        decision = (
            f"Whether to continue the titration: next {format_mg(next_dose)} {phrase} "
            f"(step {step + 1})"
        )
    else:
        decision = f"Whether to continue {format_mg(doses[-1])} {phrase} as the maintenance dose"
    return Checkpoint.model_construct(
        earliest=visit.earliest,
        latest=visit.latest,
        suggested=visit.suggested,
        reviews=sorted(window.step_index for window in visit.reviews),
        assess=[_ASSESS_RESPONSE, _ASSESS_SIDE_EFFECTS, _ASSESS_OPIOIDS, decision],
        sources=list(_CHECKPOINT_SOURCES),
        next_increase=visit.decides,
        next_dose_mg=next_dose,
        clinic_day=visit.clinic_day,
    )
