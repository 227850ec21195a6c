"""`make test-fast` leaves out what it promises to: a browser, PostgreSQL, OCR."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import REPO


def selected(files: list[str]) -> set[str]:
    """The test files of ``files`` that `make test-fast`'s selection (read from the Makefile) keeps."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    selection = re.search(r"^FAST_SELECTION := (.+)$", makefile, re.M).group(1)
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", selection, *files],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert listed.returncode in (0, 5), listed.stdout + listed.stderr  # 5: nothing selected
    return {line.split("::")[0] for line in listed.stdout.splitlines() if "::" in line}


def test_the_fast_selection_keeps_pure_logic_and_leaves_out_browser_postgres_and_ocr():
    files = [
        "tests/search_app/test_histogram.py",  # pure
        "tests/search_app/test_browser.py",  # Playwright and chromium
        "tests/indexer/test_postgres.py",  # a PostgreSQL cluster
        "tests/indexer/test_formats.py",  # OCR of images and scans
    ]
    assert selected(files) == {"tests/search_app/test_histogram.py"}
