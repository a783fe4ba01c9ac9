"""Pydantic models shared by the core, the renderers and the JSON contract.

``TitrationSpec`` is what a user asks for; ``Plan`` is what the planner returns and what
``ldn plan --format json`` prints (``schema_version`` 1). Doses are exact ``Decimal`` values
inside the model and plain JSON numbers on the wire (0.3, never 0.30000000000000004).
"""

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ldn_cli.dose import MAX_DOSE_MG, MAX_STEP_MG, MIN_DOSE_MG, format_mg, json_number

SCHEMA_VERSION: Literal[1] = 1

#: Follow-up 2–4 weeks after starting and after each change (source key ``seed-follow-up``).
FOLLOW_UP_MIN_DAYS = 14
FOLLOW_UP_MAX_DAYS = 28
#: Titration interval bounds in whole days (one day to twelve weeks).
MIN_INTERVAL_DAYS = 1
MAX_INTERVAL_DAYS = 84
#: How long the target dose may be planned for at most (about ten years).
MAX_MAINTAIN_DAYS = 3660
#: Each follow-up visit's booking window is at least this many days wide where the follow-up
#: rule allows it. A scheduling choice (one working week), not a clinical fact.
DEFAULT_VISIT_SLACK_DAYS = 7
MIN_VISIT_SLACK_DAYS = 1
#: The widest window the follow-up rule allows: every day from 14 to 28 days after a change.
MAX_VISIT_SLACK_DAYS = FOLLOW_UP_MAX_DAYS - FOLLOW_UP_MIN_DAYS + 1
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
#: Weekday names, Monday first (``date.weekday()`` order).
WEEKDAY_NAMES: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Days on which a clinic books visits unless told otherwise (a scheduling default).
DEFAULT_CLINIC_DAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")

_JSON_NUMBER = PlainSerializer(json_number, return_type=int | float, when_used="json")

#: A daily dose in mg: 0.1–4.5 with at most two decimals (source key ``seed-individualized``).
DoseMg = Annotated[
    Decimal,
    Field(ge=MIN_DOSE_MG, le=MAX_DOSE_MG, decimal_places=2),
    _JSON_NUMBER,
    WithJsonSchema(
        {"type": "number", "minimum": float(MIN_DOSE_MG), "maximum": float(MAX_DOSE_MG)},
        mode="serialization",
    ),
]
#: A dose increment in mg: positive, at most two decimals, no larger than the dose range.
StepMg = Annotated[
    Decimal,
    Field(gt=0, le=MAX_STEP_MG, decimal_places=2),
    _JSON_NUMBER,
    WithJsonSchema(
        {"type": "number", "exclusiveMinimum": 0, "maximum": float(MAX_STEP_MG)},
        mode="serialization",
    ),
]

DoseTimeText = Annotated[str, Field(pattern=r"^(bedtime|morning|([01]\d|2[0-3]):[0-5]\d)$")]
_CLOCK = r"^([01]\d|2[0-3]):[0-5]\d$"  # compiled on first use


def target_problem(start_mg: Decimal, target_mg: Decimal) -> str | None:
    """What is wrong with a target below the start dose, or ``None``: a target is at least
    the start dose."""
    if target_mg >= start_mg:
        return None
    return (
        f"target {format_mg(target_mg)} is below the start dose {format_mg(start_mg)}; "
        "the target must be at least the start dose"
    )


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class TitrationSpec(_Frozen):
    """What a prescriber asks for: a start date and the numbers of the titration."""

    start: date
    protocol: str = "standard"
    protocol_source: str = "seed-standard"
    individualized: bool = False
    start_mg: DoseMg
    step_mg: StepMg
    every_days: int = Field(ge=MIN_INTERVAL_DAYS, le=MAX_INTERVAL_DAYS)
    target_mg: DoseMg
    dose_time: DoseTimeText = "bedtime"
    follow_up_min_days: int = Field(default=FOLLOW_UP_MIN_DAYS, ge=FOLLOW_UP_MIN_DAYS)
    follow_up_max_days: int = Field(default=FOLLOW_UP_MAX_DAYS, le=FOLLOW_UP_MAX_DAYS)
    maintain_days: int | None = Field(default=None, ge=1, le=MAX_MAINTAIN_DAYS)
    visit_slack: int = Field(
        default=DEFAULT_VISIT_SLACK_DAYS, ge=MIN_VISIT_SLACK_DAYS, le=MAX_VISIT_SLACK_DAYS
    )
    clinic_days: tuple[Weekday, ...] = Field(default=DEFAULT_CLINIC_DAYS, min_length=1)
    #: How the start date was read when the text left a choice (see ``Plan.start_note``).
    start_note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "TitrationSpec":
        problem = target_problem(self.start_mg, self.target_mg)
        if problem is not None:
            raise ValueError(problem)
        if self.follow_up_min_days > self.follow_up_max_days:
            raise ValueError(
                f"follow-up window {self.follow_up_min_days}–{self.follow_up_max_days} days "
                "runs backwards; it must lie within 14–28 days"
            )
        return self


class ProtocolRef(_Frozen):
    """The preset a plan came from, its source key, and the numbers actually used."""

    name: str
    source: str
    individualized: bool
    start_mg: DoseMg
    step_mg: StepMg
    every_days: int = Field(ge=MIN_INTERVAL_DAYS, le=MAX_INTERVAL_DAYS)


class Step(_Frozen):
    """One dose level held from ``start`` to ``end`` inclusive."""

    index: int = Field(ge=1)
    start: date
    end: date
    days: int = Field(ge=1)
    dose_mg: DoseMg


class Checkpoint(_Frozen):
    """A follow-up visit that reviews one or more steps, with its date window.

    Any day from ``earliest`` to ``latest`` reviews every step in ``reviews`` 14–28 days after
    it started; ``suggested`` is the first clinic day in that window. ``next_increase`` is the
    dose increase this visit decides (the whole window falls on or before it) and
    ``next_dose_mg`` its dose; both are null when the visit reviews the maintenance dose.
    ``clinic_day`` is false when no clinic day falls in the window: ``suggested`` is then its
    first day, and the visit needs a day agreed with the clinic.
    """

    earliest: date
    latest: date
    suggested: date
    reviews: list[int]
    assess: list[str]
    sources: list[str]
    next_increase: date | None = None
    next_dose_mg: DoseMg | None = None
    clinic_day: bool = Field(
        default=True,
        description="Whether the suggested day is a clinic day; false when the window has none.",
    )


class Precaution(_Frozen):
    """A clinical precaution printed with every plan, with its source key."""

    code: str
    text: str
    source: str


#: Warning severities that block starting a plan as planned.
BLOCKING_SEVERITIES = frozenset({"contraindicated", "error"})


class PlanWarning(_Frozen):
    """A finding about this patient's plan (for example an opioid conflict)."""

    code: str
    severity: str
    message: str
    source: str
    input: str | None = None
    matched: str | None = None


#: How a medication relates to LDN, most to least severe (``ldn meds``; ldn_cli/interactions.py).
Tier = Literal[
    "contraindicated", "caution", "pamora", "naloxone", "duplicate", "planned-ldn", "no-conflict"
]


VolumeMl = Annotated[Decimal, _JSON_NUMBER]
Percent = Annotated[Decimal, _JSON_NUMBER]
#: Bounds of a preparation's settings (as ``--bud``, ``--overage`` and ``--max-error`` allow).
MAX_BUD_DAYS = 365
MAX_PERCENT = 50


class Liquid(_Frozen):
    """An oral liquid of ``concentration_mg_per_ml``, on an aqueous or other base."""

    kind: Literal["liquid"] = "liquid"
    concentration_mg_per_ml: Annotated[Decimal, Field(gt=0, le=100, decimal_places=2), _JSON_NUMBER]
    base: Literal["aqueous", "preserved", "non-aqueous"] = "aqueous"


class Capsules(_Frozen):
    """Capsules in the listed strengths (mg); doses are made from whole capsules only."""

    kind: Literal["capsules"] = "capsules"
    strengths_mg: list[DoseMg] = Field(min_length=1)


Formulation = Annotated[Liquid | Capsules, Field(discriminator="kind")]


class CapsuleCount(_Frozen):
    """So many capsules of one strength."""

    strength_mg: DoseMg
    count: int = Field(ge=0)


class StepPreparation(_Frozen):
    """How one step's dose is measured: a volume in a syringe, or a capsule mix."""

    index: int = Field(ge=1)
    dose_mg: DoseMg
    volume_ml: VolumeMl | None = None
    syringe_ml: VolumeMl | None = None
    graduation_ml: VolumeMl | None = None
    delivered_mg: Annotated[Decimal, _JSON_NUMBER] | None = None
    error_pct: Percent | None = None
    capsules: list[CapsuleCount] | None = None


class Fill(_Frozen):
    """One dispensing: the days it covers, its use-by date and its quantity."""

    number: int = Field(ge=1)
    first_day: date
    last_day: date
    days: int = Field(ge=1)
    use_by: date
    quantity_ml: VolumeMl | None = None
    capsules: list[CapsuleCount] | None = None


class StockedSyringe(_Frozen):
    """An oral syringe the pharmacy stocks: its capacity and smallest graduation, in mL."""

    capacity_ml: Annotated[Decimal, Field(gt=0, le=100), _JSON_NUMBER]
    graduation_ml: Annotated[Decimal, Field(gt=0, le=100), _JSON_NUMBER]

    @model_validator(mode="after")
    def _graduated(self) -> "StockedSyringe":
        if self.graduation_ml >= self.capacity_ml:
            raise ValueError("a syringe's graduation must be smaller than its capacity")
        return self


class Preparation(_Frozen):
    """A plan made up in a formulation: per-step measures, fills, and what to watch.

    ``notes`` are storage and formulation facts in words a patient can read (each with its
    source); ``bud_notes`` explain the beyond-use date to the pharmacist.
    """

    formulation: Formulation
    bud_days: int = Field(ge=1, le=MAX_BUD_DAYS)
    bud_source: str
    overage_pct: Annotated[Percent, Field(ge=0, le=MAX_PERCENT)]
    max_error_pct: Annotated[Percent, Field(ge=0, le=MAX_PERCENT)]
    steps: list[StepPreparation] = Field(min_length=1)
    fills: list[Fill]
    days_supply: int
    total_ml: VolumeMl | None = None
    total_capsules: list[CapsuleCount] | None = None
    warnings: list[PlanWarning] = Field(default_factory=list)
    notes: list[Precaution] = Field(default_factory=list)
    bud_notes: list[Precaution] = Field(default_factory=list)
    #: The syringes the volumes were measured with (a liquid; empty: the defaults).
    syringes: list[StockedSyringe] = Field(default_factory=list)


class Hold(_Frozen):
    """Days without LDN: held on purpose (surgery, opioids) or missed, with the reason.

    ``event`` names what a held stretch is for, and ``event_start``..``event_end`` are its days
    (the surgery, or the opioid course), so that patient outputs can mark them.
    """

    start: date
    end: date
    kind: Literal["held", "missed"] = "held"
    reason: str
    source: str
    event: Literal["surgery", "opioid-course"] | None = None
    event_start: date | None = None
    event_end: date | None = None

    @model_validator(mode="after")
    def _in_order(self) -> "Hold":
        if self.end < self.start:
            raise ValueError(f"a hold ends ({self.end}) before it starts ({self.start})")
        return self


class PlanVisitRules(_Frozen):
    """The rules the plan's follow-up visits were placed by, so that an adjustment places its
    new visits the same way: each visit ``follow_up_window`` days (first, last) after the
    changes it reviews (``seed-follow-up``: 14–28), a booking window of ``slack_days`` where
    that rule allows it, and a suggested day on one of ``clinic_days`` (scheduling choices).
    A plan file written before the field existed reads the defaults."""

    slack_days: int = Field(
        default=DEFAULT_VISIT_SLACK_DAYS, ge=MIN_VISIT_SLACK_DAYS, le=MAX_VISIT_SLACK_DAYS
    )
    clinic_days: tuple[Weekday, ...] = Field(default=DEFAULT_CLINIC_DAYS, min_length=1)
    follow_up_window: tuple[
        Annotated[int, Field(ge=FOLLOW_UP_MIN_DAYS, le=FOLLOW_UP_MAX_DAYS)],
        Annotated[int, Field(ge=FOLLOW_UP_MIN_DAYS, le=FOLLOW_UP_MAX_DAYS)],
    ] = (FOLLOW_UP_MIN_DAYS, FOLLOW_UP_MAX_DAYS)

    @model_validator(mode="after")
    def _forwards(self) -> "PlanVisitRules":
        first, last = self.follow_up_window
        if first > last:
            raise ValueError(
                f"follow-up window {first}–{last} days runs backwards; it must lie within "
                f"{FOLLOW_UP_MIN_DAYS}–{FOLLOW_UP_MAX_DAYS} days"
            )
        if len(set(self.clinic_days)) != len(self.clinic_days):
            raise ValueError("clinic_days names a weekday twice; name each day once")
        return self


class Adjustment(_Frozen):
    """One recorded change to a running plan: what happened, when, why, and the source."""

    event: str
    on: date
    reason: str
    source: str


class SettingUsed(_Frozen):
    """An option's value taken from the clinic's settings: its key, value and where it was
    set (``settings file /etc/ldn.toml, line 3``, ``environment LDN_PLAN_PROTOCOL``)."""

    key: str
    value: str
    origin: str


class OpioidStop(_Frozen):
    """The opioids the plan rests on stopping: the last dose given (``--last-opioid-dose``)
    and the listed opioids as the prescriber wrote them (empty: no opioid was listed)."""

    last_dose: date
    medications: list[str] = Field(default_factory=list)


class CalendarSlots(_Frozen):
    """How many step, follow-up and hold events the calendar files of this plan, and of the
    plans it was adjusted from, hold at most. Each event's UID is its role and number, so a
    newer calendar of the same plan replaces each one and cancels those it no longer has
    (render/ics.py). ``Plan.model_copy`` (an adjustment) carries the count forward."""

    steps: int = Field(default=0, ge=0)
    visits: int = Field(default=0, ge=0)
    holds: int = Field(default=0, ge=0)


class Plan(_Frozen):
    """A whole titration: steps, follow-up checkpoints, precautions and warnings."""

    schema_version: Literal[1] = SCHEMA_VERSION
    protocol: ProtocolRef
    start: date
    end: date
    dose_time: DoseTimeText
    target_mg: DoseMg
    #: The most the patient may take in a day from now on: the target of a fresh plan, the
    #: adjusted ceiling after an adjustment. Every renderer prints this one value.
    max_daily_mg: DoseMg
    steps: list[Step]
    checkpoints: list[Checkpoint]
    precautions: list[Precaution]
    warnings: list[PlanWarning] = Field(default_factory=list)
    preparation: Preparation | None = None
    holds: list[Hold] = Field(default_factory=list)
    adjustments: list[Adjustment] = Field(default_factory=list)
    visit_rules: PlanVisitRules = Field(default_factory=PlanVisitRules)
    #: Options whose value came from a settings file or the environment, not the command.
    settings: list[SettingUsed] = []

    @model_validator(mode="before")
    @classmethod
    def _ceiling_defaults_to_target(cls, data: object) -> object:
        # Plan files written before the field existed read as their target.
        if isinstance(data, dict) and "max_daily_mg" not in data and "target_mg" in data:
            return {**data, "max_daily_mg": data["target_mg"]}
        return data

    start_note: str | None = Field(
        default=None,
        description="How the start date was read when it was given without a year or as a "
        "weekday, e.g. 'the next 26 Nov on or after today (no year was given)'.",
    )
    continues_until_review: bool = Field(
        default=True,
        description="The last step's dose goes on after the plan's last day, every day, until "
        "the prescriber reviews it: the plan's end is not a stop.",
    )
    opioid_stop: OpioidStop | None = Field(
        default=None,
        description="The last opioid dose the plan rests on, and the opioids listed: none of "
        "them may be taken after that day.",
    )
    calendar_slots: CalendarSlots = Field(
        default_factory=CalendarSlots,
        description="How many step, visit and hold events the calendars of this plan and of "
        "the plans it was adjusted from hold at most, so that a newer calendar cancels those "
        "it no longer has.",
    )

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (an adjusted plan is one) that also counts the events the calendars of this
        plan held, so that its own calendar cancels those it no longer has."""
        copied = super().model_copy(update=update, deep=deep)
        earlier = self.calendar_slots_so_far()
        slots = copied.calendar_slots_so_far()
        merged = CalendarSlots.model_construct(
            steps=max(earlier.steps, slots.steps),
            visits=max(earlier.visits, slots.visits),
            holds=max(earlier.holds, slots.holds),
        )
        return super(Plan, copied).model_copy(update={"calendar_slots": merged})

    def calendar_slots_so_far(self) -> CalendarSlots:
        """The events any calendar of this plan, or of a plan it was adjusted from, held."""
        slots = self.calendar_slots
        return CalendarSlots.model_construct(
            steps=max(slots.steps, len(self.steps)),
            visits=max(slots.visits, len(self.checkpoints)),
            holds=max(slots.holds, len(self.holds)),
        )

    @field_validator("steps")
    @classmethod
    def _has_steps(cls, steps: list[Step]) -> list[Step]:
        if not steps:
            raise ValueError("a plan needs at least one step")
        return steps

    @field_validator("checkpoints")
    @classmethod
    def _has_checkpoints(cls, checkpoints: list[Checkpoint]) -> list[Checkpoint]:
        if not checkpoints:
            raise ValueError("a plan needs at least one follow-up visit")
        return checkpoints

    @model_validator(mode="after")
    def _consistent(self) -> "Plan":
        # Plans read from files must hold together: renderers and adjustments rely on it.
        from ldn_cli.integrity import plan_problem

        problem = plan_problem(self)
        if problem is not None:
            raise ValueError(problem)
        return self

    def blocking_warnings(self) -> list["PlanWarning"]:
        """The warnings that block starting as planned (exit status 1): contraindications, and
        errors such as a dose the formulation cannot measure within the limit."""
        return [warning for warning in self.warnings if warning.severity in BLOCKING_SEVERITIES]

    def is_blocked(self) -> bool:
        """True when a warning blocks starting as planned (see ``blocking_warnings``)."""
        return bool(self.blocking_warnings())

    def hold_on(self, day: date) -> "Hold | None":
        """The recorded hold (no LDN, on purpose or missed) that covers ``day``, if any."""
        return next((hold for hold in self.holds if hold.start <= day <= hold.end), None)

    def dose_on(self, day: date) -> Decimal | None:
        """The planned dose on ``day``, or ``None`` outside the plan."""
        for step in self.steps:
            if step.start <= day <= step.end:
                return step.dose_mg
        return None


def dose_time_phrase(dose_time: str) -> str:
    """Words for a dose time: "at bedtime", "in the morning", "at 21:30" (never qhs/HS)."""
    if dose_time == "bedtime":
        return "at bedtime"
    if dose_time == "morning":
        return "in the morning"
    if re.match(_CLOCK, dose_time):
        return f"at {dose_time}"
    raise ValueError(f"not a dose time: {dose_time!r}")
