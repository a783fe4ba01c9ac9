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
from ldn_cli.render import RenderOptions, render_plan
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
    assert len(events) == 2 * len(STANDARD.steps) + len(STANDARD.checkpoints)


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


def test_ics_alarm_on_every_dose_change_day() -> None:
    calendar = icalendar.Calendar.from_ical(ics(STANDARD))
    alarmed = [e for e in calendar.walk("VEVENT") if e.walk("VALARM")]
    assert sorted(e["DTSTART"].dt for e in alarmed) == [s.start for s in STANDARD.steps]


def test_ics_uids_are_stable_for_the_same_plan_and_differ_for_another() -> None:
    def uids(text: str) -> list[str]:
        return re.findall(r"^UID:(.+?)\r$", text, re.MULTILINE)

    later = RenderOptions(timezone="Europe/London", stamp=STAMP + timedelta(days=3))
    assert uids(ics(STANDARD)) == uids(ics(STANDARD, later))
    assert uids(ics(STANDARD)) != uids(ics(plan_of(start=date(2026, 12, 2))))


def test_ics_of_a_year_grows_with_steps_not_days() -> None:
    plan = plan_of(maintain_days=365)
    calendar = icalendar.Calendar.from_ical(ics(plan))
    events = list(calendar.walk("VEVENT"))
    assert len(events) <= 2 * len(plan.steps) + len(plan.checkpoints)
    assert len(ics(plan)) < 12_000


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
    for dosage, step in zip(dosages, STANDARD.steps, strict=True):
        repeat = dosage["timing"]["repeat"]
        assert repeat["boundsPeriod"] == {
            "start": step.start.isoformat(),
            "end": step.end.isoformat(),
        }
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


def test_fhir_r5_uses_a_codeable_reference_and_validates() -> None:
    resource = medication_request(STANDARD, RenderOptions(fhir_version="r5", patient="Patient/7"))
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
    assert text.count(" mg") == (STANDARD.end - STANDARD.start).days + 1


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


def test_handout_escapes_what_it_prints() -> None:
    from ldn_cli.models import PlanWarning

    plan = STANDARD.model_copy(
        update={
            "warnings": [
                PlanWarning(code="x", severity="info", message="<b>bold</b>", source="seed")
            ]
        }
    )
    page = render_plan(plan, "html", OPTIONS)
    assert "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_handout_chart_breaks_its_line_at_a_hold() -> None:
    from ldn_cli.adjust import OpioidInterruption, adjust
    from ldn_cli.render.html import step_chart_svg

    assert step_chart_svg(STANDARD).count("<polyline") == 1
    assert "no LDN" not in step_chart_svg(STANDARD)
    held = adjust(
        STANDARD,
        OpioidInterruption("surgery", date(2027, 1, 5), date(2027, 1, 9)),
        on=date(2026, 12, 20),
    )
    chart = step_chart_svg(held)
    assert chart.count("<polyline") == 2
    assert "no LDN" in chart
