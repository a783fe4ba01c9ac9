"""Two voices: the handout and the calendar file speak to the patient, without source keys or
clinical jargon; the clinician formats keep both; every warning is labelled by its severity."""

import html
import re
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldn_cli.adjust import OpioidInterruption, adjust
from ldn_cli.evidence import SOURCES
from ldn_cli.models import Plan, PlanWarning, TitrationSpec
from ldn_cli.render import RenderOptions, render_plan, severity_label
from ldn_cli.schedule import build_plan
from tests.strategies import spec_of, specs

OPTIONS = RenderOptions(timezone="Europe/London", stamp=datetime(2026, 11, 26, tzinfo=UTC))
PATIENT_FORMATS = ("html", "ics")
CLINICIAN_FORMATS = ("table", "json", "text", "fhir")
#: Clinician wording that must never reach the patient's copy.
CLINICIAN_PHRASES = (
    "tachycardia",
    "Decision support for clinicians",
    "Whether to continue the titration",
    "Whether to continue",
    "Off-label and not first line",
    "first-line",
    "maintenance dose",
    "For your prescriber",
    "Pain response against baseline",
    "contraindicated with opioid analgesics",
)
WASHOUT_OK = PlanWarning(
    code="opioid-washout-ok",
    severity="info",
    message="Earliest safe LDN start is 2026-11-30; the planned start is on or after it.",
    source="naltrexone-label",
)
BLOCKING = PlanWarning(
    code="opioid-contraindicated",
    severity="contraindicated",
    message="hydrocodone: Contraindicated with LDN: it blocks this opioid.",
    source="naltrexone-label",
    input="Norco",
    matched="hydrocodone",
)
UNCHECKED = PlanWarning(
    code="medication-unrecognised",
    severity="unchecked",
    message="not in the opioid table: not checked",
    source="opioid-table",
    input="Zzyzx",
)


def unfolded(text: str) -> str:
    """Calendar text unfolded, with its escapes undone; HTML as it is."""
    return text.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")


def assert_patient_voice(text: str) -> None:
    for key in SOURCES:
        assert not re.search(rf"\b{re.escape(key)}\b", text), f"source key {key!r} in patient text"
    for phrase in CLINICIAN_PHRASES:
        assert phrase.lower() not in text.lower(), f"clinician phrase {phrase!r} in patient text"


def adjusted(plan: Plan) -> Plan:
    event = OpioidInterruption("surgery", plan.start + (plan.end - plan.start) / 2, plan.end)
    return adjust(plan, event, on=plan.start + (plan.end - plan.start) / 3)


@settings(max_examples=30)
@given(specs(), st.sampled_from([[], [WASHOUT_OK], [BLOCKING, UNCHECKED]]), st.booleans())
def test_patient_outputs_carry_no_source_key_and_no_clinician_phrase(
    spec: TitrationSpec, warnings: list[PlanWarning], with_surgery: bool
) -> None:
    plan = build_plan(spec, warnings=warnings)
    if with_surgery and plan.end > plan.start:
        plan = adjusted(plan)
    for fmt in PATIENT_FORMATS:
        assert_patient_voice(unfolded(render_plan(plan, fmt, OPTIONS)))


def test_the_clinician_formats_keep_the_keys_and_the_clinical_wording() -> None:
    plan = build_plan(spec_of(), warnings=[BLOCKING])
    for fmt in CLINICIAN_FORMATS:
        text = render_plan(plan, fmt, OPTIONS)
        assert "naltrexone-label" in text or fmt == "text" and "[naltrexone-label]" in text
    table = render_plan(plan, "table", OPTIONS)
    assert "tachycardia" in table
    assert "Whether to continue the titration" in table


def test_the_clinician_copy_of_the_handout_is_separate_and_only_on_request() -> None:
    plan = build_plan(spec_of(), warnings=[BLOCKING, UNCHECKED])
    patient = render_plan(plan, "html", OPTIONS)
    assert "Clinician copy" not in patient
    assert "Zzyzx" not in patient  # an unrecognised medication is the prescriber's business
    both = render_plan(plan, "html", OPTIONS._replace(clinician_copy=True))
    patient_part, clinician_part = both.split('<section class="clinician">')
    assert_patient_voice(patient_part)
    for text in ("naltrexone-label", "opioid-table", "Zzyzx", "Not checked", "tachycardia"):
        assert text in clinician_part
    assert "Decision support for clinicians" in clinician_part


def test_a_blocked_plans_handout_says_do_not_start_and_why_in_plain_words_only() -> None:
    page = render_plan(build_plan(spec_of(), warnings=[BLOCKING]), "html", OPTIONS)
    body = page.split("<body>", 1)[1]
    assert body.index("Do not start LDN as planned.") < body.index("<h2>Important</h2>")
    assert "Norco contains an opioid (hydrocodone)" in body
    assert "starting <strong>" not in body  # no start announced as if nothing were wrong
    # A patient who must not start gets no doses, visits, tick sheet, diary or wallet card.
    for absent in (
        "Your doses",
        "Your follow-up visits",
        "book a day",
        "go up to",
        "Tick each dose",
        "Pain diary",
        "Cut out and carry this card",
        "I take low dose naltrexone",
        "Common side effects",
    ):
        assert absent not in body, absent
    # The clinician's wording stays on the clinician copy.
    for clinical in ("Contraindicated", "terminal half-life", "steady state"):
        assert clinical not in body


@pytest.mark.parametrize(
    ("warning", "plain"),
    [
        (BLOCKING, "Norco contains an opioid (hydrocodone). LDN blocks opioids"),
        (
            PlanWarning(
                code="opioid-contraindicated",
                severity="contraindicated",
                message="buprenorphine (depot): Long-acting buprenorphine depot injection: "
                "contraindicated with LDN. ... terminal half-life 43–60 days ... steady state",
                source="long-acting-opioids",
                input="Sublocade 300 mg monthly",
                matched="buprenorphine",
            ),
            "Sublocade 300 mg monthly contains an opioid (buprenorphine).",
        ),
        (
            PlanWarning(
                code="opioid-washout-not-computed",
                severity="contraindicated",
                message="No opioid-free start can be computed ... steady state",
                source="long-acting-opioids",
            ),
            "A long-acting opioid injection or implant goes on releasing its medicine",
        ),
        (
            PlanWarning(
                code="opioid-washout",
                severity="contraindicated",
                message="LDN start 2026-12-01 is too early: the earliest safe start is ...",
                source="naltrexone-label",
            ),
            "The planned start is too soon after your last opioid dose",
        ),
        (
            PlanWarning(
                code="some-future-block",
                severity="contraindicated",
                message="Contraindicated: a finding this version does not know",
                source="naltrexone-label",
                input="Xyz",
            ),
            "Xyz: Your prescriber's check found a medicine or a date",
        ),
    ],
)
def test_each_blocking_reason_reaches_the_patient_in_plain_words(
    warning: PlanWarning, plain: str
) -> None:
    plan = build_plan(spec_of(), warnings=[warning])
    for fmt in PATIENT_FORMATS:
        text = " ".join(html.unescape(unfolded(render_plan(plan, fmt, OPTIONS))).split())
        assert plain in text
        assert_patient_voice(text)
        for clinical in ("Contraindicated", "terminal half-life", "steady state"):
            assert clinical not in text
    clinician = render_plan(plan, "html", OPTIONS._replace(clinician_copy=True))
    assert warning.message.split(" ...")[0] in clinician.split('<section class="clinician">')[1]


def test_a_plan_that_only_carries_information_is_not_blocked_in_the_handout() -> None:
    page = render_plan(build_plan(spec_of(), warnings=[WASHOUT_OK]), "html", OPTIONS)
    assert "Do not start" not in page
    assert "starting <strong>Tue 1 Dec 2026</strong>" in page


@pytest.mark.parametrize(
    ("severity", "label"),
    [
        ("contraindicated", "Contraindicated"),
        ("caution", "Caution"),
        ("duplicate", "Duplicate therapy"),
        ("unchecked", "Not checked"),
        ("info", "Information"),
        ("some-new-tier", "Some new tier"),
    ],
)
def test_each_severity_has_its_own_label(severity: str, label: str) -> None:
    assert severity_label(severity) == label


@pytest.mark.parametrize("fmt", ["table", "calendar"])
def test_a_washout_line_is_information_never_a_warning(fmt: str) -> None:
    text = render_plan(build_plan(spec_of(), warnings=[WASHOUT_OK]), fmt, OPTIONS)
    assert "Warning" not in text
    assert "INFORMATION" in text or "Information:" in text


def test_the_handout_clinician_copy_labels_a_washout_line_as_information() -> None:
    plan = build_plan(spec_of(), warnings=[WASHOUT_OK])
    page = render_plan(plan, "html", OPTIONS._replace(clinician_copy=True))
    assert "<td>Information</td>" in page
    assert "Warning" not in page
    assert "Warning" not in render_plan(plan, "ics", OPTIONS)


def test_whom_to_call_uses_the_clinic_fields_and_never_needs_them() -> None:
    options = OPTIONS._replace(
        patient_name="Jane Doe",
        prescriber="Dr A. Smith",
        clinic_name="Riverside Pain Clinic",
        clinic_phone="020 7946 0000",
    )
    plan = build_plan(spec_of())
    page = render_plan(plan, "html", options)
    call = 'Call Dr A. Smith, Riverside Pain Clinic on <span class="nowrap">020 7946 0000</span>.'
    assert call in page
    card = page.split('<div class="card">', 1)[1]
    for value in ("Jane Doe", "Dr A. Smith", "Riverside Pain Clinic"):
        assert value in card
    # The phone number never breaks across lines, on the narrow card or anywhere else.
    assert '<span class="nowrap">020 7946 0000</span>' in card
    assert page.count("020 7946 0000") == page.count('<span class="nowrap">020 7946 0000</span>')
    calendar = unfolded(render_plan(plan, "ics", options))
    assert "Call Dr A. Smith, Riverside Pain Clinic on 020 7946 0000." in calendar
    bare = render_plan(plan, "html", OPTIONS)
    assert "Call your prescriber." in bare
    assert "Name: ____" in bare


def test_a_surgery_day_is_marked_on_the_tick_sheet() -> None:
    plan = adjust(
        build_plan(spec_of()),
        OpioidInterruption("surgery", date(2027, 1, 5), date(2027, 1, 5)),
        on=date(2026, 12, 20),
    )
    page = render_plan(plan, "html", OPTIONS)
    cell = re.search(r'<td class="event"><span class="day">5</span>.*?</td>', page)
    assert cell is not None
    assert "Surgery" in cell.group(0)
    assert "No LDN" in cell.group(0)
    assert "surgery on Tue 5 Jan 2027" in page


@pytest.mark.parametrize(
    ("value", "message"),
    [("Jane\x1b[31mDoe", "control characters"), ("J" * 81, "at most 80 characters")],
)
def test_a_bad_name_is_refused_without_repeating_it(value: str, message: str) -> None:
    from ldn_cli.errors import InputError
    from ldn_cli.handover import contact_text

    with pytest.raises(InputError, match=message) as raised:
        contact_text(value, what="--patient")
    assert "Jane" not in str(raised.value)
    assert "JJJ" not in str(raised.value)
    assert contact_text("  Jane \t Doe ", what="--patient") == "Jane Doe"
    assert contact_text(None, what="--patient") is None


@pytest.mark.parametrize("field", ["fhir_subject", "patient", "clinic_name", "prescriber"])
def test_every_free_text_hand_over_field_refuses_control_characters(field: str) -> None:
    """The FHIR subject too: a terminal escape must not reach an order an EHR imports."""
    from ldn_cli.errors import InputError
    from ldn_cli.handover import CONTACT_FIELDS, HandoverRequest

    request = HandoverRequest.model_construct(**{field: "Patient/1\x1b[2J"})
    with pytest.raises(InputError, match=f"{CONTACT_FIELDS[field]}: control characters"):
        request.contact(field)
    with pytest.raises(InputError, match="control characters"):
        request.check_field(field)
