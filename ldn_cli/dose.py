"""Doses as exact decimals of mg: bounds, parsing and ISMP-safe formatting.

A dose is a ``Decimal`` on the 0.01 mg grid within 0.1-4.5 mg (seed.md: individualized doses
0.1-4.5 mg; 4.5 mg daily maximum). Formatting follows the ISMP rules in clinical-facts.md
section 5: a leading zero, no trailing zero, a space before "mg".
"""

import re
from decimal import Decimal

from ldn_cli.errors import InvalidDose

#: Lowest and highest daily dose the tool will ever plan (source key ``seed-individualized``).
MIN_DOSE_MG = Decimal("0.1")
MAX_DOSE_MG = Decimal("4.5")
#: Doses are written with at most two decimals.
DOSE_QUANTUM = Decimal("0.01")

# Patterns are compiled on first use (``re`` caches them), not at import: start-up time.
# ASCII digits only: "١.٥" or "１.５" are refused, never read as 1.5.
_DOSE_TEXT = r"^\s*(?P<number>[0-9]{1,6}(?:\.[0-9]{1,6})?)\s*(?:mg)?\s*$"
DOSE_RANGE_TEXT = "0.1–4.5 mg with at most two decimals"


def format_number(value: Decimal) -> str:
    """Write a decimal with a leading zero and no trailing zeros: 0.5, 3, 1.25."""
    return format(value.normalize(), "f")


def json_number(value: Decimal) -> int | float:
    """A dose as a JSON number: 3 for 3 mg, 0.3 for 0.3 mg (two-decimal values are exact)."""
    return int(value) if value == value.to_integral_value() else float(value)


def format_mg(value: Decimal) -> str:
    """Write a dose the ISMP-safe way: ``format_mg(Decimal("3.0")) == "3 mg"``."""
    return f"{format_number(value)} mg"


def parse_amount(text: str, *, what: str, allowed: str = DOSE_RANGE_TEXT) -> Decimal:
    """Parse a positive amount of mg written as ``1.5``, ``1.5mg`` or ``1.5 mg``; errors say
    what is ``allowed`` (the dose range unless told).

    Refuses forms ISMP calls error-prone (``.5``: no leading zero) and decimal commas, so
    that a number is never read two ways.
    """
    from ldn_cli.printable import quoted

    match = re.match(_DOSE_TEXT, text, re.IGNORECASE)
    if match is None:
        hint = ""
        if text.strip().startswith("."):
            hint = " (write a leading zero, e.g. 0.5)"
        elif "," in text:
            hint = " (use a decimal point, e.g. 1.5)"
        elif re.search(r"[0-9]{7}", text):
            hint = " (too many digits)"
        raise InvalidDose(f"{what} {quoted(text)} is not a number of mg{hint}; allowed: {allowed}")
    value = Decimal(match["number"])  # at most 12 digits: exact, and quantize cannot fail
    if value != value.quantize(DOSE_QUANTUM):
        raise InvalidDose(
            f"{what} {quoted(text.strip())} has more than two decimals; allowed: {allowed}"
        )
    return value.normalize()


def check_dose(value: Decimal, *, what: str = "dose") -> Decimal:
    """Return ``value`` if it is an allowed daily dose, else raise ``InvalidDose``."""
    if not value.is_finite() or not MIN_DOSE_MG <= value <= MAX_DOSE_MG:
        shown = format_mg(value) if value.is_finite() and abs(value) < 10**6 else str(value)[:20]
        raise InvalidDose(f"{what} {shown} is out of range; allowed: {DOSE_RANGE_TEXT}")
    if value != value.quantize(DOSE_QUANTUM):
        raise InvalidDose(
            f"{what} {format_mg(value)} has more than two decimals; allowed: {DOSE_RANGE_TEXT}"
        )
    return value


#: The largest increase between two steps: the whole dose range.
MAX_STEP_MG = MAX_DOSE_MG - MIN_DOSE_MG
STEP_RANGE_TEXT = (
    f"{format_number(DOSE_QUANTUM)}–{format_mg(MAX_STEP_MG)} with at most two decimals"
)


def check_step(value: Decimal, *, what: str = "step") -> Decimal:
    """Return ``value`` if it is an allowed increase between steps, else raise ``InvalidDose``."""
    if (
        not value.is_finite()
        or not 0 < value <= MAX_STEP_MG
        or value != value.quantize(DOSE_QUANTUM)
    ):
        shown = format_mg(value) if value.is_finite() and abs(value) < 10**6 else str(value)[:20]
        raise InvalidDose(f"{what} {shown} is out of range; allowed: {STEP_RANGE_TEXT}")
    return value


def parse_dose(text: str, *, what: str = "dose") -> Decimal:
    """Parse and bound-check a daily dose: ``parse_dose("1.5 mg") == Decimal("1.5")``."""
    return check_dose(parse_amount(text, what=what), what=what)
