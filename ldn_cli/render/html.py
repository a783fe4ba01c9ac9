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

from ldn_cli.dose import format_mg
from ldn_cli.models import Checkpoint, Hold, Plan, Precaution, dose_time_phrase
from ldn_cli.render import (
    DISCLAIMER,
    RenderOptions,
    hold_on,
    long_date,
    measure_text,
    patient_decision,
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
    blocking_reasons,
    patient_precautions,
)

CHART_WIDTH = 640
CHART_HEIGHT = 150
#: Room left of the plot for the dose labels, above it for the top label, below for dates.
CHART_LEFT = 56
CHART_TOP = 18
CHART_BOTTOM = 22
#: Least distance between two date labels on the x-axis, and between two dose labels on
#: the y-axis, in SVG units (a 10-unit font: "30 Dec" is about 32 units wide).
DATE_LABEL_GAP = 44
DOSE_LABEL_GAP = 12
#: A step is labelled with its dose above its line when it is at least this wide.
STEP_LABEL_WIDTH = 40
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_BLANK = "______________________"

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
.ticks { break-before: page; }
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
.dose { white-space: nowrap; }
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

    blocked = plan.is_blocked()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Your low dose naltrexone (LDN) plan</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Your low dose naltrexone (LDN) plan</h1>",
        *_who(options),
        *(_stop(plan) if blocked else _start(plan)),
        _call(options),
        *_doses(plan, blocked=blocked),
        *_visits(plan),
        '<h2>Dose over time</h2><div class="chart">' + step_chart_svg(plan) + "</div>",
        "<h2>Important</h2><ul>",
        *(f"<li>{escape(item.text)}</li>" for item in patient_precautions(plan)),
        # storage and formulation of the medicine made up for this plan, in plain words
        *(f"<li>{escape(note.text)}</li>" for note in _preparation_notes(plan)),
        "</ul>",
        *([] if blocked else _tick_sheet(plan)),
        _wallet_card(plan, options),
        *([] if blocked else [diary_block(plan)]),  # the pain diary pages (ldn review's rows)
    ]
    if options.clinician_copy:
        parts += _clinician_page(plan, options)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _preparation_notes(plan: Plan) -> list[Precaution]:
    return list(plan.preparation.notes) if plan.preparation is not None else []


def _who(options: RenderOptions) -> list[str]:
    lines = [
        f"{label}: <strong>{escape(value)}</strong>"
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
    return [
        f"<p>Take one dose by mouth <strong>{escape(phrase)}</strong>, once a day, starting "
        f"<strong>{long_date(plan.start)}</strong>. Never take more than "
        f"{dose(plan.target_mg)} a day.</p>"
    ]


def _stop(plan: Plan) -> list[str]:
    return [
        f'<div class="stop"><h2>{escape(PATIENT_DO_NOT_START)}</h2>',
        f"<p>{escape(PATIENT_DO_NOT_START_WHY)}</p><ul>",
        *(f"<li>{escape(reason)}</li>" for reason in blocking_reasons(plan)),
        "</ul>",
        f"<p>This plan was drawn up to start on {long_date(plan.start)}. It is on hold: the "
        "doses below are what would follow once your prescriber confirms or changes it.</p>",
        "</div>",
    ]


def _doses(plan: Plan, *, blocked: bool) -> list[str]:
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
            keep = PATIENT_KEEP_TAKING.format(dose=format_mg(step.dose_mg), when=phrase)
            text = f"From {long_date(step.start)}: {take}. {escape(keep)}"
        items.append((step.start, 1, f"<li>{text}</li>"))
    title = "The planned doses (on hold)" if blocked else "Your doses"
    return [f"<h2>{title}</h2><ul>", *(item for _, _, item in sorted(items)), "</ul>"]


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
            f"{escape(patient_decision(plan, checkpoint))}</li>"
        )
    topics = "; ".join(escape(topic.text) for topic in PATIENT_VISIT_TOPICS)
    parts.append(f"</ol><p>At each visit you talk about {topics}.</p>")
    return parts


def _call(options: RenderOptions) -> str:
    who = escape(options.who_to_call())
    phone = "" if options.clinic_phone else f" Phone: {_BLANK}"
    return (
        '<p class="call"><strong>Questions, or a side effect that does not settle?</strong> '
        f"Call {who}.{phone}</p>"
    )


def _tick_sheet(plan: Plan) -> list[str]:
    last = plan.steps[-1]
    keep = PATIENT_KEEP_TAKING.format(
        dose=format_mg(last.dose_mg), when=dose_time_phrase(plan.dose_time)
    )
    return [
        '<section class="ticks"><h2>Tick each dose when you take it</h2>',
        '<div class="months">' + "".join(month_tables(plan)) + "</div>",
        f"<p>After {long_date(plan.end)}: {escape(keep)}</p></section>",
    ]


def _wallet_card(plan: Plan, options: RenderOptions) -> str:
    phrase = dose_time_phrase(plan.dose_time)

    def line(label: str, value: str | None) -> str:
        return f"<p>{label}: {escape(value) if value else _BLANK}</p>"

    contact = ", ".join(part for part in (options.clinic_name, options.clinic_phone) if part)
    return (
        '<div class="card"><strong>Cut out and carry this card</strong>'
        f"<p>{escape(WALLET_CARD.text)}</p>"
        f"<p>My LDN dose: up to {dose(plan.target_mg)} {escape(phrase)}.</p>"
        + line("Name", options.patient_name)
        + line("Prescriber", options.prescriber)
        + line("Clinic and phone", contact or None)
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
    parts.append("<p>Follow-up visits:</p><ul>")
    parts += [_clinician_visit(number, c) for number, c in enumerate(plan.checkpoints, start=1)]
    parts.append("</ul><p>Precautions:</p><ul>")
    parts += [f"<li>{escape(p.text)} [{escape(p.source)}]</li>" for p in plan.precautions]
    parts.append(f'</ul><p class="footer">{escape(DISCLAIMER)}</p></section>')
    return parts


def _clinician_visit(number: int, checkpoint: Checkpoint) -> str:
    steps = ", ".join(str(index) for index in checkpoint.reviews)
    assess = "; ".join(escape(item) for item in checkpoint.assess)
    return (
        f"<li>Visit {number}, {escape(window_text(checkpoint))} (suggested "
        f"{checkpoint.suggested.isoformat()}), reviews step(s) {steps}: {assess} "
        f"[{escape(', '.join(checkpoint.sources))}]</li>"
    )


def month_tables(plan: Plan) -> list[str]:
    """One table per month the plan touches: each plan day shows its dose and a tick box;
    visit days are shaded and surgery or opioid days outlined."""
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
    elif hold_on(plan, day) is not None:
        content += "<br>No LDN"
    if event:
        content += f'<br><span class="mark">{event}</span>'
    if visit:
        content += f'<br><span class="mark">Visit {visit}</span>'
    return f"<td{css}>{content}</td>"


def _event_days(plan: Plan) -> dict[date, str]:
    """The surgery day, or each day of an opioid course, from the plan's holds."""
    marks: dict[date, str] = {}
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


def step_chart_svg(plan: Plan) -> str:
    """The daily dose as a step line: every dose level on the y-axis, step starts on the
    x-axis (as many as fit without overlapping), holds dashed along the axis."""
    total_days = (plan.end - plan.start).days + 1
    top = max(step.dose_mg for step in plan.steps)
    plot_width = CHART_WIDTH - CHART_LEFT - 10
    axis_y = CHART_HEIGHT - CHART_BOTTOM
    plot_height = axis_y - CHART_TOP

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
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" '
        f'width="100%" role="img" aria-label="Daily dose over time">'
        f'<line x1="{CHART_LEFT}" y1="{CHART_TOP}" x2="{CHART_LEFT}" y2="{axis_y}" stroke="#000"/>'
        f'<line x1="{CHART_LEFT}" y1="{axis_y}" x2="{CHART_WIDTH - 10}" y2="{axis_y}" '
        'stroke="#000"/>'
        + _dose_axis(plan, y, axis_y)
        + lines
        + holds
        + "".join(step_labels)
        + _date_axis(plan, x, axis_y)
        + "</svg>"
    )


def _dose_axis(plan: Plan, y: Callable[[Decimal], float], axis_y: int) -> str:
    """Every dose level on the y-axis, from the top down, skipping one only when it would
    overprint the label above it (its step is labelled on the line and in the dose list)."""
    labels = [f'<text x="2" y="{axis_y + 3}">0 mg</text>']
    placed = [float(axis_y + 3)]
    for level in sorted({step.dose_mg for step in plan.steps}, reverse=True):
        level_y = y(level) + 3.5
        if all(abs(level_y - other) >= DOSE_LABEL_GAP for other in placed):
            placed.append(level_y)
            labels.append(f'<text x="2" y="{level_y:.1f}">{format_mg(level)}</text>')
    return "".join(labels)


def _date_axis(plan: Plan, x: Callable[[int], float], axis_y: int) -> str:
    """Dates of step starts under the axis, left to right, each clear of the one before."""
    labels = []
    last_x: float | None = None
    starts = sorted({step.start for step in plan.steps} | {hold.start for hold in plan.holds})
    for day in starts:
        position = x((day - plan.start).days)
        if last_x is not None and position - last_x < DATE_LABEL_GAP:
            continue
        if position > CHART_WIDTH - DATE_LABEL_GAP:
            break
        labels.append(f'<text x="{position:.1f}" y="{axis_y + 14}">{day.day} {day:%b}</text>')
        last_x = position
    return "".join(labels)
