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


# The marks `make test-fast` leaves out (pyproject.toml names them): a browser, PostgreSQL, OCR, the
# corpus indexed per engine, and what pyproject.toml marks slow.
BROWSER_MODULES = ("test_browser.py", "test_daily_use.py", "test_gongwen_pages.py")  # Playwright + chromium
OCR_MODULES = (  # each reads scanned pages or images with OCR (tests marked slow elsewhere too)
    "test_extract_pdf.py",
    "test_formats.py",
    "test_real_corpus.py",
    "test_make_demo_archive.py",
)


# Fixtures that index the corpus or serve it (a real index per engine, a running server): their tests
# are marked `index`, which `make test-fast` leaves out with the others.
INDEX_FIXTURES = frozenset(
    {
        "corpus_index",
        "web_index",
        "live_server",
        "base_url",
        "pdf_index",
        "site",
        "upload_server",
        "guarded_upload",
        "gongwen_index",
        "formats_index",
        "demo_index",
        "cli_index",
        "local_index",
        "formula_server",
        "front",
        "clients",
    }
)


# Modules that run jianbao as a command, a server, kill writers or race processes: `index` as well.
PROCESS_MODULES = (
    "test_cli.py",
    "test_cli_daily.py",
    "test_access_cli.py",
    "test_serving.py",
    "test_upload.py",
    "test_bad_inputs.py",
    "test_crash_safety.py",
    "test_pipeline_version.py",
    "test_rebuild_swap.py",
    "test_races.py",
    "test_workers.py",
    "test_watch.py",
)


def pytest_collection_modifyitems(items) -> None:
    """Each test marked by what it needs, so that `make test-fast` (FAST_SELECTION) runs the pure logic
    and the small real indexes only."""
    for item in items:
        module = item.path.name
        if module in BROWSER_MODULES:
            item.add_marker(pytest.mark.browser)
        if module in OCR_MODULES:
            item.add_marker(pytest.mark.ocr)
        if _on_postgres(item):
            item.add_marker(pytest.mark.postgres)
        if module in PROCESS_MODULES or INDEX_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.index)


def _on_postgres(item) -> bool:
    params = getattr(getattr(item, "callspec", None), "params", {})
    return (
        "pg_cluster" in getattr(item, "fixturenames", ())
        or "postgres" in params.values()
        or item.path.name == "test_postgres.py"
    )


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
