"""Every engine answers a viewer only about the documents their tokens admit (indexer.store.scoped): hits,
totals, facets, records, similar articles, the ledger's statements; and an edited access file takes
effect when it is applied, rewriting only the sources whose token changed."""

from __future__ import annotations

import pytest

from indexer.access import ANONYMOUS, Viewer
from indexer.engines.base import QueryTree
from indexer.run import access_apply
from indexer.store import access_state
from indexer.store.catalog import StatementQuery
from indexer.store.scoped import scoped
from tests.access_archive import access_file_set, index_archive, write_archive
from tests.conftest import index_location

READER = Viewer("王", "reader")
CLEARED = Viewer("赵", "reader", ("保密",))
ADMIN = Viewer("周", "admin")
UNITS = {"古楼街道": "public", "柳园街道": "internal", "湖西街道": "secret"}
SEEN = {
    "anonymous": {"public"},
    "reader": {"public", "internal"},
    "cleared": {"public", "internal", "secret"},
    "admin": {"public", "internal", "secret"},
}
VIEWERS = {"anonymous": ANONYMOUS, "reader": READER, "cleared": CLEARED, "admin": ADMIN}


@pytest.fixture(scope="module")
def indexed(request, tmp_path_factory, search_engine):
    archive = write_archive(tmp_path_factory.mktemp("access-archive"))
    location = index_location(request, tmp_path_factory, search_engine, f"access-{search_engine}")
    return archive, index_archive(archive, location, search_engine)


def _viewer_store(store, who: str):
    with store.catalog() as catalog:
        policy = access_state.applied_policy(catalog)
    assert policy is not None
    return scoped(store, policy.tokens_for(VIEWERS[who]))


def _kinds(units) -> set[str]:
    """Which test document each unit name belongs to (a statement names 柳园街道办事处, a facet 柳园街道)."""
    return {kind for unit in units for name, kind in UNITS.items() if unit and unit.startswith(name)}


def _docs_by_unit(records) -> set[str]:
    return _kinds(u["normalized"] for r in records for u in r["units"])


@pytest.mark.parametrize("who", list(VIEWERS))
def test_search_totals_and_facets_hold_only_what_the_viewer_sees(indexed, who):
    _, store = indexed
    reader = _viewer_store(store, who).open_reader()
    page = reader.search(QueryTree(), [], "-date", 0, 10)
    assert page.total == len(SEEN[who])
    assert _docs_by_unit(r for r, _ in page.hits) == SEEN[who]
    page, counts = reader.search_with_facets(QueryTree(), {}, "-date", 0, 10, {(): ["unit", "kind"]})
    assert page.total == len(SEEN[who])
    assert _kinds(counts["unit"]) == SEEN[who]
    assert _kinds(reader.facet_counts(QueryTree(), [], ["unit"])["unit"]) == SEEN[who]
    assert reader.doc_count() == len(SEEN[who])
    assert _docs_by_unit(reader.all_records()) == SEEN[who]


@pytest.mark.parametrize("who", list(VIEWERS))
def test_a_hidden_record_is_not_found_by_id_issue_or_similarity(indexed, who):
    _, store = indexed
    everything = store.open_reader().all_records()
    reader = _viewer_store(store, who).open_reader()
    for record in everything:
        kind = _docs_by_unit([record]).pop()
        visible = kind in SEEN[who]
        assert (reader.record(record["id"]) is not None) is visible
        assert bool(reader.issue_records(record["issue_key"])) is visible
        assert _docs_by_unit(reader.similar(record, 10)) <= SEEN[who]


@pytest.mark.parametrize("who", list(VIEWERS))
def test_the_ledger_holds_only_the_statements_the_viewer_sees(indexed, who):
    _, store = indexed
    with _viewer_store(store, who).catalog() as catalog:
        rows = catalog.statements_matching(StatementQuery())
        assert catalog.count_statements(StatementQuery()) == len(rows)
        units = set(catalog.statement_units())
    assert _kinds(r["unit"] for r in rows) == SEEN[who]
    assert _kinds(units) == SEEN[who]


def test_markings_and_tokens_are_recorded_per_source(indexed):
    archive, store = indexed
    with store.catalog() as catalog:
        rows = {row.path: row for row in catalog.sources()}
    assert rows[str(archive.public.resolve())].marking == "public"
    assert rows[str(archive.internal.resolve())].marking == "internal"
    assert rows[str(archive.secret.resolve())].marking == "秘密"
    assert len({row.access for row in rows.values()}) == 3


def test_an_edited_access_file_is_applied_without_reading_the_sources(
    request, tmp_path_factory, search_engine
):
    archive = write_archive(tmp_path_factory.mktemp("access-edit"))
    location = index_location(request, tmp_path_factory, search_engine, f"access-edit-{search_engine}")
    store = index_archive(archive, location, search_engine)
    archive.access_file.write_text(
        archive.access_file.read_text(encoding="utf-8").replace('readers = "public"', 'readers = ["财政"]'),
        encoding="utf-8",
    )
    archive.public.unlink()  # applying reads nothing from the sources
    with access_file_set(archive.access_file):
        policy = access_apply.current_policy(store)
        with store.writer(wait_seconds=5) as writer, store.catalog(writing=True) as catalog:
            applied = access_apply.apply(catalog, writer, policy)
            writer.commit()
            catalog.commit()
    assert applied.sources == 2  # the two files of 公开/; the secret one keeps its token
    reader = scoped(store, policy.tokens_for(ANONYMOUS)).open_reader()
    assert reader.search(QueryTree(), [], "-date", 0, 10).total == 0
    finance = scoped(store, policy.tokens_for(Viewer("钱", "reader", ("财政",)))).open_reader()
    assert _docs_by_unit(r for r, _ in finance.search(QueryTree(), [], "-date", 0, 10).hits) == {
        "public",
        "internal",
    }
    with store.writer(wait_seconds=5) as writer, store.catalog(writing=True) as catalog:
        assert access_apply.apply(catalog, writer, policy).sources == 0  # applied once


def test_the_filter_narrows_and_never_scores(indexed):
    """A viewer who may see everything gets, through the filter, the same hits in the same order as the
    unfiltered index (a rarer token never lifts its documents), scored by rank: an engine's score weighs
    words by documents the viewer may not see."""
    from search_app.search import SearchRequest, search

    _, store = indexed
    through_filter = _viewer_store(store, "cleared")
    for query in ("街道", "表示 确保", '"河道整治"'):
        plain = search(store, SearchRequest(query=query))
        filtered = search(through_filter, SearchRequest(query=query))
        assert [h["id"] for h in filtered["hits"]] == [h["id"] for h in plain["hits"]]
        ranks = [round(1 / n, 4) for n in range(1, len(plain["hits"]) + 1)]
        assert [h["score"] for h in filtered["hits"]] == ranks
        assert filtered["facets"] == plain["facets"]
    second_page = search(through_filter, SearchRequest(query="街道", page=2, size=1))
    assert second_page["hits"][0]["score"] == 0.5
    by_date = search(through_filter, SearchRequest(query="街道", sort="-date"))
    assert all(h["score"] is None for h in by_date["hits"])
