"""Fixtures shared by the whole suite: the real corpus beside the repo, and indexes built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.engines import open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO.parent / "shared").resolve()  # a link to it is followed, as the indexer follows it
CORPUS = SHARED / "corpus"


def corpus_texts() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


FOLDER_ENGINES = ENGINES = ("whoosh", "tantivy")
ALL_ENGINES = (*FOLDER_ENGINES, "postgres")
# postgres runs against a real PostgreSQL 15 the suite starts (tests/pg_server.py): marked slow
SEARCH_ENGINE_PARAMS = (*FOLDER_ENGINES, pytest.param("postgres", marks=pytest.mark.slow))

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


@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL 15 cluster on loopback for the whole session (skips if the binaries are absent)."""
    from tests.pg_server import Cluster

    cluster = Cluster()
    yield cluster
    cluster.close()


def index_location(request, tmp_path_factory, engine: str, name: str):
    """Where a test's index lives: a fresh folder, or for postgres a fresh database."""
    if engine != "postgres":
        return tmp_path_factory.mktemp(name)
    cluster = request.getfixturevalue("pg_cluster")
    return cluster.primary.create_database(tmp_path_factory.mktemp(name).name.replace("-", "_").lower())


@pytest.fixture(scope="session", params=FOLDER_ENGINES)
def engine(request) -> str:
    """Every test that builds an index folder through this runs once per folder engine."""
    return request.param


@pytest.fixture(scope="session", params=SEARCH_ENGINE_PARAMS)
def search_engine(request) -> str:
    """Every engine, postgres too: for indexes made through ``index_location``."""
    return request.param


@pytest.fixture(scope="session")
def corpus_index(request, tmp_path_factory, search_engine) -> Path:
    """A real index of ../shared/corpus/*.txt, built once per session and engine through the whole pipeline."""
    from indexer.run.batch import Options, run

    engine = search_engine
    index_dir = index_location(request, tmp_path_factory, engine, f"corpus-index-{engine}")
    extra = tmp_path_factory.mktemp(f"corpus-extra-{engine}") / "extra.txt"
    extra.write_text(EXTENSION_B_BRIEFING, encoding="utf-8")
    summary = run(
        [str(p) for p in corpus_texts()] + [str(extra)], open_store(index_dir), Options(engine=engine)
    )
    assert not summary.failed, summary.failed
    return index_dir
