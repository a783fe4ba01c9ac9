"""Listings of what the tool knows: the protocol presets and the source catalogue."""

import json
from collections.abc import Sequence
from io import StringIO
from typing import TYPE_CHECKING

from ldn_cli.dose import format_mg, json_number
from ldn_cli.evidence import SOURCES
from ldn_cli.protocols import PROTOCOLS

if TYPE_CHECKING:
    from ldn_cli.settings import Effective


def render_protocols(fmt: str) -> str:
    """Every preset with its numbers and source key, as a table or JSON."""
    if fmt == "json":
        rows = [
            {
                "name": protocol.name,
                "start_mg": json_number(protocol.start_mg),
                "step_mg": json_number(protocol.step_mg),
                "every_days": protocol.every_days,
                "target_mg": json_number(protocol.target_mg),
                "source": protocol.source,
                "summary": protocol.summary,
            }
            for protocol in PROTOCOLS.values()
        ]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    return _table(
        ["Protocol", "Start", "Step", "Every", "Target", "Source", "Notes"],
        [
            [
                protocol.name,
                format_mg(protocol.start_mg),
                f"+{format_mg(protocol.step_mg)}",
                f"{protocol.every_days} days",
                format_mg(protocol.target_mg),
                protocol.source,
                protocol.summary,
            ]
            for protocol in PROTOCOLS.values()
        ],
    )


def render_sources(fmt: str) -> str:
    """Every source key with its citation and what it supports, as a table or JSON."""
    if fmt == "json":
        rows = [
            {
                "key": source.key,
                "citation": source.citation,
                "supports": source.supports,
                "confirmed": source.confirmed,
            }
            for source in SOURCES.values()
        ]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    return _table(
        ["Key", "Supports", "Citation"],
        [
            [
                source.key + ("" if source.confirmed else " (unconfirmed)"),
                source.supports,
                source.citation,
            ]
            for source in SOURCES.values()
        ],
    )


def _table(headers: list[str], rows: list[list[str]]) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(*headers)
    for row in rows:
        table.add_row(*row)
    buffer = StringIO()
    Console(file=buffer, width=120, color_system=None, highlight=False, emoji=False).print(table)
    return buffer.getvalue()


def render_settings(rows: "Sequence[Effective]", fmt: str) -> str:
    """Every setting with its effective value and origin (``ldn config show``)."""
    if fmt == "json":
        data = [
            {"key": row.key, "value": row.value, "origin": row.origin, "help": row.help}
            for row in rows
        ]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return _table(["Key", "Value", "From"], [[row.key, row.value, row.origin] for row in rows])
