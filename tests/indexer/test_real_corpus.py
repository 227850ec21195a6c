"""Extraction on real documents nobody on the project wrote, against gold read by eye.

../shared/corpus/real/gold.json (see its README): for every document the title
and date as the page shows them, sentences that must be recovered, page chrome
that must not appear, and for scans the lines whose character accuracy counts.
Strings are compared after NFKC with all whitespace removed. The same checks
run on unseen documents of the same kinds, so nothing here is keyed to a file.

Acceptance: title exact on >= 90 % of the documents that have one, date on
>= 90 %, gold sentences found >= 95 %, no boilerplate, scanned gold lines at
character accuracy >= 0.97. The scans are OCR'd once per session, through the
persistent pytest cache (the OCR cache keeps boxes, so layout changes still
count), and marked slow.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from indexer.clean import clean_pages
from indexer.extract import extract
from indexer.parse import parse
from tests.conftest import SHARED

REAL = SHARED / "corpus" / "real"
GOLD = json.loads((REAL / "gold.json").read_text(encoding="utf-8"))["docs"]
TEXT_DOCS = [d for d in GOLD if d["kind"] != "scan"]
SCANS = [d for d in GOLD if d["kind"] == "scan"]


def norm(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@dataclass
class Reading:
    title: str | None
    date: str | None
    text: str
    methods: list[str]
    confidences: list[float | None]


def read(doc: dict, ocr_cache: Path | None = None) -> Reading:
    """What the index gets of one document: extract, clean, parse."""
    extracted = extract(REAL / "docs" / doc["file"], ocr_cache=ocr_cache)
    cleaned = clean_pages([p.text for p in extracted.pages])
    documents = parse(cleaned.text, extracted.meta)
    first = documents[0] if documents else None
    title = extracted.meta.get("title") or (
        first and (first.headline or (first.articles[0].title if first.articles else None))
    )
    date = extracted.meta.get("date") or (first.date if first else None)
    return Reading(
        title,
        date,
        cleaned.text,
        [p.method for p in extracted.pages],
        [p.ocr_confidence for p in extracted.pages],
    )


def sentence_found(sentence: str, text: str) -> bool:
    return bool(text) and fuzz.partial_ratio(norm(sentence), norm(text)) >= 95


def boilerplate_left(doc: dict, reading: Reading) -> list[str]:
    seen = norm(reading.text) + norm(reading.title)
    left = []
    for item in doc["boilerplate"]:
        text, allowed = (item["text"], item["max"]) if isinstance(item, dict) else (item, 0)
        if seen.count(norm(text)) > allowed:
            left.append(text)
    return left


def line_accuracy(lines: list[str], text: str) -> float:
    """Character accuracy of gold lines against the best-aligned stretch of the text."""
    flat = norm(text)
    total = errors = 0
    for line in map(norm, lines):
        aligned = fuzz.partial_ratio_alignment(line, flat)
        found = flat[aligned.dest_start : aligned.dest_end] if aligned else ""
        errors += min(len(line), Levenshtein.distance(line, found))
        total += len(line)
    return 1 - errors / total


@pytest.fixture(scope="module")
def readings() -> dict[str, Reading]:
    return {d["file"]: read(d) for d in TEXT_DOCS}


@pytest.fixture(scope="module")
def scans(request) -> dict[str, Reading]:
    cache = Path(request.config.cache.mkdir("ocr-cache-real"))
    return {d["file"]: read(d, ocr_cache=cache) for d in SCANS}


# --- pages and text-layer PDFs --------------------------------------------------------


def test_titles_exact(readings):
    judged = [d for d in TEXT_DOCS if d["title"]]
    right = [d for d in judged if norm(readings[d["file"]].title) == norm(d["title"])]
    wrong = {d["file"]: readings[d["file"]].title for d in judged if d not in right}
    assert len(right) >= 0.9 * len(judged), wrong


def test_dates(readings):
    judged = [d for d in TEXT_DOCS if d["date"]]
    right = [d for d in judged if (readings[d["file"]].date or "")[:10] == d["date"]]
    wrong = {d["file"]: readings[d["file"]].date for d in judged if d not in right}
    assert len(right) >= 0.9 * len(judged), wrong


def test_gold_sentences_found(readings):
    pairs = [(d["file"], s) for d in TEXT_DOCS for s in d["sentences"]]
    missing = [(f, s) for f, s in pairs if not sentence_found(s, readings[f].text)]
    assert len(missing) <= 0.05 * len(pairs), missing


@pytest.mark.parametrize("doc", TEXT_DOCS, ids=[d["file"] for d in TEXT_DOCS])
def test_no_page_chrome(readings, doc):
    assert boilerplate_left(doc, readings[doc["file"]]) == []


def test_title_never_carries_the_site_name(readings):
    for doc in TEXT_DOCS:
        title = readings[doc["file"]].title or ""
        assert not re.search(r"[_|｜]|\s[-–—]\s", title), (doc["file"], title)


def test_search_string_in_its_own_document_only(readings):
    for doc in TEXT_DOCS:
        holders = [f for f, r in readings.items() if norm(doc["search"]) in norm(r.text)]
        assert holders == [doc["file"]], doc["search"]


def test_letter_spaced_contents_entries_stay_apart(readings):
    """A contents page set with a space between every character: closed up, one entry a line."""
    lines = readings["pdfjs-XiaoBiaoSong.pdf"].text.split("\n")
    assert any(line.startswith("关于红军作战的原则") and "（一九三七" not in line for line in lines), lines
    assert "（一九三七年八月一日）" in lines


# --- scans ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("doc", SCANS, ids=[d["file"] for d in SCANS])
def test_scanned_lines_read_accurately(scans, doc):
    reading = scans[doc["file"]]
    assert set(reading.methods) == {"ocr"}
    assert all(c is not None and 0.5 < c <= 1 for c in reading.confidences)
    accuracy = line_accuracy(doc.get("lines") or doc["sentences"], reading.text)
    print(f"{doc['file']} line accuracy {accuracy:.4f}")
    assert accuracy >= 0.97
    assert boilerplate_left(doc, reading) == []
    assert norm(doc["search"]) in norm(reading.text)
