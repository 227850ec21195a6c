"""The one search function, on a real index of the corpus."""

from __future__ import annotations

import random
import re

import pytest

from indexer.catalog import Catalog
from search_app.query import QuerySyntaxError
from search_app.search import SearchError, SearchRequest, search

CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def _search(index_dir, query="", **kwargs):
    return search(index_dir, SearchRequest(query=query, **kwargs))


def _records(index_dir) -> list[dict]:
    catalog = Catalog.beside(index_dir)
    try:
        return [r for row in catalog.sources("indexed") for r in catalog.records(row.path)]
    finally:
        catalog.close()


def test_name_finds_the_briefing_article(corpus_index):
    result = _search(corpus_index, "孙爱军")
    top = result["hits"][0]
    assert top["title"] == "孙爱军督导检查全国文明城市创建工作"
    assert top["issue"] == {"series": "聊城市创建全国文明城市工作简报", "number": 27, "date": "2021-05-10"}
    assert "<mark>孙爱军</mark>" in top["snippet"]


def test_json_shape_is_the_contract(corpus_index):
    result = _search(corpus_index, "文明养犬")
    assert list(result) == ["query", "total", "page", "size", "hits", "facets"]
    assert set(result["hits"][0]) == {
        "id",
        "title",
        "date",
        "kind",
        "units",
        "issue",
        "source",
        "snippet",
        "score",
        "versions",  # the other files of the same issue
    }
    assert set(result["hits"][0]["source"]) == {"path", "page"}
    assert {"unit", "year", "month", "kind"} <= set(result["facets"])
    assert all(set(item) == {"value", "count"} for item in result["facets"]["year"])


def test_phrase_across_a_repaired_page_break(corpus_index):
    titles = [h["title"] for h in _search(corpus_index, '"市场环境提升"')["hits"]]
    assert titles == ["孙爱军督导检查全国文明城市创建工作"]


def test_fragments_jieba_segments_otherwise_are_found(corpus_index):
    for fragment in ("爱军", "养犬", "凤凰城五号院", "第二十三网格"):
        assert _search(corpus_index, fragment)["total"] >= 1, fragment


def test_substring_recall_is_complete(corpus_index):
    """500 random 2–6 character CJK substrings: every article that contains one is found."""
    records = _records(corpus_index)
    haystacks = {r["id"]: r["title"] + "\n" + r["text"] for r in records}
    runs = [run for text in haystacks.values() for run in CJK_RUN.findall(text)]
    rng = random.Random(20211)
    for _ in range(500):
        run = rng.choice(runs)
        length = rng.randint(2, min(6, len(run)))
        start = rng.randrange(len(run) - length + 1)
        needle = run[start : start + length]
        expected = {i for i, text in haystacks.items() if needle in text}
        result = _search(corpus_index, f'"{needle}"', size=100)
        assert {h["id"] for h in result["hits"]} == expected, needle


def test_exclusion_excludes_inside_widened_leaves(corpus_index):
    with_dogs = {h["id"] for h in _search(corpus_index, "创城", size=100)["hits"]}
    without = {h["id"] for h in _search(corpus_index, "创城 -养犬", size=100)["hits"]}
    dogs = {h["id"] for h in _search(corpus_index, "养犬", size=100)["hits"]}
    assert without == with_dogs - dogs and without


def test_or_and_field_prefixes(corpus_index):
    either = _search(corpus_index, "郭新华 OR 刘占军", size=100)["total"]
    assert either == _search(corpus_index, "郭新华")["total"] + _search(corpus_index, "刘占军")["total"]
    assert [h["title"] for h in _search(corpus_index, "title:倡议书")["hits"]] == [
        "市交巡警支队向全市电动自行车驾驶人发出倡议书"
    ]


def test_title_hit_ranks_above_body_hit(corpus_index):
    hits = _search(corpus_index, "倡议书")["hits"]
    assert hits[0]["title"] == "市交巡警支队向全市电动自行车驾驶人发出倡议书"


def test_facet_counts_match_filtered_totals(corpus_index):
    result = _search(corpus_index, "创城")
    for name in ("unit", "year", "month", "kind"):
        for item in result["facets"][name]:
            filtered = _search(corpus_index, "创城", filters={name: [item["value"]]})
            assert filtered["total"] == item["count"], (name, item)


def test_facet_keeps_counts_of_its_own_alternatives(corpus_index):
    unfiltered = _search(corpus_index, "创城")["facets"]["kind"]
    filtered = _search(corpus_index, "创城", filters={"kind": ["news"]})
    assert filtered["facets"]["kind"] == unfiltered
    assert filtered["total"] == next(i["count"] for i in unfiltered if i["value"] == "news")


def test_unit_filter_is_hierarchical(corpus_index):
    district = {h["id"] for h in _search(corpus_index, filters={"unit": ["东昌府区"]}, size=100)["hits"]}
    school = {
        h["id"] for h in _search(corpus_index, filters={"unit": ["东昌府区郁光小学"]}, size=100)["hits"]
    }
    assert school and school <= district


def test_date_range_is_inclusive_and_sorting_by_date(corpus_index):
    result = _search(corpus_index, date_from="2021-05-08", date_to="2021-05-08", size=100)
    assert result["total"] >= 1 and all(h["date"] == "2021-05-08" for h in result["hits"])
    dates = [h["date"] for h in _search(corpus_index, sort="-date", size=100)["hits"]]
    assert dates == sorted(dates, reverse=True)


def test_snippets_are_escaped_but_for_marks(corpus_index):
    for hit in _search(corpus_index, "文明", size=100)["hits"]:
        assert "<" not in re.sub(r"</?mark>", "", hit["snippet"])


@pytest.mark.parametrize("bad", ['"未闭合', "title:", "-创城", "创城 OR", "foo:bar"])
def test_malformed_queries_say_what_is_wrong(corpus_index, bad):
    with pytest.raises(QuerySyntaxError, match="查询语法错误"):
        _search(corpus_index, bad)


@pytest.mark.parametrize(
    "kwargs,parameter",
    [
        ({"size": 0}, "size"),
        ({"size": 101}, "size"),
        ({"page": 0}, "page"),
        ({"sort": "x"}, "sort"),
        ({"date_from": "2021-13-01"}, "from"),
    ],
)
def test_bad_parameters_are_named(corpus_index, kwargs, parameter):
    with pytest.raises(SearchError) as error:
        _search(corpus_index, "创城", **kwargs)
    assert error.value.parameter == parameter


def test_sequence_matches_exactly_what_whoosh_phrase_matches(corpus_index):
    from whoosh import query as q

    from indexer import analysis
    from search_app.search import searcher_for
    from search_app.sequence import Sequence

    searcher = searcher_for(corpus_index)
    for text in ("市场环境提升", "文明养犬", "全国文明城市创建工作", "第二十三网格", "创城创城", "要要要"):
        tokens = analysis.bigrams(text)
        assert set(searcher.docs_for_query(Sequence("cjk", tokens))) == set(
            searcher.docs_for_query(q.Phrase("cjk", tokens))
        ), text


def test_single_characters_and_mixed_runs_are_found_wherever_they_stand(corpus_index):
    records = _records(corpus_index)
    haystacks = {r["id"]: r["title"] + "\n" + r["text"] for r in records}
    chars = sorted({ch for text in haystacks.values() for ch in text if "\u4e00" <= ch <= "\u9fff"})
    rng = random.Random(5)
    for needle in rng.sample(chars, 80) + ["3期", "5月8日", "15%"]:
        expected = {i for i, text in haystacks.items() if needle in text}
        found = {h["id"] for h in _search(corpus_index, f'"{needle}"', size=100)["hits"]}
        assert found == expected, needle
