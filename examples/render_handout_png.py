"""Print the clinic's handout example as a browser prints it, and save its pages as PNG images.

Runs the command of ``examples/plan-handout-clinic.sh``, prints the HTML on A4 with headless
Chromium, converts each PDF page with ``pdftoppm`` (poppler-utils) and writes
``examples/plan-handout-page-N.png``; the README shows them. Needs ``chromium`` and
``pdftoppm`` (CI installs both: see ``.ci/run``).

Usage: ``python examples/render_handout_png.py [--paper A4|Letter] [--dpi 72]``
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "plan-handout-clinic.sh"
OUTPUT = ROOT / "examples"
#: Headless printing without a sandbox, GPU, first-run screens or network chatter.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


def handout_html() -> str:
    """The example's HTML, made the way the golden test makes it (fixed DTSTAMP, UTC)."""
    command = next(
        line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.startswith("ldn ")
    )
    done = subprocess.run(
        [sys.executable, "-m", "ldn_cli", *shlex.split(command)[1:]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TZ": "UTC", "NO_COLOR": "1"},
        check=False,
    )
    if done.returncode not in (0, 1):
        sys.exit(f"the example failed: {done.stderr.strip()}")
    return done.stdout


def print_pages(html: str, *, paper: str, dpi: int) -> list[Path]:
    """Print ``html`` to PDF with Chromium and turn each page into a PNG in ``OUTPUT``."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None or shutil.which("pdftoppm") is None:
        sys.exit("needs chromium and pdftoppm (poppler-utils) on PATH")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        page = folder / "handout.html"
        page.write_text(
            html.replace("</head>", f"<style>@page {{ size: {paper}; }}</style></head>"),
            encoding="utf-8",
        )
        pdf = folder / "handout.pdf"
        subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={folder / 'profile'}",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "page")], check=True
        )
        for old in OUTPUT.glob("plan-handout-page-*.png"):
            old.unlink()
        written = []
        for number, image in enumerate(sorted(folder.glob("page-*.png")), start=1):
            target = OUTPUT / f"plan-handout-page-{number}.png"
            shutil.copyfile(image, target)
            written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paper", choices=["A4", "Letter"], default="A4")
    parser.add_argument("--dpi", type=int, default=72)
    arguments = parser.parse_args()
    for path in print_pages(handout_html(), paper=arguments.paper, dpi=arguments.dpi):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
