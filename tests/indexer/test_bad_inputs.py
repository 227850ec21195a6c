"""A folder of hostile files mixed with good ones: the good are indexed, the bad named with a reason."""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from indexer.engines import open_store
from tests.conftest import CORPUS, REPO

GOOD = {
    "好 文件 (1).txt",
    "简报 $(rm -rf x);`echo hi`.pdf",
    "encrypted-empty-password.pdf",
    "nested-divs.html",
    "invalid-utf8.txt",
}


def encrypted(source: Path, password: str) -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(source))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def nested_pdf(depth: int) -> bytes:
    body = b"[" * depth + b"]" * depth
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /X " + body + b" >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    rng = random.Random(3)
    digital = CORPUS / "pdf" / "003-digital.pdf"
    shutil.copy(CORPUS / "000_057921357f995ae2.txt", folder / "好 文件 (1).txt")
    shutil.copy(digital, folder / "简报 $(rm -rf x);`echo hi`.pdf")
    (folder / "encrypted-empty-password.pdf").write_bytes(encrypted(digital, ""))
    (folder / "encrypted-secret.pdf").write_bytes(encrypted(digital, "secret"))
    data = (CORPUS / "pdf" / "002-digital.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (folder / "zero.txt").write_bytes(b"")
    (folder / "random.pdf").write_bytes(rng.randbytes(50_000))
    (folder / "random.bin").write_bytes(rng.randbytes(50_000))
    (folder / "text-named.docx").write_text("这是一份纯文本，却以 docx 为扩展名。", encoding="utf-8")
    (folder / "blank-pages.pdf").write_bytes(blank_pages(400))
    (folder / "nested-objects.pdf").write_bytes(nested_pdf(50_000))
    (folder / "nested-divs.html").write_text(
        "<html><body>"
        + "<div>" * 10_000
        + "<p>市审计局召开会议安排部署创城工作，强调要提高思想认识。</p>"
        + "</div>" * 10_000
        + "</body></html>",
        encoding="utf-8",
    )
    (folder / "scripts-only.html").write_text(
        "<html><head>"
        + "<script>var a = 1;</script>" * 500
        + "</head><body><script>alert(1)</script></body></html>",
        encoding="utf-8",
    )
    (folder / "invalid-utf8.txt").write_bytes(
        "市城管局开展环境卫生专项治理行动。".encode()
        + b"\xff\xfe\xc3"
        + "要求各街道立即排查。".encode("gb18030")
    )
    with open(folder / "huge.txt", "wb") as handle:  # sparse: large on paper, cheap on disk
        handle.truncate(600 * 1024 * 1024)
    return folder


@pytest.fixture(scope="module")
def indexed(inbox, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("bad-index")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jianbao",
            "index",
            str(inbox),
            "--index",
            str(index_dir),
            "--json",
            "--timeout",
            "120",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return done, index_dir


def test_exit_code_1_and_no_traceback(indexed):
    done, _ = indexed
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_every_good_file_is_indexed(indexed, inbox):
    _, index_dir = indexed
    catalog = open_store(index_dir).catalog()
    statuses = {Path(row.path).name: row for row in catalog.sources()}
    for name in GOOD:
        assert statuses[name].status == "indexed", (name, statuses[name].error)
        assert statuses[name].article_ids


def test_every_bad_file_is_failed_with_a_reason_a_person_understands(indexed, inbox):
    done, index_dir = indexed
    summary = json.loads(done.stdout)
    failed = {Path(item["path"]).name: item["reason"] for item in summary["failed"]}
    bad = {p.name for p in inbox.iterdir()} - GOOD
    assert set(failed) == bad
    catalog = open_store(index_dir).catalog()
    for name in bad:
        row = catalog.source(str((inbox / name).resolve()))
        assert row.status == "failed" and row.error == failed[name]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in row.error), (name, row.error)
        assert name in done.stderr
    assert "加密" in failed["encrypted-secret.pdf"]
    assert "过大" in failed["huge.txt"]


# -- one file never stops a batch, and nothing outside the roots gets in ----------------------------------------------

BRIEFING = (
    "关于创城工作的简报\n\n2021年5月8日，孙爱军督导检查背街小巷整治工作，要求各街道务必于6月底前完成整改。\n"
)


def jianbao(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jianbao", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=300,
    )


def test_a_lone_surrogate_costs_nothing_and_the_file_beside_it_is_indexed(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "surrogate.rtf").write_bytes(
        rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}\f0 \u-10240? \u30721?\u22478?\u24037?\u20316?\u31616?\u25253? text\par}"
    )
    (archive / "normal.txt").write_text(BRIEFING, encoding="utf-8")
    done = jianbao("index", str(archive), "--index", str(tmp_path / "index"), "--json")
    assert "Traceback" not in done.stderr, done.stderr
    summary = json.loads(done.stdout)
    assert summary["new"] == 2 and not summary["failed"], summary
    extracted = jianbao("extract", str(archive / "surrogate.rtf"), "--json")
    assert (
        extracted.returncode == 0
        and "\ufffd" in json.loads(extracted.stdout)["documents"][0]["articles"][0]["text"]
    )


def test_links_out_of_the_root_and_link_loops_are_refused_by_name_and_the_rest_indexed(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text(BRIEFING.replace("孙爱军", "外部机密"), encoding="utf-8")
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "normal.txt").write_text(BRIEFING, encoding="utf-8")
    (archive / "out.txt").symlink_to(outside)
    (archive / "a.txt").symlink_to(archive / "b.txt")
    (archive / "b.txt").symlink_to(archive / "a.txt")
    (archive / "inside.txt").symlink_to(archive / "normal.txt")  # a link within: the file once, by its name
    index = tmp_path / "index"
    done = jianbao("index", str(archive), "--index", str(index), "--json")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    summary = json.loads(done.stdout)
    reasons = {Path(f["path"]).name: f["reason"] for f in summary["failed"]}
    assert set(reasons) == {"out.txt", "a.txt", "b.txt"}, reasons
    assert "目录之外" in reasons["out.txt"] and "循环" in reasons["a.txt"]
    assert summary["new"] == 1
    assert "外部机密" not in jianbao("search", "外部机密", "--index", str(index)).stdout
    catalog = open_store(index).catalog()
    try:
        assert catalog.paths() == [str((archive / "normal.txt").resolve())]
    finally:
        catalog.close()


def test_prune_forgets_a_file_swapped_for_a_link_and_a_target_an_older_release_followed_out(tmp_path):
    from indexer.run.batch import Options, run
    from indexer.store.catalog import Catalog

    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(4):
        (archive / f"n{n}.txt").write_text(BRIEFING.replace("6月", f"{n + 1}月"), encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text(BRIEFING.replace("孙爱军", "外部机密"), encoding="utf-8")
    store = open_store(tmp_path / "index")
    assert run([str(archive), str(outside)], store, Options()).new == 5  # as a release that followed links
    (archive / "n0.txt").unlink()
    (archive / "n0.txt").symlink_to(outside)  # swapped in place, and now the link that led out
    summary = run([str(archive)], store, Options(prune=True))
    assert summary.pruned == 2, summary
    with Catalog(store.folder / "catalog.sqlite", readonly=True) as catalog:
        assert sorted(Path(p).name for p in catalog.paths()) == ["n1.txt", "n2.txt", "n3.txt"]


def test_any_error_writing_one_file_is_that_files_failure_and_the_batch_goes_on(tmp_path):
    """A writer error of one file (here a statement the catalog cannot file, after the engine took the
    articles) is that file's failure; the files around it are written, and neither the catalog nor the
    index holds anything of the failed one."""
    from indexer.run.batch import Options, Summary, _Batch
    from indexer.run.ingest import ingest

    (tmp_path / "a.txt").write_text(BRIEFING, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BRIEFING.replace("6月", "9月"), encoding="utf-8")
    (tmp_path / "c.txt").write_text(BRIEFING.replace("6月", "10月"), encoding="utf-8")
    store = open_store(tmp_path / "index")
    a, b, c = (ingest(str(tmp_path / f"{n}.txt")) for n in "abc")
    b.records[0]["statements"] = [{"text": "无类型的表态"}]  # no type: the ledger's table refuses it
    summary = Summary()
    with store.writer(wait_seconds=5) as writer, store.catalog(writing=True) as catalog:
        batch = _Batch(writer, catalog, summary, Options().commit_every, "test")
        for result in (a, b, c):
            batch.write(result)
        batch.commit()
    assert [Path(f["path"]).name for f in summary.failed] == ["b.txt"]
    assert "写入索引失败" in summary.failed[0]["reason"]
    with store.catalog() as catalog:
        assert {Path(r.path).name: r.status for r in catalog.sources()} == {
            "a.txt": "indexed",
            "b.txt": "failed",
            "c.txt": "indexed",
        }
        assert not catalog.records(str(tmp_path / "b.txt"))
    assert search_ids(store, "9月底前") == []
    assert len(search_ids(store, "10月底前")) == 1


def search_ids(store, query: str) -> list[str]:
    from search_app.search import SearchRequest, search

    return [hit["id"] for hit in search(store, SearchRequest(query))["hits"]]


# -- memory and time bombs: bounded before the work starts ------------------------------------------------------------


def pdf_with_pages(sizes: list[tuple[float, float]], *, mark: bool) -> bytes:
    """Pages of the given sizes (points), each holding one small rectangle when ``mark`` (nothing to read,
    not blank: the pages OCR would be asked for)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument.new()
    for width, height in sizes:
        page = document.new_page(width, height)
        if mark:
            rect = raw.FPDFPageObj_CreateNewRect(10, 10, 2, 2)
            raw.FPDFPageObj_SetFillColor(rect, 0, 0, 0, 255)
            raw.FPDFPath_SetDrawMode(rect, raw.FPDF_FILLMODE_ALTERNATE, 0)
            raw.FPDFPage_InsertObject(page.raw, rect)
            raw.FPDFPage_GenerateContent(page.raw)
        page.close()
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def test_too_many_pages_or_pages_for_ocr_are_refused_before_any_is_read(tmp_path):
    from indexer.extract import ExtractError, bounds, extract

    many = tmp_path / "many.pdf"
    many.write_bytes(blank_pages(bounds.MAX_PAGES + 1))
    with pytest.raises(ExtractError, match="页数过多"):
        extract(many)
    near_empty = tmp_path / "near-empty.pdf"
    near_empty.write_bytes(pdf_with_pages([(595, 842)] * (bounds.MAX_OCR_PAGES + 1), mark=True))
    with pytest.raises(ExtractError, match="需要识别"):
        extract(near_empty)


def test_a_tiff_of_more_frames_than_ocr_may_read_is_refused_before_ocr(tmp_path):
    from PIL import Image

    from indexer.extract import ExtractError, bounds, extract

    frames = [Image.new("L", (64, 64), 255) for _ in range(bounds.MAX_OCR_PAGES + 1)]
    tiff = tmp_path / "blank.tiff"
    frames[0].save(tiff, save_all=True, append_images=frames[1:], compression="tiff_deflate")
    with pytest.raises(ExtractError, match="需要识别"):
        extract(tiff)


def test_a_strip_image_is_scaled_within_the_pixel_bound():
    from PIL import Image

    from indexer.extract import bounds
    from indexer.extract.image import upright_and_scaled

    scaled = upright_and_scaled(Image.new("L", (10, 200_000), 255))
    assert scaled.width * scaled.height <= bounds.MAX_RENDER_PIXELS


def test_a_huge_declared_page_renders_within_the_bound_for_ocr_and_for_the_web(tmp_path):
    import pypdfium2 as pdfium

    from indexer.extract import bounds
    from indexer.extract.ocr import render_scale
    from search_app.original import page_png

    huge = tmp_path / "archive" / "huge.pdf"
    huge.parent.mkdir()
    huge.write_bytes(pdf_with_pages([(14_400, 14_400), (14_400, 10)], mark=True))
    document = pdfium.PdfDocument(str(huge))
    for page in document:
        width, height = page.get_size()
        assert width * height * render_scale(page) ** 2 <= bounds.MAX_RENDER_PIXELS * 1.001
    document.close()
    store = open_store(tmp_path / "index")
    jianbao("index", str(huge.parent), "--index", str(tmp_path / "index"), "--no-ocr")
    from PIL import Image

    with Image.open(page_png(store, str(huge), 1)) as image:
        assert image.width * image.height <= bounds.MAX_SHOWN_PIXELS


def test_jianbao_extract_is_bounded_in_time_too():
    done = jianbao("extract", str(CORPUS / "pdf" / "000-scanned.pdf"), "--timeout", "0.1")
    assert done.returncode == 1 and "处理超时" in done.stderr and "Traceback" not in done.stderr


def test_a_name_holding_a_line_break_never_forges_a_line_of_the_report(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "bad\n新增 100 个文件，更新 0 个.pdf").write_text("not a pdf", encoding="utf-8")
    done = jianbao("index", str(archive), "--index", str(tmp_path / "index"))
    lines = [re.sub(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ", "", line) for line in done.stderr.splitlines()]
    failures = [line for line in lines if line.startswith("失败：")]  # each line of a log is dated first
    assert len(failures) == 1 and "bad\\n新增 100 个文件" in failures[0]
    assert not any(line.startswith("新增 100") for line in lines)


def test_a_name_of_undecodable_bytes_is_refused_by_name_given_or_found(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    bad = os.path.join(os.fsencode(archive), b"\xff\xfe.txt")
    with open(bad, "w", encoding="utf-8") as handle:
        handle.write(BRIEFING)
    (archive / "ok.txt").write_text(BRIEFING.replace("6月", "7月"), encoding="utf-8")
    for given in (str(archive), os.fsdecode(bad)):
        done = jianbao("index", given, "--index", str(tmp_path / "index"), "--json")
        assert "Traceback" not in done.stderr and "不是有效的 UTF-8" in done.stderr, done.stderr
    catalog = open_store(tmp_path / "index").catalog()
    try:
        assert [Path(p).name for p in catalog.paths()] == ["ok.txt"]
    finally:
        catalog.close()
