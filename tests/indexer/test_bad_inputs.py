"""A folder of hostile files mixed with good ones: the good are indexed, the bad named with a reason."""

from __future__ import annotations

import io
import json
import os
import random
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
