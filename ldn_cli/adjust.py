"""Real courses change: hold, step back, halve, return to a dose, missed days, surgery and
opioid courses, and a switch to morning dosing. Pure: a plan and an event in, a plan out.

The result keeps the plan's days before the event unchanged (missed days become days without a
dose, recorded as ``missed``), never raises the dose on the event day, records the event in
``adjustments`` (with its source), records no-LDN days in ``holds``, and gives every change a
follow-up 14–28 days later. Adjustments chain: the output plan is a valid input for the next.

Visits (``seed-follow-up``): a visit whose window opened before the event keeps its suggested
day and is re-derived against the new steps (``schedule.revisit``: what it reviews, the increase
it decides); a change counts as reviewed only by a visit whose whole window lies inside its
14–28-day window; every other change gets a new visit, placed by the plan's recorded
``visit_rules`` and not before the event where its window allows.

The rules a clinician signs:

- The plan carries its ceiling (``max_daily_mg``): the continuation's target, which for a
  return to a named dose is that dose unless a target is given. No dose after the event is
  above it.
- Doses after the event come from the plan's own ladder (its start dose rising by its step to
  its ceiling, and the doses it already has) or are doses its formulation makes exactly; an
  explicit ``step`` is the prescriber's new ladder from the new dose.
- After halving, stepping back or returning to a lower dose, the way back up is slower than
  the plan's own pace (``ldnrt-side-effects``: "re-titrate more slowly"): a longer interval or a
  smaller step. By how much is not in the references: ``DEFAULT_SLOWER`` is a labelled,
  configurable default.
- A long gap re-titrates from the protocol's start dose (``ldnrt-restart``), also for a plan
  built from the dose taken now.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Literal

from ldn_cli import opioid_wait as opioid_wait_days
from ldn_cli.compounding import Syringe, makes_exactly, stocked_syringes
from ldn_cli.dose import DOSE_QUANTUM, MAX_DOSE_MG, MIN_DOSE_MG, format_mg
from ldn_cli.errors import InvalidSpec
from ldn_cli.models import (
    Adjustment,
    Capsules,
    Checkpoint,
    Hold,
    Liquid,
    Plan,
    PlanWarning,
    Precaution,
    Step,
    TitrationSpec,
)
from ldn_cli.schedule import (
    MORNING_CAVEAT,
    booking_rules,
    build_plan,
    protocol_of,
    review_checkpoints,
    revisit,
    titration_doses,
)

#: Hours without LDN before surgery or planned opioids (``surgery-hold``: 48 h to 3 days).
DEFAULT_HOLD_HOURS = 72
MIN_HOLD_HOURS = 24
MAX_HOLD_HOURS = 72
#: The shortest hold any cited source gives (``surgery-hold``: 48 h); shorter needs a caveat.
SHORTEST_CITED_HOLD_HOURS = 48
#: An interruption up to this long resumes at the previous dose; longer re-titrates from the
#: start dose (``ldnrt-restart``: "about 2 weeks or less").
DEFAULT_SHORT_GAP_DAYS = 14
#: Opioid-free days before LDN restarts (``naltrexone-label``: 7–10; the safer end).
DEFAULT_OPIOID_FREE_DAYS = opioid_wait_days.DEFAULT_OPIOID_FREE_DAYS
#: After methadone or buprenorphine, or an opioid the table does not know (fail safe):
#: the longest wait in the label (``naltrexone-label``: 14 days).
LONGEST_OPIOID_FREE_DAYS = opioid_wait_days.MAX_OPIOID_FREE_DAYS
#: The most missed days one event records (as ``--missed-days`` allows), and the largest
#: step a continuation may take (the dose range).
MAX_MISSED_DAYS = 365
#: How much slower a re-titration after side effects may be made (factor 2–4).
SLOWER_FACTORS = range(2, 5)

SideEffectAction = Literal["hold", "step-back", "halve", "to"]


@dataclass(frozen=True, slots=True)
class Slower:
    """How the way back up after side effects is slower: a longer interval or a smaller step,
    by ``factor``."""

    how: Literal["interval", "step"] = "interval"
    factor: int = 2

    def describe(self) -> str:
        """``twice the interval`` / ``a third of the step``."""
        times = {2: "twice", 3: "three times", 4: "four times"}[self.factor]
        parts = {2: "half", 3: "a third of", 4: "a quarter of"}[self.factor]
        return f"{times} the interval" if self.how == "interval" else f"{parts} the step"


#: The configurable default (``--slower``): the references say "more slowly", not how much.
#: A longer interval keeps the plan's own doses, so it is the default.
DEFAULT_SLOWER = Slower("interval", 2)


@dataclass(frozen=True, slots=True)
class SideEffects:
    """Side effects that do not settle: hold, step back, halve, or go to a named dose."""

    action: SideEffectAction
    dose_mg: Decimal | None = None
    hold_days: int | None = None
    slower: Slower = field(default=DEFAULT_SLOWER)


@dataclass(frozen=True, slots=True)
class MissedDays:
    """``days`` days without a dose, ending the day before the event date."""

    days: int
    short_gap_days: int = DEFAULT_SHORT_GAP_DAYS


@dataclass(frozen=True, slots=True)
class OpioidInterruption:
    """Surgery or a planned opioid course from ``start`` to ``end`` (inclusive).

    ``opioid`` names the opioid when known: its wait before the restart comes from the opioid
    table (14 days after methadone or buprenorphine); ``opioid_free_days`` is the wait for
    other opioids.
    """

    kind: Literal["surgery", "opioid-course"]
    start: date
    end: date
    hold_hours: int = DEFAULT_HOLD_HOURS
    opioid_free_days: int = DEFAULT_OPIOID_FREE_DAYS
    short_gap_days: int = DEFAULT_SHORT_GAP_DAYS
    opioid: str | None = None


@dataclass(frozen=True, slots=True)
class SwitchToMorning:
    """The same doses, taken in the morning from the event date."""


Event = SideEffects | MissedDays | OpioidInterruption | SwitchToMorning


@dataclass(frozen=True, slots=True)
class Continuation:
    """How the titration goes on after the event; ``None`` keeps the plan's own value.

    ``target_mg`` is the new ceiling; left ``None`` it is the plan's ceiling, or for a return
    to a named dose, that dose (the new maintenance dose).
    """

    step_mg: Decimal | None = None
    every_days: int | None = None
    target_mg: Decimal | None = None


@dataclass(frozen=True, slots=True)
class _Pace:
    """The resolved continuation: step, interval, ceiling, and whether the step is new."""

    step_mg: Decimal
    every_days: int
    ceiling_mg: Decimal
    new_step: bool


Segment = tuple[date, date, Decimal]


def parse_side_effects(text: str, *, hold_days: int | None = None) -> SideEffects:
    """``hold``, ``step-back``, ``halve`` or ``to MG`` (also ``to:MG``, ``to=MG``)."""
    from ldn_cli.dose import parse_dose

    if not text.strip():
        raise InvalidSpec("side effects is empty; choose hold, step-back, halve, or 'to MG'")
    words = text.strip().lower().replace(":", " ").replace("=", " ").split()
    if words == ["hold"]:
        return SideEffects("hold", hold_days=hold_days)
    if words in (["step-back"], ["halve"]):
        return SideEffects("step-back" if words[0] == "step-back" else "halve")
    if len(words) == 2 and words[0] == "to":
        return SideEffects("to", dose_mg=parse_dose(words[1], what="return dose"))
    raise InvalidSpec(
        f"side effects {text[:40]!r}: choose hold, step-back, halve, or 'to MG' (e.g. 'to 1.5')"
    )


def parse_slower(text: str) -> Slower:
    """``interval`` or ``step``, optionally with a factor 2–4: ``interval:3``, ``step:2``."""
    how, _, factor = text.strip().lower().partition(":")
    allowed = f"{SLOWER_FACTORS.start}–{SLOWER_FACTORS.stop - 1}"
    times = int(factor) if factor in {str(n) for n in SLOWER_FACTORS} else None
    if not factor:
        times = DEFAULT_SLOWER.factor
    if how == "interval" and times is not None:
        return Slower("interval", times)
    if how == "step" and times is not None:
        return Slower("step", times)
    raise InvalidSpec(
        f"slower {text[:40]!r}: choose interval or step, optionally with a factor {allowed} "
        "(e.g. interval:2, step:2)"
        if text.strip()
        else "slower is empty; choose interval or step (e.g. interval:2)"
    )


def running_plan(spec: TitrationSpec, current_mg: Decimal, *, since: date) -> Plan:
    """A plan for a patient already taking ``current_mg``, recorded from ``since``.

    The protocol's own numbers (start dose, step, interval) stay on the plan, so that a long
    gap re-titrates from the protocol's start dose and its ladder is the protocol's.
    """
    ceiling = max(current_mg, spec.target_mg)
    base = build_plan(
        spec.model_copy(update={"start": since, "start_mg": current_mg, "target_mg": ceiling})
    )
    protocol = protocol_of(spec)
    # Its visits are the adjustment's to place: none is kept from this scaffold.
    return base.model_copy(update={"protocol": protocol, "checkpoints": []})


def record_start(event: Event, on: date) -> date:
    """Where a plan built from the dose taken now must start to hold ``event``: the first
    missed day for missed days, else the event date."""
    return on - timedelta(days=event.days) if isinstance(event, MissedDays) else on


def adjust(plan: Plan, event: Event, *, on: date, continuation: Continuation | None = None) -> Plan:
    """The plan recomputed from ``on`` for ``event``; days before ``on`` are unchanged."""
    try:
        return _adjust(plan, event, on=on, continuation=continuation or Continuation())
    except OverflowError:
        raise InvalidSpec(
            f"adjusting on {on.isoformat()} would run the plan outside the years 1 to 9999"
        ) from None


def _checked(event: Event, continuation: Continuation) -> None:
    """Values from the Python API get the same bounds as the command line's options."""
    from ldn_cli.dose import check_dose, check_step
    from ldn_cli.models import MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS

    def within(value: int | None, low: int, high: int, what: str) -> None:
        if value is not None and not low <= value <= high:
            raise InvalidSpec(f"{what} {value} is out of range; allowed: {low}–{high}")

    if continuation.target_mg is not None:
        check_dose(continuation.target_mg, what="target")
    if continuation.step_mg is not None:
        check_step(continuation.step_mg)
    within(continuation.every_days, MIN_INTERVAL_DAYS, MAX_INTERVAL_DAYS, "interval (days)")
    if isinstance(event, SideEffects):
        if event.dose_mg is not None and event.action == "to":
            check_dose(event.dose_mg, what="return dose")
        within(event.hold_days, 1, MAX_INTERVAL_DAYS, "hold (days)")
        within(event.slower.factor, SLOWER_FACTORS.start, SLOWER_FACTORS.stop - 1, "slower factor")
    elif isinstance(event, MissedDays):
        within(event.days, 1, MAX_MISSED_DAYS, "missed days")
        within(event.short_gap_days, 1, MAX_INTERVAL_DAYS, "short gap (days)")
    elif isinstance(event, OpioidInterruption):
        within(event.hold_hours, MIN_HOLD_HOURS, MAX_HOLD_HOURS, "hold hours")
        within(
            event.opioid_free_days,
            opioid_wait_days.MIN_OPIOID_FREE_DAYS,
            LONGEST_OPIOID_FREE_DAYS,
            "opioid-free days",
        )
        within(event.short_gap_days, 1, MAX_INTERVAL_DAYS, "short gap (days)")


def _adjust(plan: Plan, event: Event, *, on: date, continuation: Continuation) -> Plan:
    _checked(event, continuation)
    if on < plan.start:
        raise InvalidSpec(f"the event date {on} is before the plan starts ({plan.start})")
    if not isinstance(event, SwitchToMorning):
        _refuse_inside_a_hold(plan, on)
    if on > plan.end:
        plan = _extend_maintenance(plan, on)
    pace = _pace(plan, event, continuation)
    named = isinstance(event, SideEffects) and event.action == "to"
    ladder = Ladder.of(
        plan,
        pace.ceiling_mg,
        ceiling_is_a_rung=continuation.target_mg is not None or not named,
    )
    before = _segments_before(plan, on)
    previous = _dose_before(plan, on)
    holds = list(plan.holds)
    warnings = list(plan.warnings)
    dose_time = plan.dose_time
    precautions = list(plan.precautions)

    if isinstance(event, SideEffects):
        # A named dose must be one the plan may give (its whole ladder, or a target the
        # prescriber set); naming it does not make it so.
        own = Ladder.of(
            plan,
            max(plan.max_daily_mg, previous),
            ceiling_is_a_rung=plan.max_daily_mg >= previous,
        )
        if event.action == "to" and event.dose_mg != continuation.target_mg:
            _refuse_off_the_ladder(event.dose_mg, previous, own)
        after, reason = _side_effects(plan, event, on, previous, pace, ladder)
        record = Adjustment(
            event=f"side-effects: {event.action}", on=on, reason=reason, source="ldnrt-side-effects"
        )
    elif isinstance(event, MissedDays):
        before, hold, after, reason = _missed(plan, event, on, previous, pace, ladder)
        holds.append(hold)
        record = Adjustment(event="missed-days", on=on, reason=reason, source="ldnrt-restart")
    elif isinstance(event, OpioidInterruption):
        segments, hold, record, notices = _interrupt(
            plan, event, on, previous, pace, ladder, history=before
        )
        before += segments[0]
        after = segments[1]
        holds.append(hold)
        warnings += notices
    else:
        after = _same_doses_from(plan, on, previous, pace.ceiling_mg)
        dose_time = "morning"
        if MORNING_CAVEAT not in precautions:
            precautions.append(MORNING_CAVEAT)
        record = Adjustment(
            event="switch-to-morning",
            on=on,
            reason="the same doses, taken in the morning from this date (sleep disturbed)",
            source="morning-dosing",
        )
    result = _assemble(
        plan,
        before + after,
        on=on,
        ceiling=pace.ceiling_mg,
        dose_time=dose_time,
        holds=holds,
        warnings=warnings,
        precautions=precautions,
        record=record,
    )
    return _reprepared(result)


# --- the pace, the ceiling and the ladder -------------------------------------------------------


def _pace(plan: Plan, event: Event, continuation: Continuation) -> _Pace:
    named = event.dose_mg if isinstance(event, SideEffects) and event.action == "to" else None
    ceiling = continuation.target_mg or named or plan.max_daily_mg
    step = continuation.step_mg or plan.protocol.step_mg
    return _Pace(
        step_mg=step,
        every_days=continuation.every_days or plan.protocol.every_days,
        ceiling_mg=ceiling,
        new_step=step != plan.protocol.step_mg,
    )


@dataclass(frozen=True, slots=True)
class Ladder:
    """The doses a plan may give after an event: its own titration ladder (its start dose
    rising by its step to the ceiling), every dose it already has, and any dose its
    formulation makes exactly."""

    doses: tuple[Decimal, ...]
    formulation: Liquid | Capsules | None
    syringes: tuple[Syringe, ...]
    #: Whether the formulation makes a dose, worked out once per dose (at most 441 of them).
    made: dict[Decimal, bool] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, plan: Plan, ceiling: Decimal, *, ceiling_is_a_rung: bool = True) -> "Ladder":
        """The ladder of ``plan`` up to ``ceiling``. A ceiling the prescriber set (a target,
        or the plan's own) is a rung; one that is only a named dose is not, so that naming a
        dose cannot put it on the ladder."""
        protocol = plan.protocol
        rungs = {
            dose
            for dose in titration_doses(protocol.start_mg, protocol.step_mg, ceiling)
            if ceiling_is_a_rung or dose != ceiling
        }
        rungs |= {step.dose_mg for step in plan.steps}
        if ceiling_is_a_rung:
            rungs.add(ceiling)
        preparation = plan.preparation
        return cls(
            doses=tuple(sorted(dose for dose in rungs if dose <= ceiling)),
            formulation=preparation.formulation if preparation else None,
            syringes=_stocked_syringes(plan),
        )

    def allows(self, dose: Decimal) -> bool:
        """True when ``dose`` is on the ladder or the formulation makes it exactly."""
        return dose in self.doses or self._makes(dose)

    def _makes(self, dose: Decimal) -> bool:
        if self.formulation is None or not MIN_DOSE_MG <= dose <= MAX_DOSE_MG:
            return False
        if dose not in self.made:
            self.made[dose] = makes_exactly(dose, self.formulation, self.syringes)
        return self.made[dose]

    def highest_at_or_below(self, limit: Decimal) -> Decimal | None:
        """The highest dose at or below ``limit`` this plan may give, if any.

        Scans the 0.01 mg grid down from ``limit`` only when a formulation could make a dose
        between the ladder's rungs: at most 441 doses, each checked in constant time.
        """
        on_ladder = max((dose for dose in self.doses if dose <= limit), default=None)
        if self.formulation is None:
            return on_ladder
        dose = limit.quantize(DOSE_QUANTUM, rounding=ROUND_FLOOR)
        while dose >= MIN_DOSE_MG and (on_ladder is None or dose > on_ladder):
            if self._makes(dose):
                return dose.normalize()
            dose -= DOSE_QUANTUM
        return on_ladder

    def no_formulation_text(self) -> str:
        """Why a dose off the ladder cannot be given: no formulation, or it does not make it."""
        if self.formulation is None:
            return "the plan has no formulation that could make it"
        return "its formulation does not make it exactly"

    def text(self) -> str:
        """``1.5, 3 and 4.5 mg``."""
        numbers = [format_mg(dose).removesuffix(" mg") for dose in self.doses]
        if not numbers:
            return "no dose"
        joined = ", ".join(numbers[:-1]) + f" and {numbers[-1]}" if len(numbers) > 1 else numbers[0]
        return f"{joined} mg"


def _stocked_syringes(plan: Plan) -> tuple[Syringe, ...]:
    """The syringes the plan's liquid was measured with: a dose counts as made exactly only
    with a syringe the pharmacy stocks."""
    if plan.preparation is None or not isinstance(plan.preparation.formulation, Liquid):
        return ()
    return stocked_syringes(plan.preparation)


def _climb(
    dose: Decimal, pace: _Pace, ladder: Ladder, *, slower: Slower | None = None
) -> tuple[list[Decimal], int, str]:
    """The doses from ``dose`` up to the ceiling, the interval, and how the pace was set."""
    every, step = pace.every_days, pace.step_mg
    if dose >= pace.ceiling_mg:
        return [dose], every, ""
    how = ""
    if slower is not None and not pace.new_step and slower.how == "step":
        step = max(DOSE_QUANTUM, (step / slower.factor).quantize(DOSE_QUANTUM, ROUND_FLOOR))
        how = f"a smaller step, at most {format_mg(step)} instead of {format_mg(pace.step_mg)}"
        return _climb_within(dose, step, ladder, pace.ceiling_mg), every, how
    if slower is not None and slower.how == "interval":
        every = every * slower.factor
        how = f"a longer interval, every {every} days instead of {pace.every_days}"
    if pace.new_step:  # the prescriber's new ladder from the new dose
        return titration_doses(dose, step, pace.ceiling_mg), every, how
    return [dose, *(rung for rung in ladder.doses if rung > dose)], every, how


def _climb_within(dose: Decimal, step: Decimal, ladder: Ladder, ceiling: Decimal) -> list[Decimal]:
    """Up from ``dose`` by at most ``step`` at a time, through doses the plan may give."""
    doses = [dose]
    while doses[-1] < ceiling:
        reach = min(doses[-1] + step, ceiling)
        following = ladder.highest_at_or_below(reach)
        if following is None or following <= doses[-1]:
            raise InvalidSpec(
                f"re-titrating by {format_mg(step)} from {format_mg(doses[-1])} needs a dose "
                f"between the rungs of this plan's ladder ({ladder.text()}), and "
                f"{ladder.no_formulation_text()}: use --slower interval, or give the plan with "
                "its formulation"
            )
        doses.append(following)
    return doses


# --- side effects -------------------------------------------------------------------------------


def _side_effects(
    plan: Plan, event: SideEffects, on: date, previous: Decimal, pace: _Pace, ladder: Ladder
) -> tuple[list[Segment], str]:
    if event.action == "hold":
        _refuse_above_ceiling(previous, pace, "hold keeps")
        days = event.hold_days or pace.every_days
        doses, every, _ = _climb(previous, pace, ladder)
        reason = f"side effects: hold at {format_mg(previous)} for {days} days, then continue"
        return _schedule(on, doses, every, first_days=days), reason
    if event.action == "step-back":
        dose, why = _step_back(plan, on, previous, ladder)
    elif event.action == "halve":
        dose, why = _halve(previous, ladder)
    else:
        dose, why = _named(event.dose_mg, previous)
    _refuse_above_ceiling(dose, pace, f"{event.action} gives")
    if dose < pace.ceiling_mg:
        _refuse_faster(plan, pace)
    slower = None if _already_slower(plan, pace) else event.slower
    doses, every, how = _climb(dose, pace, ladder, slower=slower)
    if len(doses) == 1:
        then = f"then keep {format_mg(dose)} as the maintenance dose (the new ceiling)"
    elif slower is None:
        then = (
            f"then re-titrate more slowly to {format_mg(pace.ceiling_mg)} as prescribed: "
            f"steps of at most {format_mg(pace.step_mg)} every {every} days (the plan's pace: "
            f"{format_mg(plan.protocol.step_mg)} every {plan.protocol.every_days} days)"
        )
    else:
        then = (
            f"then re-titrate more slowly to {format_mg(pace.ceiling_mg)}: {how} "
            f"({slower.describe()}, a configurable default: --slower)"
        )
    return _schedule(on, doses, every), f"side effects: {why}; {then}"


def _step_back(plan: Plan, on: date, previous: Decimal, ladder: Ladder) -> tuple[Decimal, str]:
    taken = [step.dose_mg for step in plan.steps if step.start < on and step.dose_mg < previous]
    if taken:
        return taken[-1], f"back to the last tolerated dose, {format_mg(taken[-1])}"
    below = [dose for dose in ladder.doses if dose < previous]
    if below and plan.protocol.start_mg < plan.steps[0].dose_mg:
        # A plan built from the dose taken now: the protocol's dose below it was taken before.
        return below[-1], f"back to the protocol's dose below it, {format_mg(below[-1])}"
    raise InvalidSpec(
        f"step back: {format_mg(previous)} is the first dose of this plan, so no lower dose was "
        f"taken; possible: {_possible_instead(previous, ladder, 'step-back')}"
    )


def _halve(previous: Decimal, ladder: Ladder) -> tuple[Decimal, str]:
    half = (previous / 2).quantize(DOSE_QUANTUM, rounding=ROUND_FLOOR).normalize()
    if half >= MIN_DOSE_MG and ladder.allows(half):
        return half, f"halve {format_mg(previous)} to {format_mg(half)}"
    nearest = ladder.highest_at_or_below(half) if half >= MIN_DOSE_MG else None
    if nearest is not None:
        return nearest, (
            f"halve {format_mg(previous)}: {format_mg(half)} is not on this plan's ladder "
            f"({ladder.text()}) and {ladder.no_formulation_text()}, so the nearest dose below, "
            f"{format_mg(nearest)}"
        )
    raise InvalidSpec(
        f"halve: half of {format_mg(previous)} is {format_mg(half)}, and this plan has no dose "
        f"at or below it (its ladder: {ladder.text()}; {ladder.no_formulation_text()}; "
        f"nothing below {format_mg(MIN_DOSE_MG)}): give the plan with --liquid or --capsules "
        f"to make one; possible: {_possible_instead(previous, ladder, 'halve')}"
    )


def _named(named: Decimal | None, previous: Decimal) -> tuple[Decimal, str]:
    if named is None or named > previous:
        raise InvalidSpec(
            f"side effects 'to': give a dose at or below the current {format_mg(previous)}"
        )
    return named, f"return to the last effective dose, {format_mg(named)}"


def _refuse_off_the_ladder(named: Decimal | None, previous: Decimal, ladder: Ladder) -> None:
    _named(named, previous)
    if named is not None and not ladder.allows(named):
        raise InvalidSpec(
            f"side effects 'to {format_mg(named)}': not on this plan's ladder ({ladder.text()}) "
            f"and {ladder.no_formulation_text()}; choose one of those, or give the plan with its "
            "formulation (--liquid or --capsules)"
        )


def _possible_instead(previous: Decimal, ladder: Ladder, action: str) -> str:
    """What can be done instead: hold, halve when the plan can give half, or stop LDN."""
    options = ["hold (--side-effects hold)"]
    half = (previous / 2).quantize(DOSE_QUANTUM, rounding=ROUND_FLOOR)
    if action != "halve" and half >= MIN_DOSE_MG and ladder.highest_at_or_below(half):
        options.append("halve (--side-effects halve)")
    options.append("or stop LDN and review")
    return ", ".join(options)


def _refuse_above_ceiling(dose: Decimal, pace: _Pace, what: str) -> None:
    if dose > pace.ceiling_mg:
        raise InvalidSpec(
            f"{what} {format_mg(dose)}, above the target {format_mg(pace.ceiling_mg)}; choose "
            f"'to {format_mg(pace.ceiling_mg).removesuffix(' mg')}' or a higher --target"
        )


def _already_slower(plan: Plan, pace: _Pace) -> bool:
    return pace.step_mg < plan.protocol.step_mg or pace.every_days > plan.protocol.every_days


def _refuse_faster(plan: Plan, pace: _Pace) -> None:
    """After side effects the way back up may not be faster than the plan's own pace."""
    if pace.step_mg > plan.protocol.step_mg or pace.every_days < plan.protocol.every_days:
        raise InvalidSpec(
            f"after side effects re-titrate more slowly (ldnrt-side-effects): --step "
            f"{format_mg(pace.step_mg)} every {pace.every_days} days is faster than the plan's "
            f"{format_mg(plan.protocol.step_mg)} every {plan.protocol.every_days} days"
        )


# --- missed days --------------------------------------------------------------------------------


def _missed(
    plan: Plan, event: MissedDays, on: date, previous: Decimal, pace: _Pace, ladder: Ladder
) -> tuple[list[Segment], Hold, list[Segment], str]:
    first_missed = on - timedelta(days=event.days)
    if first_missed < plan.start:
        elapsed = (on - plan.start).days
        raise InvalidSpec(
            f"{event.days} missed days before {on} would start on {first_missed}, before the "
            f"plan starts ({plan.start}); at most {elapsed} days have elapsed"
        )
    for hold in plan.holds:
        if hold.start < on and hold.end >= first_missed:
            raise InvalidSpec(
                f"the missed days {first_missed} to {on - timedelta(days=1)} overlap the "
                f"{hold.kind} days {hold.start} to {hold.end}"
            )
    last_taken = _dose_before(plan, first_missed)
    short = event.days <= event.short_gap_days
    if short:
        restart = min(last_taken, previous, pace.ceiling_mg)
        reason = (
            f"{event.days} missed day(s), a short gap (≤ {event.short_gap_days} days): resume "
            f"at the last dose, {format_mg(restart)}"
        )
    else:
        restart = min(plan.protocol.start_mg, pace.ceiling_mg)
        reason = (
            f"{event.days} missed days, a long gap (> {event.short_gap_days} days): re-titrate "
            f"from the protocol's start dose, {format_mg(restart)}"
        )
    if restart < last_taken and short:
        reason += f" (the ceiling; the last dose was {format_mg(last_taken)})"
    hold = Hold(
        start=first_missed,
        end=on - timedelta(days=1),
        kind="missed",
        reason="missed: no dose taken",
        source="ldnrt-restart",
    )
    doses, every, _ = _climb(restart, pace, ladder)
    return _segments_before(plan, first_missed), hold, _schedule(on, doses, every), reason


# --- surgery and opioid courses -----------------------------------------------------------------


def last_dose_day(before: date, hold_hours: int) -> date:
    """The last day LDN may be taken so that ``hold_hours`` pass before ``before`` starts.

    The time of the surgery is not known, so the hold counts from the start of that day, and
    the dose time (up to midnight) takes one more day.
    """
    return before - timedelta(days=-(-hold_hours // 24) + 1)


def opioid_wait(name: str | None, default_days: int) -> tuple[int, str, PlanWarning | None]:
    """Opioid-free days before the restart after ``name``, why, and any warning.

    Asks the opioid table: 14 days after methadone or buprenorphine (its ``washout_days``),
    else ``default_days``. An opioid the table does not recognise gets the longest wait
    (fail safe: not checked); a medicine that is not an opioid is refused.
    """
    if name is None:
        return default_days, f"opioid-free {default_days} days", None
    from ldn_cli.interactions import check_medications, is_long_acting, opioid_free_days

    (check,) = check_medications([name])
    possible = any(match.certainty == "possible" for match in check.matches)
    if check.verdict == "unrecognised" or possible:
        days = max(default_days, LONGEST_OPIOID_FREE_DAYS)
        return (
            days,
            f"opioid-free {days} days (the longest wait: {name[:40]!r} not checked)",
            PlanWarning(
                code="opioid-not-checked",
                severity="warning",
                message=(
                    f"{name[:40]!r} is not recognised in the opioid table (not checked), so the "
                    f"longest opioid-free wait, {days} days, is used before the restart"
                ),
                source="opioid-table",
                input=name,
            ),
        )
    long_acting = next((match for match in check.matches if is_long_acting(match)), None)
    if long_acting is not None:  # ``long-acting-opioids``: no wait is counted from its date
        raise InvalidSpec(
            f"--opioid {name[:40]!r}: {long_acting.matched} is long-acting "
            f"{long_acting.ingredient} ({'an' if long_acting.form == 'implant' else 'a'} "
            f"{long_acting.form}); the opioid-free waits are for "
            "oral, sublingual and transdermal use, and levels may persist for months: plan the "
            "restart with the prescriber"
        )
    if check.verdict != "contraindicated":
        raise InvalidSpec(
            f"--opioid {name[:40]!r} is not an opioid agonist ({check.verdict}); give the opioid "
            "that will be taken, or leave --opioid out"
        )
    days = opioid_free_days([check], default_days)
    names = ", ".join(match.ingredient for match in check.matches)
    return days, f"opioid-free {days} days after {names}", None


def _interrupt(
    plan: Plan,
    event: OpioidInterruption,
    on: date,
    previous: Decimal,
    pace: _Pace,
    ladder: Ladder,
    *,
    history: Sequence[Segment],
) -> tuple[tuple[list[Segment], list[Segment]], Hold, Adjustment, list[PlanWarning]]:
    what = "surgery" if event.kind == "surgery" else "opioid course"
    if event.end < event.start:
        raise InvalidSpec(f"the opioid period ends ({event.end}) before it starts ({event.start})")
    if event.start < on:
        raise InvalidSpec(
            f"the {what} on {event.start} is before the event date --on {on}; give --on on or "
            "before it"
        )
    wait, wait_text, not_checked = opioid_wait(event.opioid, event.opioid_free_days)
    last_day = last_dose_day(event.start, event.hold_hours)
    hold_from = max(on, last_day + timedelta(days=1))
    # The same count as ``ldn plan --last-opioid-dose``: ``wait`` whole days after the last
    # opioid day, then LDN (``naltrexone-label``).
    restart = opioid_wait_days.first_ldn_day(event.end, wait)
    # Until the hold, stay at the tolerated dose (no increase in the run-up to surgery), and
    # never above the ceiling.
    run_up = [(on, last_day, min(previous, pace.ceiling_mg))] if on <= last_day else []
    # The message for the surgical team names the last dose in the plan's history, always.
    taken = [*history, *run_up]
    last = (
        f"{format_mg(taken[-1][2])} on {taken[-1][1]}"
        if taken
        else f"before {hold_from} (not recorded in this plan)"
    )
    gap_days = (restart - hold_from).days
    if gap_days <= event.short_gap_days:
        restart_dose = min(previous, pace.ceiling_mg)
        how = f"resume at the previous dose, {format_mg(restart_dose)}"
    else:
        restart_dose = min(plan.protocol.start_mg, pace.ceiling_mg)
        how = (
            f"re-titrate from the protocol's start dose, {format_mg(restart_dose)} (gap over "
            f"{event.short_gap_days} days)"
        )
    period = f"{event.start}" if event.start == event.end else f"{event.start} to {event.end}"
    reason = (
        f"{what} {period}: last LDN dose {last} (at least {event.hold_hours} h before), "
        f"no LDN {hold_from} to {restart - timedelta(days=1)}; restart on {restart}, once "
        f"{wait_text}: {how}"
    )
    late = (
        "Already inside the hold window: take no more LDN now. "
        if hold_from > last_day + timedelta(days=1)
        else ""
    )
    notice = PlanWarning(
        code="tell-the-anaesthetist",
        severity="info",
        message=late
        + (
            f"Tell the anaesthetist and surgical team that the patient takes LDN: last dose "
            f"{last}; LDN blocks opioid pain relief, and opioid sensitivity may be raised "
            "after stopping it."
            if event.kind == "surgery"
            else f"Opioids planned {period}: last LDN dose {last}; restart on {restart}."
        ),
        source="surgery-hold",
    )
    notices = [notice]
    if event.hold_hours < SHORTEST_CITED_HOLD_HOURS:
        notices.append(
            PlanWarning(
                code="short-hold",
                severity="warning",
                message=(
                    f"a hold of {event.hold_hours} h is shorter than any cited source (48 h to "
                    "3 days): agree it with the surgical team"
                ),
                source="surgery-hold",
            )
        )
    if not_checked is not None:
        notices.append(not_checked)
    hold = Hold(
        start=hold_from,
        end=restart - timedelta(days=1),
        reason=f"{what}: LDN held",
        source="surgery-hold",
        event=event.kind,
        event_start=event.start,
        event_end=event.end,
    )
    record = Adjustment(event=event.kind, on=on, reason=reason, source="surgery-hold")
    doses, every, _ = _climb(restart_dose, pace, ladder)
    return (run_up, _schedule(restart, doses, every)), hold, record, notices


# --- assembling the plan ------------------------------------------------------------------------


def _refuse_inside_a_hold(plan: Plan, on: date) -> None:
    """A recorded hold on or after the event date would be lost or overlapped: refuse."""
    for hold in plan.holds:
        if hold.end >= on:
            raise InvalidSpec(
                f"the plan has {hold.kind} days {hold.start} to {hold.end}, on or after --on "
                f"{on}: adjust from {hold.end + timedelta(days=1)} or later"
            )


def _extend_maintenance(plan: Plan, on: date) -> Plan:
    """The maintenance dose continues past the plan's end up to the day before ``on``."""
    last = plan.steps[-1]
    end = on - timedelta(days=1)
    if last.end >= end:
        return plan
    extended = last.model_copy(update={"end": end, "days": (end - last.start).days + 1})
    return plan.model_copy(update={"steps": [*plan.steps[:-1], extended], "end": end})


def _segments_before(plan: Plan, on: date) -> list[Segment]:
    segments = []
    for step in plan.steps:
        if step.start >= on:
            break
        segments.append((step.start, min(step.end, on - timedelta(days=1)), step.dose_mg))
    return segments


def _dose_before(plan: Plan, on: date) -> Decimal:
    """The dose taken on the last planned dosing day before ``on`` (or on ``on`` itself)."""
    taken = [step for step in plan.steps if step.start < on]
    if taken:
        return taken[-1].dose_mg
    dose = plan.dose_on(on)
    return dose if dose is not None else plan.steps[0].dose_mg


def _schedule(
    start: date, doses: Sequence[Decimal], every_days: int, *, first_days: int | None = None
) -> list[Segment]:
    """``doses`` one after another from ``start``: ``first_days`` at the first, then
    ``every_days`` each; the last continues for one interval (maintenance)."""
    interval = timedelta(days=every_days)
    first = timedelta(days=first_days) if first_days else interval
    starts = [start] + [start + first + interval * k for k in range(len(doses) - 1)]
    ends = [next_start - timedelta(days=1) for next_start in starts[1:]] + [
        starts[-1] + interval - timedelta(days=1)
    ]
    return list(zip(starts, ends, [dose.normalize() for dose in doses], strict=True))


def _same_doses_from(plan: Plan, on: date, previous: Decimal, ceiling: Decimal) -> list[Segment]:
    """The plan's doses from ``on`` (none above the ceiling); an increase due on ``on`` itself
    waits one day, so that the switch day changes one thing only."""
    segments = [
        (max(step.start, on), step.end, min(step.dose_mg, ceiling))
        for step in plan.steps
        if step.end >= on
    ]
    if segments and segments[0][0] == on and segments[0][2] > previous:
        first_start, first_end, first_dose = segments[0]
        segments[0] = (first_start + timedelta(days=1), first_end, first_dose)
        segments.insert(0, (on, on, previous))
    return segments


def _assemble(
    plan: Plan,
    segments: Sequence[Segment],
    *,
    on: date,
    ceiling: Decimal,
    dose_time: str,
    holds: list[Hold],
    warnings: list[PlanWarning],
    precautions: list[Precaution],
    record: Adjustment,
) -> Plan:
    merged = _merge(segments)
    steps = [
        Step(index=index, start=start, end=end, days=(end - start).days + 1, dose_mg=dose)
        for index, (start, end, dose) in enumerate(merged, start=1)
    ]
    starts = [step.start for step in steps]
    doses = [step.dose_mg for step in steps]
    rules = plan.visit_rules
    # Visits whose window opened before the event may be booked or done: they keep their day
    # and are re-derived against the new steps (what they review and decide). Later visits
    # are placed afresh, by the plan's own rules, for the changes nothing reviews.
    kept = revisit(
        (checkpoint for checkpoint in plan.checkpoints if checkpoint.earliest < on),
        starts=starts,
        doses=doses,
        changes=_changes(steps),
        dose_time=dose_time,
        window=rules.follow_up_window,
    )
    new_visits = review_checkpoints(
        starts,
        doses,
        reviewed=_unreviewed_changes(steps, kept=kept),
        dose_time=dose_time,
        window=rules.follow_up_window,
        rules=booking_rules(rules),
        not_before=on,
    )
    checkpoints = sorted(
        [*kept, *new_visits], key=lambda checkpoint: (checkpoint.earliest, checkpoint.latest)
    )
    end = max([steps[-1].end, *(c.latest for c in checkpoints)])
    last = steps[-1]
    steps[-1] = last.model_copy(update={"end": end, "days": (end - last.start).days + 1})
    return plan.model_copy(
        update={
            "steps": steps,
            "checkpoints": checkpoints,
            "end": end,
            "dose_time": dose_time,
            "target_mg": ceiling,
            "max_daily_mg": ceiling,
            "holds": sorted(holds, key=lambda hold: hold.start),
            "warnings": warnings,
            "precautions": precautions,
            "adjustments": [*plan.adjustments, record],
        }
    )


def _reprepared(plan: Plan) -> Plan:
    """A plan made up in a formulation is made up again for its new steps, with the same
    settings, so that every measure matches its step."""
    preparation = plan.preparation
    if preparation is None:
        return plan
    from ldn_cli.compounding import PHARMACY_BUD_SOURCE, compound, with_preparation

    fresh = compound(
        plan,
        preparation.formulation,
        syringes=_stocked_syringes(plan) or None,
        bud_days=preparation.bud_days if preparation.bud_source == PHARMACY_BUD_SOURCE else None,
        overage_pct=preparation.overage_pct,
        max_error_pct=preparation.max_error_pct,
    )
    return with_preparation(plan, fresh)


def _changes(steps: Sequence[Step]) -> list[int]:
    """The steps that start a change: the first, a new dose, or a restart after days without
    LDN (held or missed). Each needs a follow-up 14–28 days later (``seed-follow-up``)."""
    return [
        step.index
        for earlier, step in zip([None, *steps], steps, strict=False)
        if earlier is None
        or earlier.dose_mg != step.dose_mg
        or earlier.end + timedelta(days=1) != step.start
    ]


def _unreviewed_changes(steps: Sequence[Step], *, kept: Sequence[Checkpoint]) -> list[int]:
    """The changes that no kept visit reviews. A kept visit lists exactly the changes whose
    follow-up window holds its whole window (``schedule.revisit``); touching one is not enough."""
    reviewed = {index for checkpoint in kept for index in checkpoint.reviews}
    return [index for index in _changes(steps) if index not in reviewed]


def _merge(segments: Sequence[Segment]) -> list[Segment]:
    """Drop empty segments and join neighbours with the same dose."""
    merged: list[Segment] = []
    for start, end, dose in sorted(segments):
        if end < start:
            continue
        if merged and merged[-1][2] == dose and merged[-1][1] + timedelta(days=1) == start:
            merged[-1] = (merged[-1][0], end, dose)
        else:
            merged.append((start, end, dose))
    return merged
