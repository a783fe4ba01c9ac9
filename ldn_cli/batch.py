"""Many plans in one process: rows of plan requests in, JSON Lines out, in order, streamed.

Input is CSV with a header (one row a line; ``;`` between medications in a cell) or JSON
Lines, read one physical line at a time as bytes, so that memory stays flat and one bad line
(any value, any size, any encoding problem) becomes that row's error line while the batch goes
on. Only a stream that cannot be read as a whole (a CSV header that is not one, UTF-16 text)
stops it. A row is a ``BatchRow``: the ``ldn plan`` options (``PlanRequest``) plus an ``id``,
validated by that model, so ``ldn schema spec`` is exactly what a batch accepts.

Each output line is a ``BatchLine``: ``id``, ``row`` (the data row's number), ``line`` (its
physical line in the input), ``status`` (``ok``, ``contraindicated`` or ``error``) and the
``plan`` or the ``error``.

Speed: a request planned once is the same plan moved by whole weeks for every other start on
the same weekday (visits fall on clinic days, so a shift by days would not do). Its JSON is
kept as a ``DatedTemplate`` whose date fields move; the template is used only after planning
the request a second time, far in the future, gives exactly the moved text, so a plan whose
text depends on its dates in any other way is planned row by row instead.
"""

import csv
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO, TYPE_CHECKING, Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationError,
)

from ldn_cli.errors import InputError, LdnError, validation_message
from ldn_cli.fields import accepting
from ldn_cli.jsontext import DatedTemplate, dumps, loads
from ldn_cli.limits import MAX_CELL_CHARS, MAX_LINE_BYTES, MAX_VALUE_CHARS, size_text
from ldn_cli.models import Plan
from ldn_cli.settings import apply, with_recorded
from ldn_cli.spec import PlanRequest, plan_for

if TYPE_CHECKING:
    from ldn_cli.settings import Setting, Settings

#: Medications in one CSV cell are separated by semicolons.
MEDS_SEPARATOR = ";"
#: Distinct requests kept as templates (bounded: memory stays flat on any input).
TEMPLATE_CACHE_SIZE = 4096
#: A Monday: templates are planned from the anchor on the row's weekday.
_ANCHOR = date(2000, 1, 3)
#: The second planning that proves a template: about five years later, on the same weekday.
_PROOF_SHIFT_DAYS = 7 * 261
#: An integer id is a JSON-safe integer (exact in every JSON reader).
MAX_INTEGER_ID = 2**53

Status = Literal["ok", "contraindicated", "error"]


class BatchRow(PlanRequest):
    """One batch row: the ``ldn plan`` options, and an ``id`` echoed in its output line."""

    id: Annotated[
        Annotated[str, StringConstraints(max_length=MAX_VALUE_CHARS)]
        | Annotated[StrictInt, Field(ge=-MAX_INTEGER_ID, le=MAX_INTEGER_ID)]
        | None,
        accepting((str, int), "text or a whole number"),
        Field(description="Your identifier for the row, echoed in its output line."),
    ] = None


#: Columns a batch may have: the ``ldn plan`` options, plus ``id``.
COLUMNS = ("id", *PlanRequest.model_fields)


class BatchLine(BaseModel):
    """One output line: the row's ``id``, numbers and status, and its plan or its error."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    id: str | int | None
    row: int = Field(description="The data row's number, from 1.")
    line: int = Field(description="The row's physical line in the input, from 1.")
    status: Status = Field(
        description="ok; contraindicated (a plan is given, and a warning blocks starting it as "
        "planned); error (no plan: see error)."
    )
    plan: Plan | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class RawRow:
    """A row as read: its numbers, and its fields or the reason it could not be read."""

    row: int
    line: int
    fields: dict[str, object] | None
    problem: str | None = None


# --- reading ------------------------------------------------------------------------------------


def physical_lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """Numbered physical lines without their line end; ``None`` for a line past the limit
    (the rest of it is skipped unread into memory)."""
    number = 0
    while chunk := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(chunk) > MAX_LINE_BYTES and not chunk.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES + 1)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        if number == 1:
            if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise InputError("the batch input is UTF-16 text; save it as UTF-8")
            chunk = chunk.removeprefix(b"\xef\xbb\xbf")
        yield number, chunk.rstrip(b"\r\n")


def _decoded(number: int, data: bytes | None) -> tuple[str | None, str | None]:
    """The line's text, or the reason it cannot be read."""
    if data is None:
        return None, f"line {number} is longer than {size_text(MAX_LINE_BYTES)}, the limit"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return None, f"line {number} is not UTF-8 text (byte {error.start + 1} of the line)"


def read_rows(stream: IO[bytes], kind: Literal["csv", "jsonl"] | None = None) -> Iterator[RawRow]:
    """The rows of a CSV (with a header) or JSON Lines stream; ``kind`` None: from the first
    non-blank line (``{`` starts JSON Lines)."""
    lines = physical_lines(stream)
    for number, data in lines:
        if data is not None and not data.strip():
            continue
        text, problem = _decoded(number, data)
        if kind is None:
            kind = "jsonl" if (text or "").lstrip().startswith(("{", "[")) else "csv"
        rest = _chain_first(number, data, lines)
        yield from (_jsonl_rows(rest) if kind == "jsonl" else _csv_rows(rest))
        return


def _chain_first(
    number: int, data: bytes | None, rest: Iterator[tuple[int, bytes | None]]
) -> Iterator[tuple[int, bytes | None]]:
    yield number, data
    yield from rest


def _jsonl_rows(lines: Iterable[tuple[int, bytes | None]]) -> Iterator[RawRow]:
    row = 0
    for number, data in lines:
        if data is not None and not data.strip():
            continue
        row += 1
        text, problem = _decoded(number, data)
        if text is None:
            yield RawRow(row, number, None, problem)
            continue
        try:
            value = loads(text, name=f"line {number}")
        except InputError as error:
            yield RawRow(row, number, None, str(error))
            continue
        if not isinstance(value, dict):
            yield RawRow(row, number, None, f"line {number}: a row must be a JSON object")
            continue
        yield RawRow(row, number, value)


def _csv_cells(text: str, number: int) -> list[str]:
    """The cells of one CSV line; a quote left open is an error (rows are one line each)."""
    try:
        return next(csv.reader([text], strict=True))
    except csv.Error as error:
        raise InputError(
            f"line {number}: not valid CSV ({error}); rows are one line each: close every quote"
        ) from None


def _csv_header(number: int, text: str | None, problem: str | None) -> list[str]:
    if text is None:
        raise InputError(f"batch CSV header: {problem}")
    try:
        header = [cell.strip() for cell in _csv_cells(text, number)]
    except InputError as error:
        raise InputError(f"batch CSV header: {error}") from None
    unknown = [name for name in header if name not in COLUMNS]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if unknown or not any(header):
        raise InputError(
            f"batch CSV header, line {number}: unknown column(s) "
            f"{', '.join(repr(name) for name in unknown) or '(none)'}; allowed: "
            f"{', '.join(COLUMNS)}"
        )
    if repeated:
        raise InputError(
            f"batch CSV header, line {number}: column(s) {', '.join(repeated)} appear twice; "
            "give each column once"
        )
    return header


def _csv_rows(lines: Iterable[tuple[int, bytes | None]]) -> Iterator[RawRow]:
    header: list[str] | None = None
    row = 0
    for number, data in lines:
        if data is not None and not data.strip():
            continue
        text, problem = _decoded(number, data)
        if header is None:
            header = _csv_header(number, text, problem)
            continue
        row += 1
        if text is None:
            yield RawRow(row, number, None, problem)
            continue
        try:
            yield RawRow(row, number, _csv_fields(header, text, number))
        except InputError as error:
            yield RawRow(row, number, None, str(error))


def _csv_fields(header: list[str], text: str, number: int) -> dict[str, object]:
    cells = _csv_cells(text, number)
    if len(cells) != len(header):
        hint = ": a decimal comma? write 2.5, or quote the cell" if len(cells) > len(header) else ""
        raise InputError(f"line {number}: {len(cells)} cells for {len(header)} columns{hint}")
    fields: dict[str, object] = {}
    for name, cell in zip(header, cells, strict=True):
        if len(cell) > MAX_CELL_CHARS:
            raise InputError(
                f"line {number}: the {name} cell is longer than {MAX_CELL_CHARS} characters, "
                "the limit"
            )
        value = cell.strip()
        if not value:
            continue  # an empty cell: the option is not given for this row
        if name == "meds":
            fields[name] = [item.strip() for item in value.split(MEDS_SEPARATOR) if item.strip()]
        else:
            fields[name] = value
    return fields


# --- planning -----------------------------------------------------------------------------------


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


class Planner:
    """Plans batch rows, keeping one proven JSON template per distinct request and weekday."""

    def __init__(self, *, today: date, settings: "Settings | None" = None) -> None:
        self.today = today
        self.settings = settings
        self.internal_errors = 0
        self._templates: dict[tuple[object, ...], tuple[DatedTemplate, Status] | None] = {}

    def line(self, raw: RawRow) -> tuple[str, Status]:
        """The output line for ``raw`` (without newline) and its status.

        A failure is that row's error line, whatever it is; one that is not a user's
        mistake (a bug) says so and counts in ``internal_errors``, and the batch goes on.
        """
        try:
            return self._line(raw)
        except Exception as error:  # noqa: BLE001 - one row's bug must not lose the others
            self.internal_errors += 1
            message = (
                f"internal error ({type(error).__name__}) while planning this row; please report it"
            )
            return _error_line(_echoed_id(raw.fields), raw, message), "error"

    def _line(self, raw: RawRow) -> tuple[str, Status]:
        identity = _echoed_id(raw.fields)
        if raw.fields is None:
            return _error_line(identity, raw, raw.problem or "unreadable row"), "error"
        try:
            request = BatchRow.model_validate(raw.fields)
        except ValidationError as error:
            return _error_line(identity, raw, validation_message(error)), "error"
        request, used = apply(request, self.settings)  # the clinic's fill what the row leaves
        try:
            plan_text, status = self._plan_text(request, used)
        except LdnError as error:
            return _error_line(request.id, raw, str(error)), "error"
        identity = dumps(request.id, indent=None)
        head = f'{{"id":{identity},"row":{raw.row},"line":{raw.line},"status":"{status}"'
        return f'{head},"plan":{plan_text}}}', status

    def _plan_text(self, request: BatchRow, used: "list[Setting]") -> tuple[str, Status]:
        from ldn_cli.timeparse import read_date

        plan_of = functools.partial(_plan_of, used=used, today=self.today)
        if isinstance(request.start, str):
            reading = read_date(request.start, today=self.today, what="start date")  # as spec_for
            if reading.note is not None:  # "next monday": its plan says how it was read
                plan = plan_of(request)
                return dumps(plan, indent=None), _status(plan)
            start = reading.day
        else:
            start = request.start or self.today
        if request.last_opioid_dose is not None:  # dated warnings: plan this row alone
            return _planned_alone(request, start=start, plan_of=plan_of)
        anchor = _ANCHOR + timedelta(days=start.weekday())
        key = (start.weekday(), *_request_key(request), tuple(item.key for item in used))
        if key not in self._templates:
            template = _proven_template(request, anchor=anchor, plan_of=plan_of)
            if len(self._templates) < TEMPLATE_CACHE_SIZE:
                self._templates[key] = template
        else:
            template = self._templates[key]
        if template is None:
            return _planned_alone(request, start=start, plan_of=plan_of)
        text, status = template
        shift = (start - anchor).days
        if not text.fits(shift):  # near year 1 or 9999: let the planner say what does not fit
            return _planned_alone(request, start=start, plan_of=plan_of)
        return text.render(shift), status


def _request_key(request: BatchRow) -> tuple[object, ...]:
    """The values given that shape the request's plan (not its id, not its start)."""
    given = request.model_fields_set - {"id", "start"}
    return tuple(sorted((name, _hashable(getattr(request, name))) for name in given))


def _status(plan: Plan) -> Status:
    return "contraindicated" if plan.is_blocked() else "ok"


def _plan_of(request: BatchRow, *, used: "list[Setting]", today: date) -> Plan:
    """The row's plan, recording the settings that filled it."""
    return with_recorded(plan_for(request, today=today), used)


PlanOf = Callable[[BatchRow], Plan]


def _planned_alone(request: BatchRow, *, start: date, plan_of: PlanOf) -> tuple[str, Status]:
    plan = plan_of(request.model_copy(update={"start": start}))
    return dumps(plan, indent=None), _status(plan)


def _proven_template(
    request: BatchRow, *, anchor: date, plan_of: PlanOf
) -> tuple[DatedTemplate, Status] | None:
    """The request's template, if planning it far later gives exactly the moved text."""
    plan = plan_of(request.model_copy(update={"start": anchor}))
    later = plan_of(
        request.model_copy(update={"start": anchor + timedelta(days=_PROOF_SHIFT_DAYS)})
    )
    template = DatedTemplate(plan)
    if template.render(_PROOF_SHIFT_DAYS) != dumps(later, indent=None):
        return None
    return template, _status(plan)


def _echoed_id(fields: dict[str, object] | None) -> str | int | None:
    """The row's id when it is a valid one, so that even an error line can be matched."""
    value = (fields or {}).get("id")
    if isinstance(value, str) and len(value) <= MAX_VALUE_CHARS:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_INTEGER_ID:
        return value
    return None


def _error_line(identity: str | int | None, raw: RawRow, message: str) -> str:
    return (
        f'{{"id":{dumps(identity, indent=None)},"row":{raw.row},"line":{raw.line},"status":"error",'
        f'"error":{dumps(message, indent=None)}}}'
    )


def run_batch(planner: Planner, rows: Iterable[RawRow]) -> Iterator[tuple[str, Status]]:
    """Output lines (without newline) and each row's status, in input order."""
    for raw in rows:
        yield planner.line(raw)
