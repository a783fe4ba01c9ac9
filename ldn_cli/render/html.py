"""The patient handout (``--format html``): one self-contained, printable HTML file.

Plain-language schedule, a month grid with the dose on every day and a box to tick, the
follow-up visits, a step chart as inline SVG, the precautions and a cut-out wallet card. No
external assets and no scripts; print CSS keeps it to A4 or US Letter pages.
"""

import calendar as stdlib_calendar
from datetime import date, timedelta
from decimal import Decimal
from html import escape

from ldn_cli.dose import format_mg
from ldn_cli.models import Plan, dose_time_phrase
from ldn_cli.render import (
    DISCLAIMER,
    RenderOptions,
    hold_on,
    measure_text,
    shared_assessment,
    window_text,
)
from ldn_cli.schedule import WALLET_CARD

CHART_WIDTH = 640
CHART_HEIGHT = 150
CHART_MARGIN = 56
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

STYLE = """
@page { margin: 11mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111;
       margin: 0 auto; max-width: 186mm; line-height: 1.3; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm; border-bottom: 1px solid #999; }
p, ul { margin: 1mm 0; }
ul { padding-left: 5mm; }
.warning { border: 2px solid #b00; padding: 2mm; margin: 2mm 0; }
.months { display: flex; flex-wrap: wrap; gap: 4mm; }
.month { break-inside: avoid; width: 90mm; }
.month table { border-collapse: collapse; width: 100%; table-layout: fixed; }
.month caption { font-weight: bold; text-align: left; }
.month th { font-size: 7.5pt; font-weight: normal; }
.month td { border: 1px solid #777; height: 10mm; vertical-align: top; font-size: 7pt;
            padding: 0.5mm; }
.month td.empty { border: none; }
.month td.visit { background: #e6e6e6; border: 2px solid #000; }
.day { font-weight: bold; }
.dose { white-space: nowrap; }
.box { display: inline-block; width: 2.6mm; height: 2.6mm; border: 1px solid #000;
       float: right; }
.card { break-inside: avoid; border: 1.5px dashed #000; width: 85.6mm; height: 54mm;
        padding: 3mm; margin-top: 3mm; font-size: 8.5pt; }
.card strong { font-size: 10pt; }
.footer { font-size: 8pt; margin-top: 3mm; font-style: italic; }
svg text { font-size: 10px; font-family: inherit; }
@media print { .chart { break-inside: avoid; } }
"""


def dose(value: Decimal) -> str:
    """A dose that never breaks across lines: ``<span class="dose">4.5 mg</span>``."""
    return f'<span class="dose">{format_mg(value)}</span>'


def _measure(plan: Plan, index: int) -> str:
    measure = measure_text(plan, index)
    return f" ({escape(measure)})" if measure else ""


def long_date(day: date) -> str:
    """A date no reader can misread: ``Tue 1 Dec 2026``."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def render(plan: Plan, options: RenderOptions) -> str:
    """The handout as one HTML document."""
    phrase = dose_time_phrase(plan.dose_time)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Your low dose naltrexone (LDN) plan</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Your low dose naltrexone (LDN) plan</h1>",
        f"<p>Take one dose by mouth <strong>{escape(phrase)}</strong>, once a day, starting "
        f"<strong>{long_date(plan.start)}</strong>. Never take more than "
        f"{dose(plan.target_mg)} a day.</p>",
    ]
    if plan.warnings:
        parts.append('<div class="warning"><strong>For your prescriber:</strong><ul>')
        parts += [f"<li>{escape(w.message)} [{escape(w.source)}]</li>" for w in plan.warnings]
        parts.append("</ul></div>")
    parts.append("<h2>Your doses</h2><ul>")
    items = [
        (
            hold.start,
            f"<li><strong>No LDN</strong> from {long_date(hold.start)} to "
            f"{long_date(hold.end)} ({escape(hold.reason)}).</li>",
        )
        for hold in plan.holds
    ]
    for step in plan.steps:
        ending = (
            f"to {long_date(step.end)}"
            if step.index < len(plan.steps)
            else "onwards, until your prescriber reviews it"
        )
        items.append(
            (
                step.start,
                f"<li>From {long_date(step.start)} {ending}: take "
                f"<strong>{dose(step.dose_mg)}</strong>{_measure(plan, step.index)} "
                f"{escape(phrase)}.</li>",
            )
        )
    parts += [item for _, item in sorted(items)]
    if plan.preparation is not None:  # storage and formulation, in plain words (no keys)
        parts += [f"<li>{escape(note.text)}</li>" for note in plan.preparation.notes]
    shared, sources = shared_assessment(plan)
    parts.append("</ul><h2>Follow-up visits</h2><ul>")
    for number, checkpoint in enumerate(plan.checkpoints, start=1):
        own = "; ".join(escape(item) for item in checkpoint.assess if item not in shared)
        parts.append(
            f"<li>Visit {number}: <strong>{long_date(checkpoint.suggested)}</strong> "
            f"(window {escape(window_text(checkpoint))}). {own}.</li>"
        )
    parts.append(
        "</ul><p>At every visit: "
        + "; ".join(escape(item) for item in shared)
        + f". <small>[{escape(', '.join(sources))}]</small></p>"
    )
    parts.append('<h2>Dose over time</h2><div class="chart">' + step_chart_svg(plan) + "</div>")
    parts.append("<h2>Important</h2><ul>")
    parts += [
        f"<li>{escape(item.text)} <small>[{escape(item.source)}]</small></li>"
        for item in plan.precautions
    ]
    parts.append("</ul>")
    parts.append("<h2>Tick each dose when you take it</h2>")
    parts.append('<div class="months">' + "".join(month_tables(plan)) + "</div>")
    parts.append(
        '<div class="card"><strong>Cut out and carry this card</strong>'
        f"<p>{escape(WALLET_CARD.text)}</p>"
        f"<p>My dose: {dose(plan.target_mg)} {escape(phrase)} (target).</p>"
        "<p>Name: ______________________________</p>"
        "<p>Prescriber and phone: _______________</p>"
        f"<small>[{escape(WALLET_CARD.source)}]</small></div>"
    )
    parts.append(f'<p class="footer">{escape(DISCLAIMER)}</p></body></html>')
    return "\n".join(parts) + "\n"


def month_tables(plan: Plan) -> list[str]:
    """One table per month the plan touches: each plan day shows its dose and a tick box."""
    visits = {
        checkpoint.suggested: number for number, checkpoint in enumerate(plan.checkpoints, start=1)
    }
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
                day_dose = plan.dose_on(day)
                css = ' class="visit"' if day in visits else ""
                content = f'<span class="day">{day.day}</span>'
                if day_dose is not None:
                    content += f'<span class="box"></span><br>{dose(day_dose)}'
                elif hold_on(plan, day) is not None:
                    content += "<br>No LDN"
                if day in visits:
                    content += f"<br>Visit {visits[day]}"
                cells.append(f"<td{css}>{content}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        tables.append(
            f'<div class="month"><table><caption>{first:%B %Y}</caption>'
            + "".join(rows)
            + "</table></div>"
        )
        first = (first + timedelta(days=32)).replace(day=1)
    return tables


def step_chart_svg(plan: Plan) -> str:
    """The daily dose as a step line, with each dose level and step start labelled."""
    total_days = (plan.end - plan.start).days + 1
    top = max(step.dose_mg for step in plan.steps)
    plot_width = CHART_WIDTH - CHART_MARGIN - 10
    plot_height = CHART_HEIGHT - 40

    def x(day_offset: int) -> float:
        return CHART_MARGIN + plot_width * day_offset / total_days

    def y(level: Decimal) -> float:
        return 10 + plot_height * (1 - float(level / top))

    runs: list[list[str]] = []  # one line per stretch of days without a break (a hold)
    labels: list[str] = []
    previous_end: int | None = None
    for step in plan.steps:
        begin = (step.start - plan.start).days
        end = begin + step.days
        if begin != previous_end:
            runs.append([])
        runs[-1] += [f"{x(begin):.1f},{y(step.dose_mg):.1f}", f"{x(end):.1f},{y(step.dose_mg):.1f}"]
        previous_end = end
        labels.append(
            f'<text x="{x(begin) + 2:.1f}" y="{y(step.dose_mg) - 3:.1f}">'
            f"{format_mg(step.dose_mg)}</text>"
        )
    axis_y = 10 + plot_height
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
    ticks = "".join(
        f'<text x="{x((step.start - plan.start).days):.1f}" y="{axis_y + 14}">'
        f"{step.start:%d %b}</text>"
        for step in plan.steps[:: max(1, len(plan.steps) // 6)]
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" '
        f'width="100%" role="img" aria-label="Daily dose over time">'
        f'<line x1="{CHART_MARGIN}" y1="10" x2="{CHART_MARGIN}" y2="{axis_y}" stroke="#000"/>'
        f'<line x1="{CHART_MARGIN}" y1="{axis_y}" x2="{CHART_WIDTH - 10}" y2="{axis_y}" '
        'stroke="#000"/>'
        f'<text x="2" y="{y(top) + 4:.1f}">{format_mg(top)}</text>'
        f'<text x="2" y="{axis_y}">0 mg</text>' + lines + holds + "".join(labels) + ticks + "</svg>"
    )
