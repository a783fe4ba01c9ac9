"""The hand-over formats: calendar file, FHIR order, directions, CSV, month grid and handout."""

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import icalendar
import pytest
import vobject
from hypothesis import given, settings

from ldn_cli.dose import format_mg
from ldn_cli.models import Plan, TitrationSpec
from ldn_cli.render import RenderOptions, long_date, render_plan
from ldn_cli.render.csv import neutralise
from ldn_cli.render.directions import directions
from ldn_cli.render.fhir import medication_request
from ldn_cli.schedule import build_plan
from tests.strategies import spec_of, specs

STAMP = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
OPTIONS = RenderOptions(timezone="Europe/London", stamp=STAMP)


def plan_of(**changes: object) -> Plan:
    return build_plan(spec_of(**changes))


STANDARD = plan_of()


# --- iCalendar --------------------------------------------------------------------------------


def ics(plan: Plan, options: RenderOptions = OPTIONS) -> str:
    return render_plan(plan, "ics", options)


def test_ics_is_crlf_folded_and_has_the_calendar_properties() -> None:
    text = ics(STANDARD)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"].startswith("-//ldn-cli//")
    assert calendar["METHOD"] == "PUBLISH"


def test_ics_events_match_the_plan() -> None:
    calendar = icalendar.Calendar.from_ical(ics(STANDARD))
    events = list(calendar.walk("VEVENT"))
    for event in events:
        assert event["UID"]
        assert event["DTSTAMP"].dt == STAMP
    all_day = {
        (e["DTSTART"].dt, str(e["SUMMARY"])) for e in events if type(e["DTSTART"].dt) is date
    }
    for step in STANDARD.steps:
        assert (step.start, f"LDN {format_mg(step.dose_mg)} at bedtime") in all_day
    for number, checkpoint in enumerate(STANDARD.checkpoints, start=1):
        assert (checkpoint.suggested, f"LDN follow-up visit {number}") in all_day
    assert (STANDARD.end, "LDN reminders end today: keep taking 4.5 mg") in all_day
    assert len(live(events)) == 2 * len(STANDARD.steps) + len(STANDARD.checkpoints) + 1
    # The one slot this plan leaves empty ("do not start" / last opioid day) is cancelled.
    assert len(events) - len(live(events)) == 1


def live(events: list[icalendar.Event]) -> list[icalendar.Event]:
    """The events that are not sent to cancel an earlier calendar's."""
    return [e for e in events if e.get("STATUS") != "CANCELLED"]


def test_ics_reminders_recur_daily_in_the_zone_until_each_step_ends() -> None:
    calendar = vobject.readOne(ics(STANDARD))
    assert calendar.vtimezone.tzid.value == "Europe/London"
    reminders = [e for e in calendar.vevent_list if hasattr(e, "rrule")]
    assert len(reminders) == len(STANDARD.steps)
    for reminder, step in zip(reminders, STANDARD.steps, strict=True):
        occurrences = list(reminder.getrruleset())
        assert len(occurrences) == step.days
        assert occurrences[0].date() == step.start
        assert occurrences[-1].date() == step.end
        assert occurrences[0].strftime("%H:%M") == "21:00"
        assert "TZID=Europe/London" in reminder.dtstart.serialize()


def test_ics_alarm_on_every_dose_change_day_and_at_every_daily_reminder() -> None:
    calendar = icalendar.Calendar.from_ical(ics(STANDARD))
    alarmed = [e for e in calendar.walk("VEVENT") if e.walk("VALARM")]
    all_day = [e for e in alarmed if type(e["DTSTART"].dt) is date]
    assert sorted(e["DTSTART"].dt for e in all_day) == [
        *(s.start for s in STANDARD.steps),
        STANDARD.end,
    ]
    reminders = [e for e in calendar.walk("VEVENT") if "RRULE" in e]
    assert len(reminders) == len(STANDARD.steps)
    for reminder in reminders:
        (alarm,) = reminder.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm["TRIGGER"].dt == timedelta(0)  # rings at the reminder time itself
        assert str(alarm["DESCRIPTION"]).startswith("Take LDN ")


def unfolded(text: str) -> str:
    """iCalendar text with its lines unfolded and its text escapes undone."""
    return text.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")


def test_ics_says_what_happens_after_the_last_step_and_has_the_review_visit() -> None:
    calendar = icalendar.Calendar.from_ical(ics(STANDARD))
    events = list(calendar.walk("VEVENT"))
    last = next(e for e in events if str(e["SUMMARY"]).startswith("LDN reminders end"))
    assert last["DTSTART"].dt == STANDARD.end
    assert last.walk("VALARM")  # the reminders never just stop: this one rings
    text = str(last["DESCRIPTION"])
    assert "Keep taking 4.5 mg at bedtime every day until your prescriber reviews it" in text
    assert "follow-up visit 3" in text
    review = STANDARD.checkpoints[-1]
    assert any(
        e["DTSTART"].dt == review.suggested and str(e["SUMMARY"]) == "LDN follow-up visit 3"
        for e in events
    )
    final_step = next(e for e in events if str(e["SUMMARY"]) == "LDN 4.5 mg at bedtime")
    assert "until your prescriber reviews it" in str(final_step["DESCRIPTION"])


def test_ics_of_a_contraindicated_plan_holds_only_do_not_start_with_its_plain_reasons() -> None:
    plan = plan_with_warning(
        "contraindicated",
        "hydrocodone: blocks this opioid",
        "Norco",
        code="opioid-contraindicated",
        matched="hydrocodone",
    )
    text = ics(plan)
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    (first,) = live(events)
    assert first is events[0]
    assert str(first["SUMMARY"]).startswith("Do not start LDN as planned")
    assert first["DTSTART"].dt == plan.start == min(e["DTSTART"].dt for e in events)
    description = str(first["DESCRIPTION"])
    assert "Norco contains an opioid (hydrocodone)" in description
    assert "blocks this opioid" not in description  # the clinician's wording stays theirs
    assert first.walk("VALARM")
    assert not [e for e in events if "RRULE" in e]  # no daily "take LDN" reminders
    # No dose, reminder or visit: what an earlier calendar of the plan held is cancelled.
    assert len(events) - 1 == 2 * len(plan.steps) + len(plan.checkpoints) + 1


def test_ics_uids_are_stable_for_the_same_plan_and_differ_for_another() -> None:
    def uids(text: str) -> list[str]:
        return re.findall(r"^UID:(.+?)\r$", text, re.MULTILINE)

    later = RenderOptions(timezone="Europe/London", stamp=STAMP + timedelta(days=3))
    assert uids(ics(STANDARD)) == uids(ics(STANDARD, later))
    assert uids(ics(STANDARD)) != uids(ics(plan_of(start=date(2026, 12, 2))))


def test_ics_of_a_year_grows_with_steps_not_days() -> None:
    plan = plan_of(maintain_days=365)
    calendar = icalendar.Calendar.from_ical(ics(plan))
    events = live(list(calendar.walk("VEVENT")))
    assert len(events) <= 2 * len(plan.steps) + len(plan.checkpoints) + 1
    assert len(ics(plan)) < 16_000


def test_ics_reminder_time_and_clock_dose_time() -> None:
    text = ics(STANDARD, RenderOptions(timezone="UTC", stamp=STAMP, reminder_time=None))
    assert "T210000" in text
    clock = ics(plan_of(dose_time="22:15"), RenderOptions(timezone="UTC", stamp=STAMP))
    assert "T221500" in clock


def test_ics_needs_a_stamp() -> None:
    with pytest.raises(ValueError, match="stamp"):
        render_plan(STANDARD, "ics", RenderOptions())


# --- FHIR ---------------------------------------------------------------------------------------


def validate_fhir(resource: dict[str, object], version: str) -> None:
    if version == "r4":
        from fhir.resources.R4B.medicationrequest import MedicationRequest as R4Request

        R4Request.model_validate(resource)
    else:
        from fhir.resources.medicationrequest import MedicationRequest as R5Request

        R5Request.model_validate(resource)


def test_fhir_r4_acceptance_three_sequenced_dosages() -> None:
    resource = json.loads(render_plan(STANDARD, "fhir", OPTIONS))
    validate_fhir(resource, "r4")
    assert resource["resourceType"] == "MedicationRequest"
    assert "medicationCodeableConcept" in resource
    dosages = resource["dosageInstruction"]
    assert [d["sequence"] for d in dosages] == [1, 2, 3]
    for dosage, step in zip(dosages[:-1], STANDARD.steps, strict=False):
        assert dosage["timing"]["repeat"]["boundsPeriod"] == {
            "start": step.start.isoformat(),
            "end": step.end.isoformat(),
        }
    for dosage, step in zip(dosages, STANDARD.steps, strict=True):
        repeat = dosage["timing"]["repeat"]
        assert (repeat["frequency"], repeat["period"], repeat["periodUnit"]) == (1, 1, "d")
        assert repeat["when"] == ["HS"]
        quantity = dosage["doseAndRate"][0]["doseQuantity"]
        assert quantity == {
            "value": float(step.dose_mg),
            "unit": "mg",
            "system": "http://unitsofmeasure.org",
            "code": "mg",
        }
        assert dosage["text"].startswith(f"{format_mg(step.dose_mg)} by mouth at bedtime")
        assert dosage["maxDosePerPeriod"]["numerator"]["value"] == 4.5
        assert dosage["maxDosePerPeriod"]["denominator"]["code"] == "d"


def test_fhir_last_dosage_runs_until_review_as_the_directions_and_calendar_say() -> None:
    last = medication_request(STANDARD, OPTIONS)["dosageInstruction"][-1]
    assert last["timing"]["repeat"]["boundsPeriod"] == {"start": "2026-12-29"}
    assert last["text"] == (
        "4.5 mg by mouth at bedtime from 2026-12-29, continuing until the prescriber reviews "
        "it (follow-up by 2027-01-26)"
    )
    assert directions(STANDARD).endswith("then 4.5 mg at bedtime daily.")


def test_fhir_subject_is_the_reference_or_else_the_patient_name() -> None:
    named = medication_request(STANDARD, RenderOptions(patient_name="Jane Doe"))
    assert named["subject"] == {"display": "Jane Doe"}
    both = RenderOptions(patient_name="Jane Doe", fhir_subject="Patient/7")
    assert medication_request(STANDARD, both)["subject"] == {"reference": "Patient/7"}
    validate_fhir(named, "r4")


def test_fhir_r5_uses_a_codeable_reference_and_validates() -> None:
    resource = medication_request(
        STANDARD, RenderOptions(fhir_version="r5", fhir_subject="Patient/7")
    )
    validate_fhir(resource, "r5")
    assert resource["medication"] == {
        "concept": {"text": "Naltrexone (low dose), compounded, oral"}
    }
    assert resource["subject"] == {"reference": "Patient/7"}
    assert isinstance(resource["dosageInstruction"][0]["maxDosePerPeriod"], list)


@pytest.mark.parametrize(
    ("dose_time", "key", "value"),
    [("morning", "when", ["MORN"]), ("21:30", "timeOfDay", ["21:30:00"])],
)
def test_fhir_timing_for_other_dose_times(dose_time: str, key: str, value: list[str]) -> None:
    repeat = medication_request(plan_of(dose_time=dose_time), OPTIONS)["dosageInstruction"][0][
        "timing"
    ]["repeat"]
    assert repeat[key] == value


@settings(max_examples=25)
@given(specs())
def test_fhir_validates_for_every_plan(spec: TitrationSpec) -> None:
    plan = build_plan(spec)
    for version in ("r4", "r5"):
        resource = medication_request(plan, RenderOptions(fhir_version=version))  # type: ignore[arg-type]
        validate_fhir(resource, version)
        assert len(resource["dosageInstruction"]) == len(plan.steps)


# --- directions, CSV and the terminal month grid ----------------------------------------------


def test_directions_acceptance_sentence() -> None:
    assert directions(STANDARD) == (
        "Naltrexone (low dose) 1.5 mg by mouth at bedtime for 14 days, then 3 mg at bedtime "
        "for 14 days, then 4.5 mg at bedtime daily."
    )
    text = render_plan(plan_of(dose_time="morning"), "text", OPTIONS)
    assert "in the morning" in text
    assert "2026-12-29" in text


def plan_with_opioid_lines() -> Plan:
    from ldn_cli.interactions import plan_warnings

    warnings = plan_warnings(
        ["Norco", "tramadol 50 mg"], start=date(2026, 12, 1), last_opioid_dose=date(2026, 11, 1)
    )
    blocked = plan_warnings(["Norco"], start=date(2026, 12, 1))
    return build_plan(spec_of(), warnings=[*warnings, *blocked])


def clinician_lines(fmt: str, plan: Plan) -> list[str]:
    if fmt == "text":
        return render_plan(plan, "text", OPTIONS).splitlines()
    return [note["text"] for note in json.loads(render_plan(plan, "fhir", OPTIONS))["note"]]


@pytest.mark.parametrize("fmt", ["text", "fhir"])
def test_text_and_fhir_label_each_warning_by_its_severity_and_name_its_medication(
    fmt: str,
) -> None:
    lines = clinician_lines(fmt, plan_with_opioid_lines())
    assert not [line for line in lines if line.startswith("Warning:")]
    washout = [line for line in lines if "Earliest safe LDN start" in line]
    assert washout[0].startswith("Information: Earliest safe LDN start is 2026-11-11")
    assert "Information: tramadol 50 mg: tramadol: stops on 2026-11-01" in "\n".join(lines)
    assert "Contraindicated: Norco: hydrocodone: Contraindicated with LDN" in "\n".join(lines)


def test_text_shows_a_control_character_in_a_medication_line_escaped() -> None:
    from ldn_cli.interactions import plan_warnings

    plan = build_plan(spec_of(), warnings=plan_warnings(["zqx\x1b[2J"], start=date(2026, 12, 1)))
    text = render_plan(plan, "text", OPTIONS)
    assert "\x1b" not in text
    assert "zqx\\x1b[2J" in text


def test_fhir_notes_say_missed_days_were_missed_and_held_days_were_held() -> None:
    from ldn_cli.adjust import MissedDays, OpioidInterruption, adjust

    missed = adjust(STANDARD, MissedDays(3), on=date(2026, 12, 10))
    held = adjust(
        STANDARD,
        OpioidInterruption("surgery", date(2027, 1, 5), date(2027, 1, 5)),
        on=date(2026, 12, 20),
    )
    notes = [note["text"] for note in medication_request(missed, OPTIONS)["note"]]
    assert "No dose taken 2026-12-07 to 2026-12-09 (missed) [ldnrt-restart]" in notes
    notes = [note["text"] for note in medication_request(held, OPTIONS)["note"]]
    assert "No LDN 2027-01-02 to 2027-01-14: surgery: LDN held [surgery-hold]" in notes


def test_csv_has_one_row_per_day_and_reads_back() -> None:
    text = render_plan(STANDARD, "csv", OPTIONS)
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    total = (STANDARD.end - STANDARD.start).days + 1
    assert len(rows) == total
    assert [row["day"] for row in rows] == [str(n) for n in range(1, total + 1)]
    for row in rows:
        assert Decimal(row["dose_mg"]) == STANDARD.dose_on(date.fromisoformat(row["date"]))
    marked = {row["date"]: row["followup"] for row in rows if row["followup"]}
    assert marked["2026-12-16"] == "visit 1 (suggested)"
    assert marked["2027-01-20"] == "visit 3 window"


@pytest.mark.parametrize("cell", ["=SUM(A1)", "+1", "-2", "@cmd", "\tx"])
def test_csv_neutralises_formula_cells(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert neutralise("2026-12-01") == "2026-12-01"


def test_calendar_grid_shows_every_dose_and_marks_visits() -> None:
    text = render_plan(STANDARD, "calendar", OPTIONS)
    assert "December 2026" in text
    assert "January 2027" in text
    assert "16 3 mg*" in text
    assert "30 4.5 mg*" in text
    assert "12 4.5 mg*" in text
    assert " 1 1.5 mg" in text
    assert "15 3 mg" in text
    grid, legend = text.split("\nAfter ", 1)
    assert grid.count(" mg") == (STANDARD.end - STANDARD.start).days + 1
    # The plan's last day is not a stop: the legend says that its dose goes on.
    assert legend.startswith("Tue 2027-01-26: 4.5 mg at bedtime continues daily until the review.")


# --- the handout ----------------------------------------------------------------------------------


def test_handout_is_self_contained_and_complete() -> None:
    page = render_plan(STANDARD, "html", OPTIONS)
    assert "<script" not in page
    assert not re.search(r"(src|href)=\"?(https?:)?//", page)
    assert "<svg" in page
    assert "Cut out and carry this card" in page
    assert "I take low dose naltrexone" in page
    for step in STANDARD.steps:
        assert format_mg(step.dose_mg) in page
    for checkpoint in STANDARD.checkpoints:
        assert f"{checkpoint.suggested.day} {checkpoint.suggested:%b %Y}" in page
    assert "@page" in page


def plan_with_warning(
    severity: str,
    message: str,
    medication: str | None = None,
    *,
    code: str = "x",
    matched: str | None = None,
) -> Plan:
    from ldn_cli.models import PlanWarning

    warning = PlanWarning(
        code=code,
        severity=severity,
        message=message,
        source="naltrexone-label",
        input=medication,
        matched=matched,
    )
    return STANDARD.model_copy(update={"warnings": [warning]})


def test_handout_escapes_what_it_prints() -> None:
    plan = plan_with_warning("contraindicated", "<b>bold</b>", "<i>Norco</i>")
    options = OPTIONS._replace(patient_name="<script>x</script>", clinician_copy=True)
    page = render_plan(plan, "html", options)
    assert "<b>bold</b>" not in page
    assert "<script>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "&lt;i&gt;Norco&lt;/i&gt;" in page


def test_handout_chart_breaks_its_line_at_a_hold() -> None:
    from ldn_cli.adjust import OpioidInterruption, adjust
    from ldn_cli.render.html import step_chart

    assert step_chart(STANDARD)[0].count("<polyline") == 1
    assert "no LDN" not in step_chart(STANDARD)[0]
    held = adjust(
        STANDARD,
        OpioidInterruption("surgery", date(2027, 1, 5), date(2027, 1, 9)),
        on=date(2026, 12, 20),
    )
    chart = step_chart(held)[0]
    assert chart.count("<polyline") == 2
    assert "no LDN" in chart


def svg_texts(svg: str) -> list[tuple[float, float, str]]:
    return [
        (float(x), float(y), text)
        for x, y, text in re.findall(r'<text x="([\d.]+)" y="([\d.]+)">([^<]*)</text>', svg)
    ]


@settings(max_examples=40)
@given(specs())
def test_handout_chart_labels_every_level_and_step_start_or_says_so_and_never_overprints(
    spec: TitrationSpec,
) -> None:
    from ldn_cli.adjust import SideEffects
    from ldn_cli.render.html import (
        CHART_PARTLY_LABELLED,
        CHART_WIDTH,
        DATE_CHAR_WIDTH,
        DATE_LABEL_SPACE,
        DOSE_LABEL_GAP,
        step_chart,
    )

    plan = build_plan(spec)
    middle = plan.start + (plan.end - plan.start) / 2
    for version in (plan, adjust_plan_safely(plan, SideEffects("halve"), middle)):
        svg, complete = step_chart(version)
        height = float(re.search(r'viewBox="0 0 \d+ ([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
        texts = svg_texts(svg)
        assert all(10 <= y <= height for _, y, _ in texts)  # a 10-unit font: no clipping
        doses = sorted((y, text) for x, y, text in texts if x == 2)
        assert all(
            lower - upper >= DOSE_LABEL_GAP - 0.5
            for (upper, _), (lower, _) in zip(doses, doses[1:], strict=False)
        )
        dates = [(x, y, text) for x, y, text in texts if re.search(r"\d+ [A-Z][a-z]{2}$", text)]
        for row in {y for _, y, _ in dates}:
            placed = sorted((x, text) for x, y, text in dates if y == row)
            assert all(x + len(text) * DATE_CHAR_WIDTH <= CHART_WIDTH + 0.1 for x, text in placed)
            assert all(
                later - (earlier + len(text) * DATE_CHAR_WIDTH) >= DATE_LABEL_SPACE - 0.1
                for (earlier, text), (later, _) in zip(placed, placed[1:], strict=False)
            )
        page = render_plan(version, "html", OPTIONS)
        assert (CHART_PARTLY_LABELLED in page) is not complete
        if complete:
            assert {text for _, text in doses} == {"0 mg"} | {
                format_mg(step.dose_mg) for step in version.steps
            }
            for step in version.steps:
                label = f"{step.start.day} {step.start:%b}"
                assert any(text.endswith(label) for _, _, text in dates)


def test_handout_chart_labels_every_level_and_date_of_a_halved_plan() -> None:
    from ldn_cli.adjust import Continuation, SideEffects, adjust
    from ldn_cli.render.html import step_chart

    gently = Continuation(step_mg=Decimal("0.5"), every_days=21, target_mg=Decimal("4.5"))
    halved = adjust(STANDARD, SideEffects("halve"), on=date(2027, 1, 5), continuation=gently)
    svg, complete = step_chart(halved)
    assert complete
    texts = {text for _, _, text in svg_texts(svg)}
    levels = {format_mg(step.dose_mg) for step in halved.steps}
    assert len(levels) >= 3  # halved, then back up the ladder
    assert {"5 Jan", "29 Dec"} | levels <= texts


def adjust_plan_safely(plan: Plan, event: object, on: date) -> Plan:
    """The adjusted plan, or the plan itself where the adjustment is refused (halving a plan
    whose ladder has no lower dose is refused by the core, rightly)."""
    from ldn_cli.adjust import adjust
    from ldn_cli.errors import LdnError

    try:
        return adjust(plan, event, on=on)  # type: ignore[arg-type]
    except LdnError:
        return plan


def test_handout_chart_labels_the_top_dose_below_the_top_edge() -> None:
    from ldn_cli.render.html import step_chart

    texts = svg_texts(step_chart(STANDARD)[0])
    top = [y for x, y, text in texts if text == "4.5 mg"]
    assert top
    assert min(top) >= 12


def test_handout_visit_lines_say_when_to_book_and_what_is_decided() -> None:
    page = render_plan(plan_of(target_mg=Decimal("1.5")), "html", OPTIONS)
    line = re.search(r"<li><strong>Visit 1:.*?</li>", page)
    assert line is not None
    assert line.group(0) == (
        "<li><strong>Visit 1: book a day between Tue 15 Dec 2026 and Tue 29 Dec 2026</strong> "
        "(suggested: Tue 15 Dec 2026). It comes 2 to 4 weeks after you started 1.5 mg on Tue 1 "
        "Dec 2026. You decide together whether you stay on 1.5 mg.</li>"
    )
    assert not re.search(r"\.\s*\.", page.split("<body>")[1])


# --- notes every clinician format carries ---------------------------------------------------


def test_csv_keeps_every_visit_on_a_day_two_windows_share() -> None:
    rows = list(csv.DictReader(io.StringIO(render_plan(STANDARD, "csv", OPTIONS), newline="")))
    shared = {row["date"]: row["followup"] for row in rows}["2027-01-12"]
    assert shared == "visit 2 window; visit 3 (suggested)"
    for number, checkpoint in enumerate(STANDARD.checkpoints, start=1):
        days = [r["date"] for r in rows if f"visit {number} " in r["followup"] + " "]
        assert days[0] == checkpoint.earliest.isoformat()
        assert days[-1] == checkpoint.latest.isoformat()


def test_csv_says_the_last_dose_continues_and_marks_every_row_of_a_blocked_plan() -> None:
    from ldn_cli.render.csv import CONTINUES_NOTE, DO_NOT_START_NOTE

    rows = list(csv.DictReader(io.StringIO(render_plan(STANDARD, "csv", OPTIONS), newline="")))
    assert [row["note"] for row in rows if row["note"]] == [CONTINUES_NOTE]
    assert rows[-1]["date"] == STANDARD.end.isoformat()
    blocked = plan_with_warning("contraindicated", "blocks this opioid", "Norco")
    text = render_plan(blocked, "csv", OPTIONS)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    note = DO_NOT_START_NOTE.format(severities="contraindicated")
    assert all(row["note"].startswith(note) for row in rows)
    unmeasurable = plan_with_warning("error", "cannot be measured", None)
    rows = list(csv.DictReader(io.StringIO(render_plan(unmeasurable, "csv", OPTIONS), newline="")))
    assert all(row["note"].startswith("DO NOT START: error, see") for row in rows)


def test_every_clinician_format_says_the_last_dose_continues_until_the_review() -> None:
    assert json.loads(render_plan(STANDARD, "json", OPTIONS))["continues_until_review"] is True
    table = " ".join(render_plan(STANDARD, "table", OPTIONS).split())
    assert "After Tue 2027-01-26: 4.5 mg at bedtime continues daily until the review." in table
    grid = render_plan(STANDARD, "calendar", OPTIONS)
    assert "continues daily until the review" in grid


def test_a_visit_with_no_clinic_day_in_its_window_says_so_to_clinician_and_patient() -> None:
    plan = plan_of(clinic_days=("sat",), follow_up_min_days=14, follow_up_max_days=16)
    outside = [c for c in plan.checkpoints if not c.clinic_day]
    assert outside
    assert all(c.suggested.weekday() != 5 for c in outside)
    assert all(c.clinic_day == (c.suggested.weekday() == 5) for c in plan.checkpoints)
    number = plan.checkpoints.index(outside[0]) + 1
    note = "no clinic day in this window: agree a day with the clinic"
    assert f"Visit {number}: {note}." in " ".join(render_plan(plan, "table", OPTIONS).split())
    assert note in render_plan(plan, "calendar", OPTIONS)
    assert note in render_plan(plan, "csv", OPTIONS)
    assert note in render_plan(plan, "html", OPTIONS._replace(clinician_copy=True))
    patient = "The clinic is not open on any of these dates: call the clinic to agree a day"
    assert patient in render_plan(plan, "html", OPTIONS)
    assert patient in unfolded(render_plan(plan, "ics", OPTIONS))
    assert patient not in render_plan(STANDARD, "html", OPTIONS)


def test_each_visit_names_the_change_it_comes_two_to_four_weeks_after() -> None:
    from ldn_cli.adjust import OpioidInterruption, adjust

    plan = adjust(
        STANDARD,
        OpioidInterruption("surgery", date(2027, 1, 5), date(2027, 1, 5)),
        on=date(2026, 12, 20),
    )
    page = render_plan(plan, "html", OPTIONS)
    steps = {step.index: step for step in plan.steps}
    for number, checkpoint in enumerate(plan.checkpoints, start=1):
        line = re.search(rf"<li><strong>Visit {number}:.*?</li>", page)
        assert line is not None
        for index in checkpoint.reviews:
            step = steps[index]
            named = f"{format_mg(step.dose_mg)} on {long_date(step.start)}"
            assert named in line.group(0)
            # ... and the visit's window is 2 to 4 weeks after that change.
            assert (checkpoint.earliest - step.start).days >= 14
            assert (checkpoint.latest - step.start).days <= 28
    assert "Each visit falls 2 to 4 weeks after the dose change named with it" in page
