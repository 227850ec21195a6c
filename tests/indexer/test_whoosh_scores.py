"""Whoosh's matches and scores read a posting block at a time are Whoosh's own matchers' answers."""

from __future__ import annotations

import math
import shutil

import pytest
from whoosh import collectors
from whoosh import query as q

from indexer.engines import open_store, whoosh
from indexer.engines.whoosh.scores import FieldLengths, ScoreAll
from indexer.engines.whoosh.sequence import Sequence
from indexer.lang import text as cjk_text
from indexer.run.batch import Options, run
from search_app.query import parse_query
from search_app.search import SearchRequest, _filters
from tests.conftest import corpus_texts

QUERIES = [
    "创城",
    "城",
    "聊城市",
    "文明城市 创建",
    "创城 OR 文明",
    "创城 -检查",
    '"全面推进"',
    '"工作"',
    "title:工作",
    "title:创城 会议",
    "person:李",
    "unit:聊城市 整治",
    "工作工作",
    "2021年",
    "win2pdf",
]
FILTERS = [
    {},
    {"filters": {"year": ["2021"]}},
    {"filters": {"unit": ["聊城市"], "year": ["2020", "2021"]}},
    {"date_from": "2021-03-01", "date_to": "2021-09-30"},
]


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    """The corpus indexed in two batches (two segments), then one file changed (deleted documents)."""
    index_dir = tmp_path_factory.mktemp("whoosh-scores")
    folder = tmp_path_factory.mktemp("whoosh-scores-texts")
    texts = [shutil.copy(p, folder / p.name) for p in corpus_texts()]
    half = len(texts) // 2
    for batch in (texts[:half], texts):
        assert not run([str(p) for p in batch], open_store(index_dir), Options(engine="whoosh")).failed
    changed = texts[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补记：创城工作持续推进。\n", encoding="utf-8")
    assert not run([str(p) for p in texts], open_store(index_dir), Options(engine="whoosh")).failed
    opened = whoosh.open_reader(index_dir)
    yield opened
    opened.close()


class _EveryScore(collectors.ScoredCollector):
    """Whoosh's own scores of every match, through its matchers."""

    def __init__(self):
        super().__init__(replace=0)
        self.scores: dict[int, float] = {}

    def _collect(self, global_docnum, score):
        self.scores[global_docnum] = score
        return 0 - score


def _queries():
    for text in QUERIES:
        for extra in FILTERS:
            yield text, extra


@pytest.mark.parametrize(("text", "extra"), list(_queries()))
def test_scores_and_matches_are_whooshs_own(reader, text, extra):
    """Filters narrow without scoring: a match scores what Whoosh gives the query alone."""
    tree = parse_query(text)
    query = whoosh._combined(tree, list(_filters(SearchRequest(query=text, **extra)).values()))
    theirs = _EveryScore()
    reader.searcher.search_with_collector(whoosh._combined(tree, []), theirs)
    matches = set(reader.searcher.docs_for_query(query))
    score_all = ScoreAll(reader.searcher, FieldLengths())
    ours = score_all(query)
    assert ours.keys() == matches
    assert all(math.isclose(ours[d], theirs.scores[d], rel_tol=1e-12) for d in ours)
    assert sorted(score_all.docs(query)) == sorted(matches)


def test_the_corpus_index_has_what_the_block_reader_must_handle(reader):
    segments = [s.reader() for s, _ in reader.searcher.leaf_searchers()]
    assert any(r.has_deletions() for r in segments) or len(segments) > 1
    assert len(ScoreAll(reader.searcher, FieldLengths())(whoosh._combined(parse_query("创城"), []))) >= 10


@pytest.mark.parametrize("text", ["全面推进", "创城工作", "工作工作", "聊城市聊城", "的的的", "文明城市创建"])
@pytest.mark.parametrize("field", ["cjk", "title_cjk"])
def test_sequences_match_exactly_what_whooshs_phrase_matches(reader, text, field):
    tokens = cjk_text.bigrams(text)
    ours = sorted(reader.searcher.docs_for_query(Sequence(field, tokens)))
    theirs = sorted(reader.searcher.docs_for_query(q.Phrase(field, tokens)))
    assert ours == theirs
