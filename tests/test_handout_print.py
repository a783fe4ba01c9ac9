"""The handout printed by a real browser: headless Chromium prints it to PDF on A4 and Letter.

CI installs Chromium (``.ci/run``); on a developer machine without it the test is skipped,
and in CI (``CI`` set) a missing browser fails the test instead.
"""

import os
import re
import shutil
import subprocess
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from ldn_cli.cli import app
from ldn_cli.diary import diary_days
from ldn_cli.dose import format_mg
from ldn_cli.render import RenderOptions, render_plan
from ldn_cli.render.diary_page import pages
from tests.test_examples import EXAMPLES, SCRIPTS, parse_example
from tests.test_render_outputs import STANDARD, plan_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# The flags this machine needs: no sandbox as root, no GPU, no network chatter.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]

#: Skipped where Chromium is missing, except in CI (``CI`` set), where a missing browser fails.
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="Chromium is not installed here; CI installs it and runs this test",
)
pytestmark = needs_chromium


def print_to_pdf(html: str, paper: str, tmp_path: Path) -> PdfReader:
    """Print ``html`` on ``paper`` (A4 or Letter) with Chromium and read the PDF."""
    assert CHROMIUM is not None, "CI must install Chromium (see .ci/run)"
    page = tmp_path / f"handout-{paper}.html"
    page.write_text(html.replace("</head>", f"<style>@page {{ size: {paper}; }}</style></head>"))
    pdf = tmp_path / f"handout-{paper}.pdf"
    subprocess.run(
        [
            CHROMIUM,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return PdfReader(pdf)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_standard_handout_prints_on_two_pages_with_every_dose_and_visit(
    paper: str, tmp_path: Path
) -> None:
    html = render_plan(STANDARD, "html", RenderOptions(stamp=datetime(2026, 11, 26, tzinfo=UTC)))
    reader = print_to_pdf(html, paper, tmp_path)
    # What to do on page 1; the tick sheet and the card on page 2; the pain diary on page 3.
    assert len(reader.pages) == 3
    assert "Pain diary" in reader.pages[-1].extract_text()
    assert "Pain diary" not in reader.pages[-2].extract_text()
    text = " ".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")
    text = " ".join(text.split())
    for step in STANDARD.steps:
        assert format_mg(step.dose_mg) in text
    for checkpoint in STANDARD.checkpoints:
        assert (
            f"{checkpoint.suggested:%a} {checkpoint.suggested.day} {checkpoint.suggested:%b %Y}"
            in text
        )
    assert "Cut out and carry this card" in text


def handout_examples() -> list[Path]:
    return [
        script
        for script in SCRIPTS
        if "--format html" in script.read_text(encoding="utf-8")
        or "-f html" in script.read_text(encoding="utf-8")
    ]


def html_unescape(text: str) -> str:
    from html import unescape

    return " ".join(unescape(text).split())


def page_lines_set(text: str) -> set[str]:
    return set(text.split(" "))


def page_lines(page: object) -> list[str]:
    # NFKC undoes the ligatures a PDF keeps ("eﬀect") and non-breaking spaces.
    text = unicodedata.normalize("NFKC", page.extract_text())  # type: ignore[attr-defined]
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("script", handout_examples(), ids=lambda path: path.stem)
def test_every_example_handout_prints_with_no_heading_left_alone_at_a_page_end(
    script: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    args, _ = parse_example(script)
    html = CliRunner(env={"TZ": "UTC", "SOURCE_DATE_EPOCH": "1795651200"}).invoke(app, args).stdout
    headings = {re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2>(.*?)</h2>", html)}
    reader = print_to_pdf(html, "A4", tmp_path)
    for number, page in enumerate(reader.pages, start=1):
        lines = page_lines(page)
        assert lines, f"page {number} is empty"
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"
    # The "Important" list is never split: no bullet left alone on the next page.
    section = html.split('<section class="important', 1)[1].split("</section>", 1)[0]
    bullets = [html_unescape(item)[:40] for item in re.findall(r"<li>(.*?)</li>", section)]
    texts = [" ".join(page_lines(page)) for page in reader.pages]
    holding = [text for text in texts if "Important" in page_lines_set(text)]
    assert holding, "the Important heading is on a page"
    assert all(bullet in holding[0] for bullet in bullets)
    first = " ".join(page_lines(reader.pages[0]))
    if "--med Norco" in " ".join(args):
        assert "Do not start LDN as planned." in first
        assert "Tick each dose" not in " ".join(" ".join(page_lines(p)) for p in reader.pages)
    else:
        assert "Questions, or a side effect that does not settle?" in first
        assert "4.5 mg" in first


def test_a_year_long_handout_still_prints(tmp_path: Path) -> None:
    plan = plan_of(maintain_days=300)
    reader = print_to_pdf(render_plan(plan, "html", RenderOptions()), "A4", tmp_path)
    diary_pages = len(pages(diary_days(plan)))
    assert 2 <= len(reader.pages) - diary_pages <= 6
