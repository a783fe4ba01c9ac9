"""Is a titration faster than every published protocol? The check behind ``ldn plan``'s pace
warnings, with the codes ``ldn check`` uses for the same finding.

A preset covers a schedule when it climbs at least as fast: a step at least as large, at an
interval at least as short. A schedule no preset covers goes faster than any published protocol:
``LDN112`` when its interval is shorter than every preset's, ``LDN111`` when its step is larger
than every preset's that increases as often or less often. Each is a warning (not blocking),
cited by the source of the first preset whose numbers it quotes.
"""

from collections.abc import Iterable

from ldn_cli.dose import format_mg
from ldn_cli.models import PlanWarning, TitrationSpec
from ldn_cli.protocols import PROTOCOLS, Protocol


def pace_warnings(spec: TitrationSpec) -> list[PlanWarning]:
    """Warnings for a schedule that increases faster than every preset in ``PROTOCOLS``."""
    step = min(spec.step_mg, spec.target_mg - spec.start_mg)  # the largest increase it makes
    if step <= 0:
        return []  # one dose, no increase
    presets = list(PROTOCOLS.values())
    if any(p.step_mg >= step and p.every_days <= spec.every_days for p in presets):
        return []
    warnings = []
    shortest = min(p.every_days for p in presets)
    if spec.every_days < shortest:
        quickest = _by_name(p for p in presets if p.every_days == shortest)
        warnings.append(
            _warning(
                "LDN112",
                quickest[0].source,
                f"an increase every {_days(spec.every_days)} is sooner than any published "
                f"protocol (the shortest interval is {_days(shortest)}: {_names(quickest)})",
            )
        )
    peers = [p for p in presets if p.every_days <= spec.every_days]
    largest = max(p.step_mg for p in peers or presets)
    if step > largest:
        widest = _by_name(p for p in peers or presets if p.step_mg == largest)
        than = "any published protocol that increases as often" if peers else "any published step"
        warnings.append(
            _warning(
                "LDN111",
                widest[0].source,
                f"increases of {format_mg(step)} every {_days(spec.every_days)} are larger than "
                f"{than} (at most {format_mg(largest)} every "
                f"{_days(min(p.every_days for p in widest))}: {_names(widest)})",
            )
        )
    return warnings


def _warning(code: str, source: str, message: str) -> PlanWarning:
    return PlanWarning(code=code, severity="warning", message=message, source=source)


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _by_name(presets: Iterable[Protocol]) -> list[Protocol]:
    return sorted(presets, key=lambda preset: preset.name)


def _names(presets: Iterable[Protocol]) -> str:
    return ", ".join(p.name for p in _by_name(presets))
