"""Print the performance numbers quoted in the README.

Usage: ``python -m tests.benchmarks.run``. Timings are medians of repeated runs on this
machine; the README states which machine produced its numbers.
"""

import statistics
import time
from collections.abc import Callable
from typing import TypeVar

from ldn_cli.interactions import MedicationIndex, check_medications, load_table

T = TypeVar("T")

MEDICATION_LINES = [
    "Percocet 5/325 1-2 tabs q6h prn",
    "gabapentin 300 mg TID",
    "oxycodone HCl 5 mg ER tablet",
    "tramadol 50mg",
    "MS Contin 30",
    "Tylenol #3",
    "oxycodone/acetaminophen 5/325",
    "APAP-codeine",
    "hydrocodone bitartrate and acetaminophen",
    "duloxetine 60 mg daily",
]


def median_seconds(action: Callable[[T], object], *, repeat: int, setup: Callable[[], T]) -> float:
    """The median wall time of ``action(setup())`` over ``repeat`` runs (setup not timed)."""
    samples = []
    for _ in range(repeat):
        prepared = setup()
        started = time.perf_counter()
        action(prepared)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def distinct_lines(count: int) -> list[str]:
    """``count`` different medication lines (different strengths), so no result is reused."""
    return [f"{MEDICATION_LINES[n % len(MEDICATION_LINES)]} x{n}" for n in range(count)]


def bench_medications() -> list[tuple[str, str]]:
    """Rows: what was measured, and its median time."""
    started = time.perf_counter()
    table = load_table()
    load_ms = (time.perf_counter() - started) * 1000

    def fresh_index() -> MedicationIndex:
        index = MedicationIndex(table)
        check_medications(["oxycodon"], index)  # builds the misspelling index outside timing
        return index

    build_ms = median_seconds(lambda _: MedicationIndex(table), repeat=50, setup=lambda: 0) * 1000
    cold = distinct_lines(50)
    cold_ms = (
        median_seconds(lambda index: check_medications(cold, index), repeat=50, setup=fresh_index)
        * 1000
    )
    warm = MEDICATION_LINES * 5
    warm_index = fresh_index()
    check_medications(warm, warm_index)
    warm_ms = (
        median_seconds(
            lambda index: check_medications(warm, index), repeat=200, setup=lambda: warm_index
        )
        * 1000
    )
    return [
        ("load and validate opioids.json (once a process)", f"{load_ms:.2f} ms"),
        ("build the name index (once a process)", f"{build_ms:.2f} ms"),
        ("check 50 distinct lines, nothing cached", f"{cold_ms:.3f} ms"),
        ("check a 50-line list of names seen before", f"{warm_ms:.3f} ms"),
    ]


def print_table(title: str, rows: list[tuple[str, str]]) -> None:
    """A plain two-column table."""
    width = max(len(name) for name, _ in rows)
    print(f"\n{title}")
    for name, value in rows:
        print(f"  {name:<{width}}  {value:>12}")


def main() -> None:
    """Run every benchmark and print its table."""
    print_table("Medication checking", bench_medications())


if __name__ == "__main__":
    main()
