"""The index's cut: jieba-rs where it agrees with jieba, jieba's own everywhere else."""

import subprocess
import sys
from pathlib import Path

import pytest

from indexer.clean import clean_pages
from indexer.extract import ExtractError, extract
from indexer.lang import segment
from tests.conftest import SHARED

REPO = Path(__file__).resolve().parents[2]
SHARED = SHARED / "corpus"


def jieba_cut(text: str) -> list[str]:
    return list(segment.segmenter().cut(text))


def corpus_texts(tmp_path: Path) -> list[str]:
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "make_demo_archive.py"),
            str(tmp_path / "demo"),
            "--scanned",
            "0",
        ],
        check=True,
        capture_output=True,
    )
    paths = sorted(p for p in (tmp_path / "demo").rglob("*") if p.is_file() and p.suffix != ".jsonl")
    paths += sorted(p for p in SHARED.rglob("*") if p.is_file() and p.suffix not in {".md", ".json", ".jpg"})
    texts = []
    for path in paths:
        try:
            texts.append(clean_pages([page.text for page in extract(str(path), ocr=False).pages]).text)
        except ExtractError:
            continue
    return texts


@pytest.mark.slow  # a minute of hostile pages, or the whole demo archive: for make test
def test_fast_cut_is_jiebas_cut_on_the_demo_archive_and_the_real_corpus(tmp_path):
    assert segment.fast_segmenter() is not None, "rjieba is a dependency"
    texts = corpus_texts(tmp_path)
    assert len(texts) > 40
    differing = [text[:40] for text in texts if list(segment.cut(text)) != jieba_cut(text)]
    assert differing == []


@pytest.mark.parametrize(
    "text",
    [
        "访问www.win2pdf.com下载",  # jieba splits at the dots; jieba-rs would keep the address whole
        "x86_64架构与user-attachments目录",
        "2021年5月聊城市创建全国文明城市工作办公室召开会议\r\n会议强调：",
        "王𠮷华在二〇一九年出席",
        "C++与C#编程，占比35.5%以上",
        "",
        "   ",
    ],
)
def test_fast_cut_agrees_with_jieba_at_the_edges(text):
    assert list(segment.cut(text)) == jieba_cut(text)


def test_user_words_stay_whole_in_the_fast_cut():
    assert "聊城市创建全国文明城市工作办公室" in list(segment.cut("聊城市创建全国文明城市工作办公室召开会议"))
