"""Named titration presets, each with its numbers and its source key.

Every preset comes from clinical-facts.md section 1. Individualized options on the command
line override a preset's numbers; the preset's name and source stay on the plan.
"""

from decimal import Decimal
from typing import NamedTuple

from ldn_cli.errors import UnknownChoice


class Protocol(NamedTuple):
    """A titration preset: start dose, step, interval in days, target, and its source key."""

    name: str
    start_mg: Decimal
    step_mg: Decimal
    every_days: int
    target_mg: Decimal
    source: str
    summary: str


DEFAULT_PROTOCOL = "standard"

PROTOCOLS: dict[str, Protocol] = {
    protocol.name: protocol
    for protocol in (
        Protocol(
            name="standard",
            start_mg=Decimal("1.5"),
            step_mg=Decimal("1.5"),
            every_days=14,
            target_mg=Decimal("4.5"),
            source="seed-standard",
            summary="Reference protocol for chronic pain",
        ),
        Protocol(
            name="ldnrt-weekly",
            start_mg=Decimal("1"),
            step_mg=Decimal("1"),
            every_days=7,
            target_mg=Decimal("4.5"),
            source="ldnrt-weekly",
            summary="Weekly steps; reaches 4.5 mg in week 5 (pain, autoimmune)",
        ),
        Protocol(
            name="ldnrt-sensitive",
            start_mg=Decimal("0.5"),
            step_mg=Decimal("0.5"),
            every_days=14,
            target_mg=Decimal("4.5"),
            source="ldnrt-sensitive",
            summary="Slow steps for sensitive patients (ME/CFS, long COVID)",
        ),
        Protocol(
            name="norland-weekly",
            start_mg=Decimal("0.5"),
            step_mg=Decimal("0.5"),
            every_days=7,
            target_mg=Decimal("4.5"),
            source="norland-weekly",
            summary="Weekly 0.5 mg steps; do not exceed 4.5 mg",
        ),
        Protocol(
            name="ldnrt-guide-2020",
            start_mg=Decimal("1"),
            step_mg=Decimal("1"),
            every_days=14,
            target_mg=Decimal("4.5"),
            source="ldnrt-guide-2020",
            summary=(
                "Guide allows 0.5–1 mg start and steps every 2 weeks; this preset takes 1 mg "
                "(use --start-dose 0.5 --step 0.5 for the low end)"
            ),
        ),
    )
}


def get_protocol(name: str) -> Protocol:
    """Return the preset called ``name`` or raise ``UnknownChoice`` listing the presets."""
    try:
        return PROTOCOLS[name.strip().lower()]
    except KeyError:
        raise UnknownChoice(
            f"unknown protocol {name!r}; choose one of: {', '.join(PROTOCOLS)}"
        ) from None
