"""The patient handout (``--format html``): one self-contained, printable HTML file.

Written to the patient, in the core's patient wording and without source keys: what to take and
when, the follow-up visits with the days to book them, a step chart as inline SVG, what to
watch for and whom to call, a tick sheet (a month grid with the dose and a box on every day,
starting on its own page) and a cut-out wallet card. A plan with a blocking warning says at the
top that LDN must not be started as planned, and why, and leaves the tick sheet out. The
clinician's text (findings, assessments and sources) goes only on a separate clinician page,
with ``RenderOptions.clinician_copy``. No external assets and no scripts; print CSS for A4 and
US Letter.
"""

import calendar as stdlib_calendar
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal, NamedTuple

from ldn_cli.dose import format_mg
from ldn_cli.models import Checkpoint, Hold, Plan, Precaution, dose_time_phrase
from ldn_cli.render import (
    DISCLAIMER,
    NO_CLINIC_DAY_NOTE,
    RenderOptions,
    dose_with_measure,
    long_date,
    measure_text,
    patient_decision,
    patient_restart,
    patient_visit_changes,
    patient_window,
    severity_label,
    window_text,
)
from ldn_cli.render import html_text as escape
from ldn_cli.schedule import (
    PATIENT_DO_NOT_START,
    PATIENT_DO_NOT_START_WHY,
    PATIENT_KEEP_TAKING,
    PATIENT_VISIT_TIMING,
    PATIENT_VISIT_TOPICS,
    WALLET_CARD,
    opioid_stop_text,
    patient_blocking_reasons,
    patient_precautions,
    restart_after,
)

CHART_WIDTH = 640
#: The plot's usual height, and the most it grows to give close dose levels room.
CHART_PLOT_HEIGHT = 110
CHART_MAX_PLOT_HEIGHT = 160
#: Room left of the plot for the dose labels, above it for the top label, below for dates.
CHART_LEFT = 56
CHART_TOP = 18
CHART_BOTTOM = 22
#: Room under the last row of date labels (descenders).
CHART_BELOW_TEXT = 5
#: Dose labels: least distance between two on the y-axis (a 10-unit font), and where the
#: longest ("0.25 mg") ends, for leader lines.
DOSE_LABEL_GAP = 12
DOSE_LABEL_END = 44
#: The highest a dose label's baseline may sit (a 10-unit font is not clipped at the top).
TOP_LABEL_Y = 12
#: Date labels: the width of a character in a 10-unit font (generous: "30 Dec" is about 32
#: units), the space kept between two on one row, and the height of a row.
DATE_CHAR_WIDTH = 6.2
DATE_LABEL_SPACE = 6
DATE_ROW_HEIGHT = 12
DATE_MAX_ROWS = 3
#: Under a chart that could not label every dose or date.
CHART_PARTLY_LABELLED = (
    "The chart has too many steps to label each one: every dose and its dates are in the list "
    "above."
)
#: A step is labelled with its dose above its line when it is at least this wide.
STEP_LABEL_WIDTH = 40
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_BLANK = "______________________"
#: The call box's question; a patient who must not start has no side effects to ask about.
CALL_QUESTION = "Questions, or a side effect that does not settle?"

STYLE = """
@page { margin: 11mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111;
       margin: 0 auto; max-width: 186mm; line-height: 1.3; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm; border-bottom: 1px solid #999;
     break-after: avoid; }
p, ul, ol { margin: 1mm 0; }
ul, ol { padding-left: 5mm; }
li { margin: 0.4mm 0; }
.who { margin: 0 0 2mm; }
.stop { border: 3px solid #b00; padding: 2mm 3mm; margin: 2mm 0; break-inside: avoid; }
.stop h2 { color: #b00; border: none; margin: 0 0 1mm; font-size: 13pt; }
.call { border: 1.5px solid #000; padding: 1.5mm 3mm; margin: 2mm 0; break-inside: avoid; }
/* What to watch for, the tick sheet and the card start page 2: page 1 says what to take
   and when; a list split over two pages would leave a bullet alone. */
.page-two { break-before: page; }
.important { break-inside: avoid; }
.months { display: flex; flex-wrap: wrap; gap: 4mm; }
.month { break-inside: avoid; width: 90mm; }
.month table { border-collapse: collapse; width: 100%; table-layout: fixed; }
.month caption { font-weight: bold; text-align: left; }
.month th { font-size: 7.5pt; font-weight: normal; }
.month td { border: 1px solid #777; height: 10mm; vertical-align: top; font-size: 7pt;
            padding: 0.5mm; }
.month td.empty { border: none; }
.month td.visit { background: #e6e6e6; border: 2px solid #000; }
.month td.event { border: 2px dashed #000; }
.day { font-weight: bold; }
.dose, .nowrap { white-space: nowrap; }
.first { border: 2px solid #000; padding: 1.5mm 3mm; margin: 2mm 0; font-weight: bold;
         break-inside: avoid; }
.mark { font-weight: bold; }
.box { display: inline-block; width: 2.6mm; height: 2.6mm; border: 1px solid #000;
       float: right; }
.card { break-inside: avoid; border: 1.5px dashed #000; width: 85.6mm; min-height: 54mm;
        padding: 3mm; margin-top: 4mm; font-size: 8.5pt; }
.card p { margin: 0.8mm 0; }
.card strong { font-size: 10pt; }
.clinician { break-before: page; }
.clinician table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
.clinician td, .clinician th { border: 1px solid #999; padding: 1mm; text-align: left;
                               vertical-align: top; }
.footer { font-size: 8pt; margin-top: 3mm; font-style: italic; }
svg text { font-size: 10px; font-family: inherit; }
.chart { break-inside: avoid; }
"""


def dose(value: Decimal) -> str:
    """A dose that never breaks across lines: ``<span class="dose">4.5 mg</span>``."""
    return f'<span class="dose">{format_mg(value)}</span>'


def _measure(plan: Plan, index: int) -> str:
    measure = measure_text(plan, index)
    return f" ({escape(measure)})" if measure else ""


def render(plan: Plan, options: RenderOptions) -> str:
    """The handout as one HTML document."""
    from ldn_cli.render.diary_page import html_block as diary_block

    head = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Your low dose naltrexone (LDN) plan</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Your low dose naltrexone (LDN) plan</h1>",
        *_who(options),
    ]
    important = [
        f'<section class="important{"" if plan.is_blocked() else " page-two"}"><h2>Important</h2>'
        "<ul>",
        *(f"<li>{escape(item.text)}</li>" for item in patient_precautions(plan)),
        # storage and formulation of the medicine made up for this plan, in plain words
        *(f"<li>{escape(note.text)}</li>" for note in _preparation_notes(plan)),
        "</ul></section>",
    ]
    if plan.is_blocked():
        # A patient who must not start gets the reasons and whom to call: no doses, visits,
        # tick sheet, diary or card saying that they take LDN.
        parts = [*head, *_stop(plan), _call(options, question="Questions?"), *important]
    else:
        parts = [
            *head,
            *_start(plan),
            _call(options),
            *_doses(plan),
            *_visits(plan),
            *_chart_section(plan),
            *important,
            *_tick_sheet(plan),
            _wallet_card(plan, options),
            diary_block(plan),  # the pain diary pages (ldn review's rows)
        ]
    if options.clinician_copy:
        parts += _clinician_page(plan, options)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _preparation_notes(plan: Plan) -> list[Precaution]:
    return list(plan.preparation.notes) if plan.preparation is not None else []


def _chart_section(plan: Plan) -> list[str]:
    svg, complete = step_chart(plan)
    note = "" if complete else f'<p class="footer">{escape(CHART_PARTLY_LABELLED)}</p>'
    return [f'<h2>Dose over time</h2><div class="chart">{svg}{note}</div>']


def _phone(number: str) -> str:
    """A phone number that never breaks across lines."""
    return f'<span class="nowrap">{escape(number)}</span>'


def _who(options: RenderOptions) -> list[str]:
    lines = [
        f"{label}: <strong>{_phone(value) if label == 'Phone' else escape(value)}</strong>"
        for label, value in (
            ("For", options.patient_name),
            ("Prescriber", options.prescriber),
            ("Clinic", options.clinic_name),
            ("Phone", options.clinic_phone),
        )
        if value
    ]
    return [f'<p class="who">{" · ".join(lines)}</p>'] if lines else []


def _start(plan: Plan) -> list[str]:
    phrase = dose_time_phrase(plan.dose_time)
    parts = [
        f"<p>Take one dose by mouth <strong>{escape(phrase)}</strong>, once a day, starting "
        f"<strong>{long_date(plan.start)}</strong>. Never take more than "
        f"{dose(plan.max_daily_mg)} a day.</p>"
    ]
    if plan.opioid_stop is not None:
        text = opioid_stop_text(plan, long_date(plan.opioid_stop.last_dose)) or ""
        parts.append(f'<p class="first">{escape(text)}</p>')
    return parts


def _stop(plan: Plan) -> list[str]:
    return [
        f'<div class="stop"><h2>{escape(PATIENT_DO_NOT_START)}</h2>',
        f"<p>{escape(PATIENT_DO_NOT_START_WHY)}</p><ul>",
        *(f"<li>{escape(reason)}</li>" for reason in patient_blocking_reasons(plan)),
        "</ul>",
        f"<p>This plan was drawn up to start on {long_date(plan.start)}. It is on hold: do not "
        "take any LDN until your prescriber gives you a plan you can start.</p>",
        "</div>",
    ]


def _doses(plan: Plan) -> list[str]:
    phrase = dose_time_phrase(plan.dose_time)
    items: list[tuple[date, int, str]] = [
        (hold.start, 0, f"<li><strong>No LDN</strong> {_hold_text(hold)}.</li>")
        for hold in plan.holds
    ]
    for step in plan.steps:
        take = f"take <strong>{dose(step.dose_mg)}</strong>{_measure(plan, step.index)} {phrase}"
        if step.index < len(plan.steps):
            text = f"From {long_date(step.start)} to {long_date(step.end)}: {take}."
        else:
            keep = PATIENT_KEEP_TAKING.text.format(dose=format_mg(step.dose_mg), when=phrase)
            text = f"From {long_date(step.start)}: {take}. {escape(keep)}"
        restart = restart_after(plan, step)
        if restart is not None:
            text += f" <strong>{escape(patient_restart(restart))}</strong>"
        items.append((step.start, 1, f"<li>{text}</li>"))
    return ["<h2>Your doses</h2><ul>", *(item for _, _, item in sorted(items)), "</ul>"]


def _hold_text(hold: Hold) -> str:
    text = f"from {long_date(hold.start)} to {long_date(hold.end)} ({escape(hold.reason)})"
    if hold.event == "surgery" and hold.event_start is not None:
        text += f"; surgery on {long_date(hold.event_start)}"
    elif hold.event == "opioid-course" and hold.event_start and hold.event_end:
        text += f"; opioids {long_date(hold.event_start)} to {long_date(hold.event_end)}"
    return text


def _visits(plan: Plan) -> list[str]:
    parts = ["<h2>Your follow-up visits</h2>", f"<p>{escape(PATIENT_VISIT_TIMING.text)}</p><ol>"]
    for number, checkpoint in enumerate(plan.checkpoints, start=1):
        parts.append(
            f"<li><strong>Visit {number}: book a day {patient_window(checkpoint)}</strong> "
            f"(suggested: {long_date(checkpoint.suggested)}). "
            f"{escape(patient_visit_changes(plan, checkpoint))} "
            f"{escape(patient_decision(plan, checkpoint))}</li>"
        )
    topics = "; ".join(escape(topic.text) for topic in PATIENT_VISIT_TOPICS)
    parts.append(f"</ol><p>At each visit you talk about {topics}.</p>")
    return parts


def _call(options: RenderOptions, *, question: str = CALL_QUESTION) -> str:
    who = escape(options.who_to_call())
    if options.clinic_phone:  # a phone number never breaks across lines
        number = escape(options.clinic_phone)
        who = who.removesuffix(number) + _phone(options.clinic_phone)
    phone = "" if options.clinic_phone else f" Phone: {_BLANK}"
    return f'<p class="call"><strong>{question}</strong> Call {who}.{phone}</p>'


def _tick_sheet(plan: Plan) -> list[str]:
    last = plan.steps[-1]
    keep = PATIENT_KEEP_TAKING.text.format(
        dose=format_mg(last.dose_mg), when=dose_time_phrase(plan.dose_time)
    )
    restarts = [
        f"<p><strong>Restart on {long_date(step.start)}:</strong> "
        f"{escape(patient_restart(hold))}</p>"
        for step in plan.steps
        if (hold := restart_after(plan, step)) is not None
    ]
    return [
        '<section class="ticks"><h2>Tick each dose when you take it</h2>',
        '<div class="months">' + "".join(month_tables(plan)) + "</div>",
        *restarts,
        f"<p>After {long_date(plan.end)}: {escape(keep)}</p></section>",
    ]


def _wallet_card(plan: Plan, options: RenderOptions) -> str:
    phrase = dose_time_phrase(plan.dose_time)

    def line(label: str, value: str | None) -> str:
        return f"<p>{label}: {escape(value) if value else _BLANK}</p>"

    # A phone number never breaks across lines (the card is narrow).
    phone = _phone(options.clinic_phone) if options.clinic_phone else ""
    contact = ", ".join(
        part for part in (escape(options.clinic_name) if options.clinic_name else "", phone) if part
    )
    return (
        '<div class="card"><strong>Cut out and carry this card</strong>'
        f"<p>{escape(WALLET_CARD.text)}</p>"
        f"<p>My LDN dose: up to {dose(plan.max_daily_mg)} {escape(phrase)}.</p>"
        + line("Name", options.patient_name)
        + line("Prescriber", options.prescriber)
        + f"<p>Clinic and phone: {contact or _BLANK}</p>"
        + "</div>"
    )


def _clinician_page(plan: Plan, options: RenderOptions) -> list[str]:
    """The prescriber's text, sources included, on its own page, after the patient's copy."""
    protocol = plan.protocol
    parts = [
        '<section class="clinician"><h2>Clinician copy: not part of the patient handout</h2>',
        *_who(options),
        f"<p>Protocol: {escape(protocol.name)}"
        + (" (individualized)" if protocol.individualized else "")
        + f" [{escape(protocol.source)}].</p>",
    ]
    if plan.warnings:
        parts.append(
            "<table><tr><th>Severity</th><th>Input</th><th>Finding</th><th>Source</th></tr>"
        )
        parts += [
            f"<tr><td>{escape(severity_label(w.severity))}</td><td>{escape(w.input or '')}</td>"
            f"<td>{escape(w.message)}</td><td>{escape(w.source)}</td></tr>"
            for w in plan.warnings
        ]
        parts.append("</table>")
    else:
        parts.append("<p>Findings: none.</p>")
    phrase = dose_time_phrase(plan.dose_time)
    parts.append(
        "<p>Schedule"
        + (" (on hold: do not start as planned)" if plan.is_blocked() else "")
        + ":</p><ul>"
    )
    parts += [
        f"<li>Step {step.index}: {step.start.isoformat()} to {step.end.isoformat()}, "
        f"{escape(dose_with_measure(plan, step.index))} {escape(phrase)}</li>"
        for step in plan.steps
    ]
    parts.append(
        f"</ul><p>The last dose continues after {plan.end.isoformat()} until the review.</p>"
    )
    parts.append("<p>Follow-up visits:</p><ul>")
    parts += [_clinician_visit(number, c) for number, c in enumerate(plan.checkpoints, start=1)]
    parts.append("</ul><p>Precautions:</p><ul>")
    parts += [f"<li>{escape(p.text)} [{escape(p.source)}]</li>" for p in plan.precautions]
    parts.append(f'</ul><p class="footer">{escape(DISCLAIMER)}</p></section>')
    return parts


def _clinician_visit(number: int, checkpoint: Checkpoint) -> str:
    steps = ", ".join(str(index) for index in checkpoint.reviews)
    assess = "; ".join(escape(item) for item in checkpoint.assess)
    clinic = "" if checkpoint.clinic_day else f"; {NO_CLINIC_DAY_NOTE}"
    return (
        f"<li>Visit {number}, {escape(window_text(checkpoint))} (suggested "
        f"{checkpoint.suggested.isoformat()}{clinic}), reviews step(s) {steps}: {assess} "
        f"[{escape(', '.join(checkpoint.sources))}]</li>"
    )


def month_tables(plan: Plan) -> list[str]:
    """One table per month the plan touches: each plan day shows its dose and a tick box;
    visit days are shaded, and surgery, opioid and restart days outlined."""
    visits = {
        checkpoint.suggested: number for number, checkpoint in enumerate(plan.checkpoints, start=1)
    }
    events = _event_days(plan)
    tables = []
    first = plan.start.replace(day=1)
    while first <= plan.end:
        rows = ["<tr>" + "".join(f"<th>{name}</th>" for name in _WEEKDAYS) + "</tr>"]
        for week in stdlib_calendar.Calendar().monthdatescalendar(first.year, first.month):
            cells = []
            for day in week:
                if day.month != first.month:
                    cells.append('<td class="empty"></td>')
                    continue
                cells.append(_day_cell(plan, day, visits.get(day), events.get(day)))
            rows.append("<tr>" + "".join(cells) + "</tr>")
        tables.append(
            f'<div class="month"><table><caption>{first:%B %Y}</caption>'
            + "".join(rows)
            + "</table></div>"
        )
        first = (first + timedelta(days=32)).replace(day=1)
    return tables


def _day_cell(plan: Plan, day: date, visit: int | None, event: str | None) -> str:
    classes = [name for name, on in (("visit", visit), ("event", event)) if on]
    css = f' class="{" ".join(classes)}"' if classes else ""
    content = f'<span class="day">{day.day}</span>'
    day_dose = plan.dose_on(day)
    if day_dose is not None:
        content += f'<span class="box"></span><br>{dose(day_dose)}'
    elif plan.hold_on(day) is not None:
        content += "<br>No LDN"
    if event:
        content += f'<br><span class="mark">{event}</span>'
    if visit:
        content += f'<br><span class="mark">Visit {visit}</span>'
    return f"<td{css}>{content}</td>"


def _event_days(plan: Plan) -> dict[date, str]:
    """The surgery day, or each day of an opioid course, from the plan's holds, and the day
    LDN restarts after one (only once fully off opioids: said under the sheet)."""
    marks: dict[date, str] = {
        step.start: "Restart" for step in plan.steps if restart_after(plan, step) is not None
    }
    for hold in plan.holds:
        if hold.event_start is None:
            continue
        if hold.event == "surgery":
            marks[hold.event_start] = "Surgery"
            continue
        last = hold.event_end or hold.event_start
        for offset in range((last - hold.event_start).days + 1):
            marks[hold.event_start + timedelta(days=offset)] = "Opioids"
    return marks


class _Label(NamedTuple):
    """A label of the chart: its text, where it goes, and the point on the axis it names."""

    kind: Literal["dose", "date"]
    x: float
    y: float
    text: str
    point: tuple[float, float]


def step_chart(plan: Plan) -> tuple[str, bool]:
    """The daily dose as a step line, and whether every label fits: every dose level on the
    y-axis and every step start (and hold, and surgery day) on the x-axis. The chart grows
    taller (up to ``CHART_MAX_PLOT_HEIGHT``) and its dates take up to ``DATE_MAX_ROWS`` rows
    rather than leave a label out; a label moved off its point has a leader line. A plan with
    more levels or dates than that leaves some out, never overprinted, and the handout says
    so (every dose is in its list)."""
    total_days = (plan.end - plan.start).days + 1
    levels = sorted({step.dose_mg for step in plan.steps})
    top = levels[-1]
    plot_width = CHART_WIDTH - CHART_LEFT - 10
    plot_height = _plot_height(levels)
    axis_y = CHART_TOP + plot_height

    def x(day_offset: int) -> float:
        return CHART_LEFT + plot_width * day_offset / total_days

    def y(level: Decimal) -> float:
        return CHART_TOP + plot_height * (1 - float(level / top))

    runs: list[list[str]] = []  # one line per stretch of days without a break (a hold)
    step_labels: list[str] = []
    previous_end: int | None = None
    for step in plan.steps:
        begin = (step.start - plan.start).days
        end = begin + step.days
        if begin != previous_end:
            runs.append([])
        runs[-1] += [f"{x(begin):.1f},{y(step.dose_mg):.1f}", f"{x(end):.1f},{y(step.dose_mg):.1f}"]
        previous_end = end
        if x(end) - x(begin) >= STEP_LABEL_WIDTH:
            step_labels.append(
                f'<text x="{x(begin) + 2:.1f}" y="{y(step.dose_mg) - 3:.1f}">'
                f"{format_mg(step.dose_mg)}</text>"
            )
    lines = "".join(
        f'<polyline fill="none" stroke="#000" stroke-width="2.5" points="{" ".join(run)}"/>'
        for run in runs
    )
    holds = "".join(
        f'<line x1="{x((hold.start - plan.start).days):.1f}" y1="{axis_y - 2}" '
        f'x2="{x((hold.end - plan.start).days + 1):.1f}" y2="{axis_y - 2}" stroke="#000" '
        f'stroke-width="2.5" stroke-dasharray="5 4"/>'
        f'<text x="{x((hold.start - plan.start).days) + 2:.1f}" y="{axis_y - 6}">no LDN</text>'
        for hold in plan.holds
    )
    dates, all_dates = _date_labels(plan, x, axis_y)
    doses, all_doses = _dose_labels(levels, y, axis_y)
    height = max(label.y for label in dates) + CHART_BELOW_TEXT if dates else axis_y + CHART_BOTTOM
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {height:.0f}" '
        f'width="100%" role="img" aria-label="Daily dose over time">'
        f'<line x1="{CHART_LEFT}" y1="{CHART_TOP}" x2="{CHART_LEFT}" y2="{axis_y}" stroke="#000"/>'
        f'<line x1="{CHART_LEFT}" y1="{axis_y}" x2="{CHART_WIDTH - 10}" y2="{axis_y}" '
        'stroke="#000"/>'
        + "".join(_drawn(label) for label in doses)
        + lines
        + holds
        + "".join(step_labels)
        + "".join(_drawn(label) for label in dates)
        + "</svg>"
    )
    return svg, all_doses and all_dates


def _plot_height(levels: list[Decimal]) -> float:
    """Tall enough that the closest two dose levels (or the lowest and 0 mg) are a label apart,
    within ``CHART_MAX_PLOT_HEIGHT``; never less than a label per level (then labels move)."""
    top = levels[-1]
    gaps = [later - earlier for earlier, later in zip([Decimal(0), *levels], levels, strict=False)]
    needed = DOSE_LABEL_GAP * float(top / min(gaps))
    return max(CHART_PLOT_HEIGHT, min(needed, CHART_MAX_PLOT_HEIGHT))


def _dose_labels(
    levels: list[Decimal], y: Callable[[Decimal], float], axis_y: float
) -> tuple[list[_Label], bool]:
    """The dose levels on the y-axis, from 0 mg up, and whether all of them are there.

    When the plot has room for a label per level, every level gets one: a label that would
    overprint the one below it moves up, and if the top one then leaves the chart they move
    down from the top, each with a leader line to its level. Otherwise a level is labelled
    only where it clears the labels already placed, from the top down.
    """
    zero = _Label("dose", 2, axis_y + 3.5, "0 mg", (CHART_LEFT, axis_y))
    if (zero.y - TOP_LABEL_Y) // DOSE_LABEL_GAP < len(levels):
        placed = [zero]
        for level in reversed(levels):
            label = _Label("dose", 2, y(level) + 3.5, format_mg(level), (CHART_LEFT, y(level)))
            if all(abs(label.y - other.y) >= DOSE_LABEL_GAP for other in placed):
                placed.append(label)
        return placed, False
    labels = [zero]
    for level in levels:
        level_y = y(level)
        labels.append(
            _Label(
                "dose",
                2,
                min(level_y + 3.5, labels[-1].y - DOSE_LABEL_GAP),
                format_mg(level),
                (CHART_LEFT, level_y),
            )
        )
    lowest_allowed = TOP_LABEL_Y
    for position in range(len(labels) - 1, 0, -1):
        label = labels[position]
        if label.y >= lowest_allowed:
            break
        labels[position] = label._replace(y=lowest_allowed)
        lowest_allowed += DOSE_LABEL_GAP
    return labels, True


def _date_labels(plan: Plan, x: Callable[[int], float], axis_y: float) -> tuple[list[_Label], bool]:
    """Step starts, hold starts and surgery days under the axis, in date order, each on the
    first of ``DATE_MAX_ROWS`` rows where it clears the label before it (rows below the first
    have a leader line); and whether every one found a row."""
    days: dict[date, str] = {step.start: f"{step.start.day} {step.start:%b}" for step in plan.steps}
    for hold in plan.holds:
        days.setdefault(hold.start, f"{hold.start.day} {hold.start:%b}")
        if hold.event == "surgery" and hold.event_start is not None:
            days[hold.event_start] = f"surgery {hold.event_start.day} {hold.event_start:%b}"
    row_ends: list[float] = []  # the right end of the last label on each row
    labels = []
    for day, text in sorted(days.items()):
        point = x((day - plan.start).days)
        width = len(text) * DATE_CHAR_WIDTH
        left = min(point, CHART_WIDTH - width)
        row = next(
            (number for number, end in enumerate(row_ends) if left - end >= DATE_LABEL_SPACE),
            len(row_ends),
        )
        if row == DATE_MAX_ROWS:
            continue  # no room: said under the chart
        if row == len(row_ends):
            row_ends.append(left + width)
        else:
            row_ends[row] = left + width
        labels.append(
            _Label("date", left, axis_y + 14 + row * DATE_ROW_HEIGHT, text, (point, axis_y))
        )
    return labels, len(labels) == len(days)


def _line(x1: float, y1: float, x2: float, y2: float, *, leader: bool = False) -> str:
    style = 'stroke="#777" stroke-width="0.6"' if leader else 'stroke="#000"'
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {style}/>'


def _drawn(label: _Label) -> str:
    """A label as SVG text with a tick at its point, and a leader line when it stands away
    from it (a dose label moved up, a date label on a lower row)."""
    text = f'<text x="{label.x:.1f}" y="{label.y:.1f}">{escape(label.text)}</text>'
    point_x, point_y = label.point
    if label.kind == "dose":
        drawn = text + _line(point_x - 3, point_y, point_x, point_y)
        if abs(label.y - 3.5 - point_y) >= 0.5:
            drawn += _line(DOSE_LABEL_END, label.y - 3.5, point_x - 3, point_y, leader=True)
        return drawn
    drawn = text + _line(point_x, point_y, point_x, point_y + 3)
    if label.y > point_y + 14:
        drawn += _line(point_x, point_y + 3, point_x, label.y - 9, leader=True)
    return drawn
