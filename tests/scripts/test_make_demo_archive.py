"""Tests for scripts/make_demo_archive.py: determinism, formats, gold.jsonl."""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from indexer.kinds import GONGWEN_KINDS
from indexer.parse.docnumbers import find_doc_numbers, normalize_doc_number

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_demo_archive.py"
SMALL_RUN = ["--issues", "8", "--news", "5", "--seed", "7", "--scanned", "1"]


def load_generator():
    spec = importlib.util.spec_from_file_location("make_demo_archive", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generator = load_generator()
needs_cjk_font = pytest.mark.skipif(
    generator.find_cjk_font() is None, reason="no CJK font installed: scanned PDFs are not made"
)


def make_archive(out_dir: Path, *extra: str) -> list[dict]:
    assert generator.main([str(out_dir), *extra]) == 0
    lines = (out_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, list[dict]]:
    out_dir = tmp_path_factory.mktemp("demo")
    return out_dir, make_archive(out_dir, *SMALL_RUN)


def all_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def pdf_text(path: Path) -> list[str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def readable_text(root: Path, record: dict) -> str | None:
    """The document's text as a reader sees it, or None for image-only PDFs."""
    path = root / record["file"]
    fmt = record["format"]
    if fmt == "txt":
        return path.read_text(encoding="utf-8")
    if fmt == "gb18030":
        return path.read_bytes().decode("gb18030")
    if fmt == "html":
        return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))
    if fmt == "docx":
        return docx_text(path)
    if fmt == "pdf":
        return re.sub(r"- \d+ -", "", "\n".join(pdf_text(path)))
    return None


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------


def test_same_arguments_give_identical_bytes(tmp_path, archive):
    first_dir, _ = archive
    second_dir = tmp_path / "again"
    make_archive(second_dir, *SMALL_RUN)
    first, second = all_files(first_dir), all_files(second_dir)
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_another_seed_gives_other_content(tmp_path):
    one = make_archive(tmp_path / "one", "--issues", "3", "--news", "1", "--formats", "txt")
    two = make_archive(tmp_path / "two", "--issues", "3", "--news", "1", "--formats", "txt", "--seed", "2")
    assert [r["articles"][0]["text"] for r in one] != [r["articles"][0]["text"] for r in two]


@needs_cjk_font
def test_every_format_is_present(archive):
    _, records = archive
    assert {r["format"] for r in records} == set(generator.ALL_FORMATS)
    assert {r["kind"] for r in records} == {"briefing", "news", *GONGWEN_KINDS}


def test_gold_lists_exactly_the_files_written(archive):
    root, records = archive
    written = set(all_files(root)) - {"gold.jsonl"}
    assert sorted(r["file"] for r in records) == sorted(written)


def test_gb18030_file_is_not_utf8_but_decodes_as_gb18030(archive):
    root, records = archive
    record = next(r for r in records if r["format"] == "gb18030")
    data = (root / record["file"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert record["articles"][0]["title"] in data.decode("gb18030")


def test_digital_pdf_has_a_text_layer(archive):
    root, records = archive
    record = next(r for r in records if r["format"] == "pdf")
    pages = pdf_text(root / record["file"])
    assert len(pages) == record["pages"] >= 1
    assert squeeze(record["articles"][0]["title"]) in squeeze("".join(pages))
    for article in record["articles"]:
        assert squeeze(article["title"])[-6:] in squeeze(pages[article["page"] - 1])


@needs_cjk_font
def test_scanned_pdf_is_image_only_and_short(archive):
    root, records = archive
    record = next(r for r in records if r["format"] == "scanned")
    pages = pdf_text(root / record["file"])
    assert 1 <= len(pages) <= 2
    assert all(text == "" for text in pages)


def test_docx_and_html_are_readable(archive):
    root, records = archive
    docx_record = next(r for r in records if r["format"] == "docx")
    assert docx_record["articles"][0]["title"] in docx_text(root / docx_record["file"])
    html_record = next(r for r in records if r["format"] == "html")
    page = (root / html_record["file"]).read_text(encoding="utf-8")
    assert "<article>" in page and "</article>" in page and "<nav>" in page
    assert f'<meta property="og:title" content="{html_record["articles"][0]["title"]}">' in page
    assert f'<meta property="article:published_time" content="{html_record["published"]}' in page


def test_gold_text_and_metadata_appear_in_each_file(archive):
    root, records = archive
    for record in records:
        text = readable_text(root, record)
        if text is None:
            continue
        flat = squeeze(text)
        for article in record["articles"]:
            assert squeeze(article["text"]) in flat, (record["file"], article["title"])
        if record["kind"] == "briefing":
            assert f"第{record['issue_number']}期" in flat
            assert f"共印{record['print_count']}份" in flat


def test_gold_articles_are_consistent(archive):
    _, records = archive
    units = generator.Vocabulary.load().units
    for record in records:
        issue_date = dt.date.fromisoformat(record["date"])
        for article in record["articles"]:
            date = dt.date.fromisoformat(article["date"])
            assert date <= issue_date and date.year == issue_date.year
            assert set(article["units"]) <= set(units)
            assert {m["normalized"] for m in article["unit_mentions"]} == set(article["units"])
            assert all(m["name"] in article["title"] + article["text"] for m in article["unit_mentions"])
            assert all(isinstance(g, int) and 1 <= g <= 30 for g in article["grids"])
            for commitment in article["commitments"]:
                assert commitment["text"] in article["text"]
                for target in commitment["targets"]:
                    assert target["text"] in commitment["text"]
                    assert (target["deadline"] is None) == (target["due"] is None)
                    if target["deadline"]:
                        assert target["deadline"] in commitment["text"]
                        assert int(target["due"][:4]) >= date.year
            speakers = {s["speaker"] for s in article["directives"] + article["commitments"]}
            assert not speakers & {"会议", "工作组", "会上"}
            for official in article["officials"]:
                assert official["position"] + official["name"] in article["text"]


def test_issue_numbers_increase_with_date_in_each_series(tmp_path):
    records = make_archive(tmp_path, "--issues", "300", "--news", "0", "--formats", "txt")
    by_series: dict[str, list[tuple[int, str]]] = {}
    for record in records:
        if record["kind"] == "briefing":
            by_series.setdefault(record["series"], []).append((record["issue_number"], record["date"]))
    assert len(by_series) > 1
    for issues in by_series.values():
        issues.sort()
        assert [d for _, d in issues] == sorted(d for _, d in issues)
        assert len({n for n, _ in issues}) == len(issues)
    briefings = [r for r in records if r["kind"] == "briefing"]
    assert 3 <= min(len(r["articles"]) for r in briefings) <= max(len(r["articles"]) for r in briefings) <= 7


def test_gold_can_be_written_outside_the_archive(tmp_path):
    gold = tmp_path / "gold-elsewhere.jsonl"
    assert (
        generator.main(
            [
                str(tmp_path / "demo"),
                "--issues",
                "2",
                "--news",
                "1",
                "--formats",
                "txt,html",
                "--gold",
                str(gold),
            ]
        )
        == 0
    )
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    assert not (tmp_path / "demo" / "gold.jsonl").exists()
    assert all((tmp_path / "demo" / r["file"]).is_file() for r in records)
    assert {r["format"] for r in records} == {"txt", "html"}


def test_unknown_format_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit) as stop:
        generator.main([str(tmp_path), "--formats", "txt,rtf"])
    assert stop.value.code == 2


def test_chinese_numbers():
    assert [generator.chinese_number(n) for n in (1, 5, 10, 13, 20, 23, 30)] == [
        "一",
        "五",
        "十",
        "十三",
        "二十",
        "二十三",
        "三十",
    ]


# -- official documents (公文) -----------------------------------------------------------------------------------------


def holds_number(text: str, number: str) -> bool:
    """The text holds the number in some spelling; its lines joined, a number wrapped across two lines
    of a PDF's text layer counts (a header line joined before it does not hide it)."""
    found = {f.number for f in find_doc_numbers(text)} | {f.number for f in find_doc_numbers(squeeze(text))}
    return any(f.endswith(normalize_doc_number(number)) for f in found)


def test_every_kind_of_gongwen_is_made_in_its_layout_and_cites_documents_of_the_archive(archive):
    root, records = archive
    gongwen = [r for r in records if r["kind"] in GONGWEN_KINDS]
    assert {r["kind"] for r in gongwen} == set(GONGWEN_KINDS) and len(gongwen) == 22
    assert {r["format"] for r in gongwen} == set(generator.GONGWEN_FORMATS)
    bearing = {r["doc_number"]: r for r in gongwen if r["doc_number"]}
    assert len(bearing) == len(gongwen) - sum(r["kind"] == "minutes" for r in gongwen)  # a 纪要 has none
    for record in gongwen:
        text = readable_text(root, record)
        assert text is not None
        flat = squeeze(text)
        assert squeeze(record["title"]) in flat and squeeze(record["issuer"]) in flat
        if record["doc_number"]:
            assert holds_number(text, record["doc_number"])
        opens_a_case = record["kind"] == "opinion" or (
            record["kind"] == "notice" and "转发" not in record["title"]
        )
        assert bool(record["cites"]) != opens_a_case and all(n in bearing for n in record["cites"])
        for number in record["cites"]:
            assert holds_number(text, number), (record["file"], number)  # in whatever spelling
            assert bearing[number]["signed_date"] <= record["signed_date"]
        if record["kind"] == "reply":
            assert bearing[record["cites"][0]]["kind"] == "request"
        if record["kind"] in ("request", "report"):
            assert record["signer"] and f"签发人：{record['signer']}" in flat  # 上行文
    forwards = [r for r in gongwen if "转发" in r["title"]]
    assert forwards and all(bearing[r["cites"][0]]["kind"] == "notice" for r in forwards)
    marks = [r for r in gongwen if r["classification"]["level"]]
    assert all(r["classification"] == {"level": "秘密", "period": "1年"} and r["copy_number"] for r in marks)
    assert any(r["urgency"] == "特急" for r in gongwen) or any(r["urgency"] == "加急" for r in gongwen)


def test_numbers_are_written_in_the_spellings_documents_use(tmp_path):
    records = make_archive(tmp_path, "--issues", "0", "--news", "0", "--gongwen", "66", "--formats", "txt")
    written = "".join((tmp_path / r["file"]).read_text(encoding="utf-8") for r in records)
    for spelling in ("〔", "[", "（2", "【", "第"):
        assert spelling in written, spelling
    assert re.search("[０-９]号", written)
    assert any(r["classification"]["level"] == "秘密" for r in records)
    numbers = [r["doc_number"] for r in records if r["doc_number"]]
    assert len(numbers) == len(set(numbers))  # no two documents bear one number
