"""Many plans in one process: rows of plan requests in, JSON Lines out, in order.

A row is a ``PlanRequest`` (the ``ldn plan`` options as fields; CSV columns or JSON Lines
keys). Each result line is ``{"id", "row", "plan"}`` or ``{"id", "row", "error"}``: a bad row
never stops the batch. Rows are read and written one at a time, so memory stays flat.

Speed: plans that differ only in their start date are the same plan shifted in time, so each
distinct request is planned once, and its JSON is kept as a template whose dates are filled
in per row (a test checks every line against planning the row on its own).
"""

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from ldn_cli.errors import InputError, LdnError
from ldn_cli.models import Plan

#: Columns a batch may have: the ``ldn plan`` options, plus ``id``.
COLUMNS = (
    "id",
    "start",
    "protocol",
    "start_dose",
    "step",
    "every",
    "target",
    "dose_time",
    "follow_up_window",
    "maintain",
    "meds",
    "last_opioid_dose",
)
#: Medications in one CSV cell are separated by semicolons.
MEDS_SEPARATOR = ";"
#: Distinct requests kept as templates (bounded: memory stays flat on any input).
TEMPLATE_CACHE_SIZE = 4096
_ANCHOR = date(2000, 1, 3)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class PlanRequest(BaseModel):
    """One batch row: the options of ``ldn plan``, as text, numbers or lists."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str | int | None = None
    start: str | None = None
    protocol: str = "standard"
    start_dose: str | float | None = None
    step: str | float | None = None
    every: str | None = None
    target: str | float | None = None
    dose_time: str = "bedtime"
    follow_up_window: str | None = None
    maintain: str | None = None
    meds: list[str] | str | None = Field(
        default=None, description="Medications: a list, or one string separated by ';'"
    )
    last_opioid_dose: str | None = None


class BatchLine(BaseModel):
    """One output line: the row's ``id`` and number, and its plan or its error."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    id: str | int | None
    row: int
    plan: Plan | None = None
    error: str | None = None


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _meds(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).split(MEDS_SEPARATOR)
    return tuple(item.strip() for item in items if str(item).strip())


class Planner:
    """Plans batch rows, keeping one JSON template per distinct request."""

    def __init__(self, *, today: date) -> None:
        self.today = today
        self._templates: dict[tuple[object, ...], tuple[list[str], list[int]]] = {}

    def line(self, number: int, row: Mapping[str, object]) -> tuple[str, bool]:
        """The output line for row ``number`` and whether it failed."""
        identity = row.get("id")
        try:
            unknown = sorted(set(row) - set(COLUMNS))
            if unknown:
                raise InputError(
                    f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(COLUMNS)}"
                )
            plan_text = self._plan_text(row)
        except LdnError as error:
            return _result(identity, number, error=str(error)), True
        return _result(identity, number, plan_text=plan_text), False

    def _plan_text(self, row: Mapping[str, object]) -> str:
        from ldn_cli.timeparse import parse_date

        start_text = _text(row.get("start"))
        start = (
            self.today
            if start_text is None
            else parse_date(start_text, today=self.today, what="start date")
        )
        if _text(row.get("last_opioid_dose")):  # dates outside the plan: plan it alone
            return _plan_json(row, start=start, today=self.today)
        key = tuple(_text(row.get(name)) for name in COLUMNS[2:10]) + (_meds(row.get("meds")),)
        template = self._templates.get(key)
        if template is None:
            template = _template(_plan_json(row, start=_ANCHOR, today=self.today))
            if len(self._templates) < TEMPLATE_CACHE_SIZE:
                self._templates[key] = template
        parts, offsets = template
        ordinal = start.toordinal()
        dates = [date.fromordinal(ordinal + offset).isoformat() for offset in offsets]
        pieces = [parts[0]]
        for text, iso in zip(parts[1:], dates, strict=True):
            pieces.append(iso)
            pieces.append(text)
        return "".join(pieces)


def _plan_json(row: Mapping[str, object], *, start: date, today: date) -> str:
    """The compact JSON of the plan for ``row`` starting on ``start``."""
    from ldn_cli.interactions import plan_warnings
    from ldn_cli.render.json import to_json
    from ldn_cli.schedule import build_plan
    from ldn_cli.spec import build_spec
    from ldn_cli.timeparse import parse_date

    spec = build_spec(
        today=today,
        start=start.isoformat(),
        protocol=_text(row.get("protocol")) or "standard",
        start_dose=_text(row.get("start_dose")),
        step=_text(row.get("step")),
        every=_text(row.get("every")),
        target=_text(row.get("target")),
        dose_time=_text(row.get("dose_time")) or "bedtime",
        follow_up_window=_text(row.get("follow_up_window")),
        maintain=_text(row.get("maintain")),
    )
    from ldn_cli.pace import pace_warnings

    last = _text(row.get("last_opioid_dose"))
    warnings = plan_warnings(
        _meds(row.get("meds")),
        start=start,
        last_opioid_dose=parse_date(last, today=today, what="last opioid dose") if last else None,
    )
    return to_json(build_plan(spec, warnings=[*warnings, *pace_warnings(spec)]), indent=None)


def _template(text: str) -> tuple[list[str], list[int]]:
    """Split plan JSON at its dates: the text between them, and each date's day offset."""
    parts = _ISO_DATE.split(text)
    offsets = [(date.fromisoformat(found) - _ANCHOR).days for found in _ISO_DATE.findall(text)]
    return parts, offsets


def _result(
    identity: object, number: int, *, plan_text: str | None = None, error: str | None = None
) -> str:
    head = f'{{"id":{json.dumps(identity, ensure_ascii=False)},"row":{number},'
    if plan_text is not None:
        return f'{head}"plan":{plan_text}}}'
    return f'{head}"error":{json.dumps(error, ensure_ascii=False)}}}'


def csv_rows(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, object]]]:
    """Rows of a CSV with a header, numbered from 1 (the first data row)."""
    import csv

    reader = csv.DictReader(lines)
    header = reader.fieldnames or []
    unknown = [name for name in header if name not in COLUMNS]
    if not header or unknown:
        raise InputError(
            f"batch CSV header: unknown column(s) {', '.join(unknown) or '(none)'}; "
            f"allowed: {', '.join(COLUMNS)}"
        )
    for number, row in enumerate(reader, start=1):
        yield number, {key: value for key, value in row.items() if key is not None}


def jsonl_rows(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, object] | str]]:
    """Rows of JSON Lines, numbered from 1; a line that is not an object yields its error."""
    number = 0
    for line in lines:
        if not line.strip():
            continue
        number += 1
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, f"line {number}, column {error.colno}: not valid JSON ({error.msg})"
            continue
        if not isinstance(value, dict):
            yield number, "each line must be a JSON object of plan options"
            continue
        yield number, value


def run_batch(
    rows: Iterable[tuple[int, Mapping[str, object] | str]], *, today: date
) -> Iterator[tuple[str, bool]]:
    """Output lines (without newline) and whether each row failed, in input order."""
    planner = Planner(today=today)
    for number, row in rows:
        if isinstance(row, str):
            yield _result(None, number, error=row), True
        else:
            yield planner.line(number, row)
