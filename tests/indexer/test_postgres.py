"""The postgres engine on a real PostgreSQL 15 started for these tests: crashes, shared writers and
readers, a streaming replica, and the CLI's --dsn. (The search semantics run on it through the
engine-parametrized tests in tests/search_app.)"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from indexer.engines import open_store
from indexer.index import open_for_search
from search_app.archive_paths import public
from search_app.search import SearchRequest, search
from tests.conftest import REPO, corpus_texts

pytestmark = pytest.mark.slow

ENV = {**os.environ, "PYTHONPATH": str(REPO)}
ENV.pop("JIANBAO_DSN", None)
QUERIES = ("创城", '"文明城市"', "网格 -养犬", "unit:东昌府区", "title:工作", "")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pg-archive")
    subprocess.run(
        [
            sys.executable, str(REPO / "scripts" / "make_demo_archive.py"), str(folder / "docs"),
            "--issues", "80", "--news", "0", "--formats", "txt,gb18030", "--scanned", "0",
            "--gold", str(folder / "gold.jsonl"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return folder / "docs"


@pytest.fixture
def database(pg_cluster, request) -> str:
    return pg_cluster.primary.create_database(request.node.name.split("[")[0][-40:].lower())


def jianbao(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jianbao", *args], cwd=REPO, env=kwargs.pop("env", ENV),
        capture_output=True, text=True, timeout=300, **kwargs,
    )  # fmt: skip


def start_indexer(paths: list[str], dsn: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "jianbao", "index", *paths, "--engine", "postgres", "--dsn", dsn,
         "--commit-every", "10", *extra],
        cwd=REPO, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def index_ids(dsn: str) -> list[str]:
    reader = open_for_search(open_store(dsn))
    try:
        return reader.ids()
    finally:
        reader.close()


def catalog_ids(dsn: str) -> list[str]:
    catalog = open_store(dsn).catalog()
    try:
        return [a for row in catalog.sources("indexed") for a in row.article_ids]
    finally:
        catalog.close()


def indexed_sources(dsn: str) -> int:
    catalog = open_store(dsn).catalog()
    try:
        return len(catalog.sources("indexed"))
    finally:
        catalog.close()


def answers(dsn: str) -> list:
    out = []
    for query in QUERIES:
        result = search(open_store(dsn), SearchRequest(query=query, size=100))
        out.append((result["total"], result["facets"], [h["id"] for h in result["hits"]]))
    return out


def test_sigkill_mid_batch_then_rerun_loses_nothing_and_duplicates_nothing(archive, database):
    rng = random.Random(15)
    committed: set[str] = set()
    for _ in range(4):
        process = start_indexer([str(archive)], database)
        time.sleep(rng.uniform(2.0, 5.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        try:
            ids = index_ids(database)
        except Exception:  # killed before the first commit created the tables
            continue
        assert len(ids) == len(set(ids)), "an article was indexed twice"
        assert committed <= set(ids), "an article committed before the kill is gone"
        # one transaction per batch: the catalog and the articles never disagree, even mid-run
        assert sorted(catalog_ids(database)) == sorted(ids)
        committed = set(ids)
    final = start_indexer([str(archive)], database)
    _, err = final.communicate(timeout=600)
    assert final.returncode == 0, err
    ids = index_ids(database)
    assert len(ids) == len(set(ids)) == len(catalog_ids(database))
    assert indexed_sources(database) == len(list(archive.rglob("*.txt")))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebServer:
    """`jianbao serve --dsn …` in its own process."""

    def __init__(self, dsn: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jianbao", "serve", "--dsn", dsn, "--port", str(self.port)],
            cwd=REPO, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get("/api/openapi.json")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {self.process.stderr.read()}") from None
                time.sleep(0.2)

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))

    def search(self, query: str) -> dict:
        return self.get("/api/search?" + urllib.parse.urlencode({"q": query, "size": 100}))

    def close(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def test_two_indexers_and_two_web_servers_share_one_database(archive, database):
    files = sorted(str(p) for p in archive.rglob("*.txt"))
    seed = jianbao("index", files[0], "--engine", "postgres", "--dsn", database)
    assert seed.returncode == 0, seed.stderr
    servers = [WebServer(database), WebServer(database)]
    try:
        first = start_indexer(files[: len(files) // 2], database, "--wait", "300")
        second = start_indexer(files[len(files) // 3 :], database, "--wait", "300")  # overlapping halves
        seen: list[list[int]] = [[], []]
        errors: list[str] = []

        def polling(i: int) -> None:
            while first.poll() is None or second.poll() is None:
                try:
                    seen[i].append(servers[i].search("创城")["total"])
                except urllib.error.HTTPError as error:  # any error at all fails the test, with its answer
                    errors.append(f"{error!r}: {error.read().decode('utf-8', 'replace')[:300]}")
                except Exception as error:
                    errors.append(repr(error))
                time.sleep(0.05)

        pollers = [threading.Thread(target=polling, args=(i,)) for i in (0, 1)]
        for poller in pollers:
            poller.start()
        for writer in (first, second):
            _, err = writer.communicate(timeout=600)
            assert writer.returncode == 0, err
        for poller in pollers:
            poller.join()
        assert errors == []
        for totals in seen:
            assert totals == sorted(totals), "a server saw the archive go backwards"
        ids = index_ids(database)
        assert len(ids) == len(set(ids)) == len(catalog_ids(database))
        assert indexed_sources(database) == len(files)
        store = open_store(database)
        for query in QUERIES:  # the same answers; the API names sources within the archive
            a, b = servers[0].search(query), servers[1].search(query)
            assert (
                a
                == b
                == json.loads(json.dumps(public(store, search(store, SearchRequest(query=query, size=100)))))
            )
    finally:
        for server in servers:
            server.close()


def test_a_streaming_replica_answers_the_same_searches_after_replay(pg_cluster, database, tmp_path):
    paths = [str(p) for p in corpus_texts()]
    done = jianbao("index", *paths[:2], "--engine", "postgres", "--dsn", database)
    assert done.returncode == 0, done.stderr
    replica = pg_cluster.replica()
    replica_dsn = replica.dsn(database.rsplit("/", 1)[1])
    done = jianbao("index", *paths, "--dsn", database, "--json")  # written after the replica was made
    assert done.returncode == 0, done.stderr
    pg_cluster.primary.wait_for_replay(replica)
    assert answers(replica_dsn) == answers(database)
    assert index_ids(replica_dsn) and sorted(index_ids(replica_dsn)) == sorted(index_ids(database))
    served = WebServer(replica_dsn)
    try:
        assert (
            served.search("创城")["total"]
            == search(open_store(database), SearchRequest(query="创城"))["total"]
        )
        assert served.get("/api/statements")["total"] == search_statements_total(database)
    finally:
        served.close()
    refused = jianbao("index", *paths, "--dsn", replica_dsn)
    assert refused.returncode == 1 and "副本" in refused.stderr and "Traceback" not in refused.stderr


def search_statements_total(dsn: str) -> int:
    from search_app.ledger import LedgerRequest, statements

    return statements(open_store(dsn), LedgerRequest(judge=False))["total"]


def test_an_empty_database_index_is_named_and_readable_when_allowed(database):
    from indexer.faults import IndexEmpty
    from indexer.index import open_for_search

    with open_store(database).writer(wait_seconds=30.0, engine="postgres") as writer:
        writer.commit()
    with_password = database.replace("postgres@", "postgres:secret@")  # trust auth ignores it
    with pytest.raises(IndexEmpty, match="索引中还没有文章") as raised:
        open_for_search(open_store(with_password))
    assert "dbname=" in str(raised.value) and "secret" not in str(raised.value)
    answer = search(open_store(database), SearchRequest(query="创城"))
    assert answer["total"] == 0 and "jianbao index" in answer["notice"]
    reader = open_for_search(open_store(database), allow_empty=True)
    assert reader.doc_count() == 0 and reader.ids() == [] and reader.record("nope") is None


def test_cli_takes_dsn_or_jianbao_dsn_and_names_what_is_wrong(database):
    path = str(corpus_texts()[0])
    no_dsn = jianbao("index", path, "--engine", "postgres")
    assert no_dsn.returncode == 2 and "--dsn" in no_dsn.stderr
    wrong_engine = jianbao("index", path, "--engine", "tantivy", "--dsn", database)  # a usage error too
    assert (
        wrong_engine.returncode == 2
        and "postgres" in wrong_engine.stderr
        and "Traceback" not in wrong_engine.stderr
    )
    not_a_dsn = jianbao("search", "创城", "--dsn", "/tmp/some-folder")
    assert not_a_dsn.returncode == 2 and "--dsn" in not_a_dsn.stderr
    empty = jianbao("search", "创城", "--dsn", database)
    assert empty.returncode == 0 and "jianbao index" in empty.stderr and "Traceback" not in empty.stderr
    made = jianbao("index", path, "--engine", "postgres", "--dsn", database, "--json")
    assert made.returncode == 0, made.stderr
    by_env = jianbao("search", "创城", "--json", env={**ENV, "JIANBAO_DSN": database})
    assert by_env.returncode == 0, by_env.stderr
    result = json.loads(by_env.stdout)
    assert result["total"] == search(open_store(database), SearchRequest(query="创城"))["total"] > 0
    shown = jianbao("show", result["hits"][0]["id"], "--dsn", database, "--json")
    assert shown.returncode == 0 and json.loads(shown.stdout)["id"] == result["hits"][0]["id"]
    down = jianbao("search", "创城", "--dsn", "postgresql://postgres:s3cret@127.0.0.1:1/none")
    assert down.returncode == 1 and "PostgreSQL" in down.stderr and "Traceback" not in down.stderr
    assert "s3cret" not in down.stderr


def test_rebuild_prune_and_versions_on_a_database(database, tmp_path, capsys):
    """A database re-parses another pipeline version's sources from their stored pages, rebuilds in place
    from its catalog, and prunes by the share rule."""
    import shutil

    from indexer.store import pipeline_version
    from jianbao.cli import main

    archive = tmp_path / "docs"
    archive.mkdir()
    for path in corpus_texts()[:3]:
        shutil.copy(path, archive / path.name)
    assert main(["index", str(archive), "--engine", "postgres", "--dsn", database, "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["new"] == 3 and "dbname=" in made["index"] and "postgresql://" not in made["index"]
    ids, statements_before = sorted(index_ids(database)), search_statements_total(database)
    with open_store(database).catalog() as catalog:
        row = catalog.sources("indexed")[0]
        assert row.pipeline == pipeline_version.current().version and catalog.has_extracted(row.path)
    current = pipeline_version.current()
    older = {"code": current.manifest["code"], "data": {**current.manifest["data"], "units.tsv": "0" * 64}}
    with open_store(database).catalog(writing=True) as catalog:
        catalog.record_pipeline("old", older)
        catalog.db.execute("UPDATE sources SET pipeline = 'old'")
        catalog.commit()
    assert main(["index", str(archive), "--dsn", database, "--json"]) == 0
    reparsed = json.loads(capsys.readouterr().out)
    assert (reparsed["new"], reparsed["reparsed"]) == (0, 3)
    assert reparsed["reparse_reasons"] == ["数据文件已改动：units.tsv"]
    assert sorted(index_ids(database)) == ids

    away = tmp_path / "away"
    archive.rename(away)  # a rebuild from the catalog reads no source
    assert main(["index", "--rebuild", "--dsn", database, "--json"]) == 0
    rebuilt = json.loads(capsys.readouterr().out)
    assert (rebuilt["rebuilt_from"], rebuilt["rebuilt"]) == ("catalog", len(ids))
    assert sorted(index_ids(database)) == ids and search_statements_total(database) == statements_before
    away.rename(archive)

    for path in archive.iterdir():
        path.unlink()  # the share is not mounted: nothing is pruned
    assert main(["index", str(archive), "--dsn", database, "--prune"]) == 1
    assert "拒绝清理" in capsys.readouterr().err and sorted(index_ids(database)) == ids

    kept = corpus_texts()[:2]
    for path in kept:
        shutil.copy(path, archive / path.name)
    assert main(["index", str(archive), "--dsn", database, "--prune", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pruned"] == 1
    assert indexed_sources(database) == 2 and set(index_ids(database)) == set(catalog_ids(database)) < set(
        ids
    )


def test_the_same_issue_as_txt_and_pdf_is_one_set_of_articles_in_a_database(database):
    from indexer.run.batch import Options, run
    from tests.conftest import CORPUS

    txt, pdf = CORPUS / "003_ee7b7c9e98106eac.txt", CORPUS / "pdf" / "003-digital.pdf"
    summary = run([str(txt), str(pdf)], open_store(database), Options(ocr=False, engine="postgres"))
    assert summary.duplicates == [{"path": str(pdf), "duplicate_of": str(txt)}]
    (hit,) = search(open_store(database), SearchRequest("审计局", size=100))["hits"]
    assert hit["source"]["path"] == str(txt) and hit["versions"] == [{"path": str(pdf), "format": "pdf"}]


def test_the_one_statement_search_answers_as_the_page_and_facet_statements_do(archive, database):
    """search_with_facets (what search() uses) against the engine's separate page and facet queries,
    and its partitions' answers merged against one statement over the whole table."""
    from indexer.run.batch import Options, run
    from search_app.query import parse_query
    from search_app.search import _facet_groups, _filters

    assert not run([str(archive)], open_store(database), Options(engine="postgres")).failed
    facets = search(open_store(database), SearchRequest(query="创城"))["facets"]
    unit, year = facets["unit"][1]["value"], facets["year"][0]["value"]
    requests = [
        SearchRequest(query="创城"),
        SearchRequest(query='"文明城市" OR 志愿', filters={"kind": ["briefing"]}, date_from=f"{year}-01-01"),
        SearchRequest(query="工作 -检查", filters={"unit": [unit], "year": [year]}),
        SearchRequest(query="", filters={"unit": [unit]}),
        SearchRequest(query="没有这样的词语组合"),
    ]
    reader, whole = open_for_search(open_store(database)), open_for_search(open_store(database))
    whole.APART_UP_TO = 0  # every page read from the whole table in one statement
    assert reader.partitions == ["articles_0", "articles_1"]
    for request in requests:
        tree, filters = parse_query(request.query), _filters(request)
        groups = _facet_groups(filters)
        for sort in ("relevance", "-date", "date"):
            for offset in (0, 7, 10**6):  # the last past every match: the total is still counted
                page, counts = reader.search_with_facets(tree, filters, sort, offset, 10, groups)
                expected = reader.search(tree, list(filters.values()), sort, offset, 10)
                assert (page.total, page.hits) == (expected.total, expected.hits), (request, sort, offset)
                assert whole.search_with_facets(tree, filters, sort, offset, 10, groups) == (page, counts)
                separate: dict = {}
                for kept, names in groups.items():
                    separate.update(reader.facet_counts(tree, [filters[k] for k in kept], names))
                assert counts == separate, (request, sort)
    assert any(
        reader.search_with_facets(parse_query("创城"), {}, "relevance", 0, 10, {(): ["unit"]})[1]["unit"]
    )
    import psycopg

    with psycopg.connect(database) as conn:  # both partitions hold articles: the merge had two to merge
        assert all(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] > 100 for t in reader.partitions)


def test_an_index_of_an_older_layout_is_named_and_rebuilt_from_its_catalog(database):
    import psycopg

    from indexer.faults import IndexUnavailable

    paths = [str(p) for p in corpus_texts()[:3]]
    assert jianbao("index", *paths, "--engine", "postgres", "--dsn", database).returncode == 0
    before = answers(database)
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("UPDATE jianbao_meta SET value = '1' WHERE key = 'layout'")
    with pytest.raises(IndexUnavailable, match="旧版格式"):
        open_for_search(open_store(database))
    refused = jianbao("index", *paths, "--dsn", database)
    assert refused.returncode != 0 and "--rebuild" in refused.stderr and "Traceback" not in refused.stderr
    rebuilt = jianbao("index", "--rebuild", "--engine", "postgres", "--dsn", database)
    assert rebuilt.returncode == 0, rebuilt.stderr
    open_for_search(open_store(database)).close()
    assert answers(database) == before


def test_tokens_and_texts_past_postgresqls_tsvector_limits_are_indexed_lossy_and_found(database, tmp_path):
    """A 3,000-character token ("word is too long") and 1.1 MB of varied Han characters ("string is too long
    for tsvector") no longer sink the batch: the rows are lossy, their phrases checked on the bigram string,
    and the file beside them is indexed."""

    archive = tmp_path / "archive"
    archive.mkdir()
    head = "关于创城工作的简报\n\n2021年5月8日，孙爱军督导检查背街小巷整治工作。\n"
    (archive / "long-token.txt").write_text(head + "x" * 3000 + "\n长词之后的句子。\n", encoding="utf-8")
    rng = random.Random(5)
    varied = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(370_000))  # 1.1 MB in UTF-8
    (archive / "varied.txt").write_text(head + varied + "\n末尾的独特短语甲乙丙。\n", encoding="utf-8")
    (archive / "normal.txt").write_text(head + "普通文件的句子。\n", encoding="utf-8")
    done = jianbao("index", str(archive), "--dsn", database, "--json", "--timeout", "1200")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert json.loads(done.stdout)["new"] == 3
    store = open_store(database)
    for query, name in (
        ("长词之后", "long-token.txt"),
        ("末尾的独特短语甲乙丙", "varied.txt"),
        ("普通文件", "normal.txt"),
    ):
        hits = search(store, SearchRequest(query=query))["hits"]
        assert [Path(h["source"]["path"]).name for h in hits] == [name], query
    phrase = varied[200_000:200_006]  # deep in the text: its bigrams past the tsvector's byte limit
    hits = search(store, SearchRequest(query=phrase))["hits"]
    assert "varied.txt" in [Path(h["source"]["path"]).name for h in hits]


def test_an_index_made_before_keyword_fields_gets_their_column_at_the_next_index_run(database, tmp_path):
    import psycopg

    from indexer.faults import IndexUnavailable
    from tests.gongwen_samples import ROAD, write_samples

    docs = write_samples(tmp_path / "docs")
    assert jianbao("index", str(docs), "--engine", "postgres", "--dsn", database).returncode == 0
    store = open_store(database)
    assert search(store, SearchRequest(query=f"cites:{ROAD}"))["total"] == 5
    with psycopg.connect(database, autocommit=True) as conn:  # the table as the release before made it
        conn.execute("ALTER TABLE articles DROP COLUMN keywords")
    assert search(store, SearchRequest(query="道路"))["total"] > 5  # every other search answers
    with pytest.raises(IndexUnavailable, match="尚无发文字号字段"):
        search(store, SearchRequest(query=f"docno:{ROAD}"))
    named = jianbao("search", f"docno:{ROAD}", "--dsn", database)
    assert named.returncode == 1 and "jianbao index" in named.stderr and "Traceback" not in named.stderr
    circular = docs / "circular.txt"
    circular.write_text(circular.read_text(encoding="utf-8") + "（此件公开发布）\n", encoding="utf-8")
    assert jianbao("index", str(docs), "--dsn", database).returncode == 0
    assert search(store, SearchRequest(query=f"cites:{ROAD}"))["total"] == 1  # the one parsed again
    assert search(store, SearchRequest(query=f"docno:{ROAD}"))["total"] == 0  # unchanged: none until then
