"""Fixtures shared by the whole suite: the real corpus beside the repo, and indexes built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_texts() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


ENGINES = ("whoosh", "tantivy")

# Names and dates that the Basic CJK block lacks: an Extension B character and the ideographic zero.
EXTENSION_B_BRIEFING = """

聊城市创建全国文明城市 工作简报

第 33 期

聊城市创建全国文明城市工作办公室

2021年8月2日

- 古楼街道表彰二〇一九年度优秀网格员

古楼街道表彰二〇一九年度优秀网格员

7月30日，古楼街道召开网格化管理工作会议，表彰二〇一九年度优秀网格员王𠮷华、李〇〇等同志。王𠮷华表示，将确保辖区背街小巷环境卫生整治常态长效。
"""


@pytest.fixture(scope="session", params=ENGINES)
def engine(request) -> str:
    """Every test that builds an index through this runs once per engine."""
    return request.param


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, engine) -> Path:
    """A real index of ../shared/corpus/*.txt, built once per session and engine through the whole pipeline."""
    from indexer.batch import Options, run

    index_dir = tmp_path_factory.mktemp(f"corpus-index-{engine}")
    extra = index_dir.parent / f"{index_dir.name}-extra.txt"
    extra.write_text(EXTENSION_B_BRIEFING, encoding="utf-8")
    summary = run([str(p) for p in corpus_texts()] + [str(extra)], index_dir, Options(engine=engine))
    assert not summary.failed, summary.failed
    return index_dir
