"""The result of ``ldn meds``: each medication line, what it matched, its tier and advice.

Prints only what the core decided (tiers, forms, advice and their sources); it computes nothing.
"""

from collections.abc import Sequence
from io import StringIO

from ldn_cli.interactions import MedicationCheck, MedsReport
from ldn_cli.render import DISCLAIMER, RenderOptions, console_text, make_console, styled
from ldn_cli.render.json import to_json

_TIER_LABEL = {
    "contraindicated": "CONTRAINDICATED",
    "caution": "caution",
    "pamora": "PAMORA: ask about opioid use",
    "naloxone": "naloxone: ask about opioid use",
    "duplicate": "duplicate",
    "planned-ldn": "LDN (the planned drug)",
    "no-conflict": "no conflict",
}


def render_json(checks: Sequence[MedicationCheck], *, table_version: str, blocking: bool) -> str:
    """The checks as JSON: ``schema_version``, ``table_version``, ``blocking``, ``results``."""
    report = MedsReport.model_construct(
        table_version=table_version, blocking=blocking, results=list(checks)
    )
    return to_json(report) + "\n"


def render_table(checks: Sequence[MedicationCheck], options: RenderOptions) -> str:
    """One row per finding (or per unrecognised name); the advice for each tier once below."""
    from rich.table import Table

    table = Table(title="Opioid conflicts with LDN", title_justify="left", title_style="bold")
    for column in ("Input", "Ingredient", "Tier", "Source"):
        table.add_column(column, overflow="fold")
    advice: dict[tuple[str, str], str] = {}  # each distinct advice once, under its first heading
    for check in checks:
        for match in check.matches:
            label = _TIER_LABEL[match.tier]
            if match.certainty == "possible":
                label = f"possibly {label}: verify the name"
            matched = "" if match.matched == match.ingredient else f' (as "{match.matched}")'
            form = f", {match.form}" if match.form else ""
            table.add_row(
                check.input,
                match.ingredient + matched + form,
                styled(label, style="bold red" if match.tier == "contraindicated" else ""),
                match.source,
            )
            heading = _TIER_LABEL[match.tier] + (f" ({match.form})" if match.form else "")
            advice.setdefault((match.advice, match.advice_source), heading)
        for words in check.unrecognised:
            table.add_row(
                check.input, words, styled("unrecognised", style="yellow"), "opioid-table"
            )
            advice.setdefault(
                ("Not in the opioid table, so not checked: verify it by hand.", "opioid-table"),
                "unrecognised",
            )
    console = make_console(buffer := StringIO(), options)
    console.print(table)
    for (text, source), label in advice.items():
        console.print(styled(f"{label}: {text} [{source}]"))
    console.print(styled(DISCLAIMER, style="italic"))
    return console_text(buffer)
