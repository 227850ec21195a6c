"""The one search function, on a real index of the corpus."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from indexer.engines import open_store
from indexer.lang.text import HAN, is_han
from search_app.query import QuerySyntaxError
from search_app.search import SearchError, SearchRequest, search
from tests.gongwen_samples import ROAD, SAMPLES, write_samples

CJK_RUN = re.compile(f"[{HAN}]{{2,}}")


def _search(index_dir, query="", **kwargs):
    return search(open_store(index_dir), SearchRequest(query=query, **kwargs))


def _records(index_dir) -> list[dict]:
    catalog = open_store(index_dir).catalog()
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
        "doc_number",  # a 公文's 发文字号, else None
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


def test_single_characters_and_mixed_runs_are_found_wherever_they_stand(corpus_index):
    records = _records(corpus_index)
    haystacks = {r["id"]: r["title"] + "\n" + r["text"] for r in records}
    chars = sorted({ch for text in haystacks.values() for ch in text if is_han(ch)})
    rng = random.Random(5)
    for needle in rng.sample(chars, 80) + ["3期", "5月8日", "15%"]:
        expected = {i for i, text in haystacks.items() if needle in text}
        found = {h["id"] for h in _search(corpus_index, f'"{needle}"', size=100)["hits"]}
        assert found == expected, needle


def test_extension_b_names_and_ideographic_zero_dates_are_found(corpus_index):
    for needle in ("𠮷华", "王𠮷华", "𠮷", "二〇一九年", "〇"):
        titles = [h["title"] for h in _search(corpus_index, needle)["hits"]]
        assert titles == ["古楼街道表彰二〇一九年度优秀网格员"], needle


def test_characters_the_index_lacks_match_nothing(corpus_index):
    for needle in ("𤭢", "鱻", "𠀀"):
        assert _search(corpus_index, needle)["total"] == 0, needle


@pytest.mark.parametrize("punctuation", ["（", '"##"', "##", "，。", "创城 ！！"])
def test_punctuation_only_parts_are_syntax_errors_never_everything(corpus_index, punctuation):
    with pytest.raises(QuerySyntaxError, match="没有可检索的文字"):
        _search(corpus_index, punctuation)


@pytest.mark.parametrize(
    "query,message",
    [
        ("创" * 201, "查询过长"),
        (" ".join(["创城"] * 21), "查询词过多"),
        (" OR ".join(["创城"] * 12), "OR 过多"),
        ("创城 " + " ".join(f"-词{i}" for i in range(11)), "排除词（-）过多"),
    ],
)
def test_long_and_wide_queries_are_refused_with_the_limit(corpus_index, query, message):
    with pytest.raises(QuerySyntaxError, match=message):
        _search(corpus_index, query)


def test_paging_is_stable_and_scores_do_not_depend_on_page_size(corpus_index):
    for query, sort in (("创城", "relevance"), ("文明", "relevance"), ("", "-date"), ("网格", "date")):
        whole = [h["id"] for h in _search(corpus_index, query, sort=sort, size=100)["hits"]]
        paged = [
            h["id"]
            for p in range(1, 11)
            for h in _search(corpus_index, query, sort=sort, page=p, size=3)["hits"]
        ]
        assert paged[: len(whole)] == whole[:30] if len(whole) >= 30 else paged == whole, (query, sort)
        assert len(set(paged)) == len(paged)
    one = _search(corpus_index, "创城", size=1)["hits"][0]
    ten = _search(corpus_index, "创城", size=10)["hits"][0]
    assert (one["id"], one["score"]) == (ten["id"], ten["score"])


ORACLE_QUERIES = [
    "",
    "创城",
    "孙爱军",
    '"市场环境提升"',
    "创城 -养犬",
    "郭新华 OR 刘占军",
    "title:倡议书",
    "unit:东昌府区",
    "person:孙爱军",
    "养",
    "网格 文明",
    "𠮷华",
    "二〇一九年",
    "3期",
    '"白鹭湖畔巡查"',
    '"创建全国文明城市工作"',
    "巡查 白鹭",
    "文明城市 -白鹭湖畔",
    "督导 OR 白鹭",
    '"湖畔步道"',
    "docno:聊政办发〔2021〕5号",
    "cites:聊政办发[２０２１]5号",
    "docno:聊政办发(2021)第5号 OR cites:聊政办发〔2021〕05号",
    "道路 -cites:聊政办发〔2021〕5号",
    "cites:东政发【2021】15号 OR cites:聊政字〔2021〕30号",
    "docno:聊政办发〔2021〕6号",
    "docno:国办发〔2019〕3号 OR cites:国发〔2004〕20号",
    "幼儿园 -docno:国办发〔2019〕3号",
]

# One article longer than a PostgreSQL tsvector keeps positions for (16,383), its bigrams repeated
# more often than it keeps positions of one lexeme (256): every engine must still find its runs.
LONG_REPORT = (
    "\n\n关于创建全国文明城市长效机制的调研报告\n\n"
    + "".join(
        f"第{n}次督导中，各网格持续推进创建全国文明城市工作，巡查背街小巷{n}处，整改问题{n + 3}个。"
        for n in range(1, 600)
    )
    + "\n\n附记：白鹭湖畔巡查记录另行归档，池畔步道另有安排。\n"
)


@pytest.fixture(scope="module")
def both_engines(request, tmp_path_factory) -> dict:
    """The same sources indexed by each engine."""
    from indexer.run.batch import Options, run
    from tests.conftest import ALL_ENGINES, EXTENSION_B_BRIEFING, corpus_texts, index_location
    from tests.pg_server import bin_dir

    folder = tmp_path_factory.mktemp("both-extra")
    (folder / "extension_b.txt").write_text(EXTENSION_B_BRIEFING, encoding="utf-8")
    (folder / "long_report.txt").write_text(LONG_REPORT, encoding="utf-8")
    write_samples(folder / "gongwen")
    notices = [str(path) for path in real_notices()]
    out = {}
    for name in ALL_ENGINES:
        if name == "postgres" and bin_dir() is None:
            continue  # no PostgreSQL on this machine: the folder engines are still compared
        index_dir = index_location(request, tmp_path_factory, name, f"both-{name}")
        summary = run(
            [str(p) for p in corpus_texts()] + [str(folder)] + notices,
            open_store(index_dir),
            Options(engine=name),
        )
        assert not summary.failed, summary.failed
        out[name] = index_dir
    return out


def test_every_engine_finds_runs_past_the_positions_a_tsvector_keeps(both_engines):
    for name, index_dir in both_engines.items():
        end = _search(index_dir, '"白鹭湖畔巡查"')
        assert [h["title"] for h in end["hits"]] == ["关于创建全国文明城市长效机制的调研报告"], name
        repeated = _search(index_dir, '"网格持续推进创建全国文明城市"')
        assert repeated["total"] == 1, name
        assert _search(index_dir, '"湖畔步道"')["total"] == 0, name  # its every bigram, but not as a run


@pytest.mark.parametrize("query", ORACLE_QUERIES)
def test_engines_give_identical_totals_facets_and_date_order(both_engines, query):
    answers = {}
    for name, index_dir in both_engines.items():
        plain = _search(index_dir, query, size=100)
        filtered = _search(index_dir, query, size=100, filters={"kind": ["briefing"]}, date_from="2018-01-01")
        by_date = _search(index_dir, query, size=100, sort="-date")
        answers[name] = (
            plain["total"],
            plain["facets"],
            {h["id"] for h in plain["hits"]},
            filtered["total"],
            filtered["facets"],
            [h["id"] for h in by_date["hits"]],
        )
    assert all(answer == answers["whoosh"] for answer in answers.values()), query


@pytest.fixture(scope="module")
def demo_index(request, tmp_path_factory, search_engine) -> Path:
    """The demo archive's generator, 40 briefing issues and 4 news pages (≈220 articles), indexed."""
    import subprocess
    import sys

    from indexer.run.batch import Options, run
    from tests.conftest import REPO

    engine = search_engine
    folder = tmp_path_factory.mktemp(f"demo-{engine}")
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "make_demo_archive.py"),
            str(folder / "docs"),
            "--issues",
            "40",
        ]
        + ["--news", "4", "--formats", "txt", "--scanned", "0", "--gold", str(folder / "gold.jsonl")],
        check=True,
        capture_output=True,
    )
    from tests.conftest import index_location

    index = index_location(request, tmp_path_factory, engine, f"demo-index-{engine}")
    summary = run([str(folder / "docs")], open_store(index), Options(engine=engine))
    assert not summary.failed
    return index


@pytest.mark.parametrize(
    "query,sort", [("创城", "relevance"), ("文明 城市", "relevance"), ("", "-date"), ("工作", "date")]
)
def test_pages_of_ten_are_the_first_hundred_in_order_on_the_demo_archive(demo_index, query, sort):
    whole = _search(demo_index, query, sort=sort, size=100)
    assert whole["total"] > 60
    paged = [h for p in range(1, 11) for h in _search(demo_index, query, sort=sort, page=p, size=10)["hits"]]
    assert [h["id"] for h in paged] == [h["id"] for h in whole["hits"]]
    assert [h["score"] for h in paged] == [h["score"] for h in whole["hits"]]
    one, ten = _search(demo_index, query, sort=sort, size=1)["hits"][0], whole["hits"][0]
    assert (one["id"], one["score"]) == (ten["id"], ten["score"])


def test_every_engine_counts_and_filters_the_kinds_of_official_documents(both_engines):
    wanted = {}
    for _, kind, _, _ in SAMPLES.values():
        if kind != "briefing":
            wanted[kind] = wanted.get(kind, 0) + 1
    answers = {}
    for name, index_dir in both_engines.items():
        counts = {item["value"]: item["count"] for item in _search(index_dir, '"城区道路"')["facets"]["kind"]}
        assert counts == wanted, name  # the samples alone hold the phrase
        notices = _search(index_dir, filters={"kind": ["notice"]}, sort="-date", size=100)
        assert {h["doc_number"] for h in notices["hits"]} == {
            number for _, kind, number, _ in SAMPLES.values() if kind == "notice"
        } | {number for kind, number in REAL_NOTICES.values() if kind == "notice"}, name
        assert all(h["kind"] == "notice" for h in notices["hits"])
        either = _search(index_dir, "城区道路", filters={"kind": ["request", "reply"]}, sort="date", size=100)
        answers[name] = (counts, [h["id"] for h in notices["hits"]], [h["id"] for h in either["hits"]])
        assert [h["kind"] for h in either["hits"]] == ["request", "reply"], name
    assert all(answer == answers["whoosh"] for answer in answers.values())


@pytest.mark.parametrize(
    "written",
    ["聊政办发〔2021〕5号", "聊政办发[2021]5号", "聊政办发（２０２１）５号", '"聊政办发【2021】 第05号"'],
)
def test_every_engine_finds_a_number_and_what_cites_it_in_any_spelling(both_engines, written):
    citing = {name for name, (_, _, _, cites) in SAMPLES.items() if ROAD in cites}
    for name, index_dir in both_engines.items():
        bearing = _search(index_dir, f"docno:{written}")["hits"]
        assert [(h["doc_number"], h["kind"]) for h in bearing] == [(ROAD, "notice")], name
        found = _search(index_dir, f"cites:{written}", size=100)["hits"]
        assert {Path(h["source"]["path"]).name for h in found} == citing, name
        # a briefing's article that cites it, not the other article of the issue
        assert [h["title"] for h in found if h["kind"] == "briefing"] == ["东昌府区推进背街小巷整治"], name
        both = _search(index_dir, f"docno:{written} OR cites:{written}", size=100)
        assert both["total"] == len(citing) + 1, name


def test_a_number_no_document_bears_or_cites_finds_nothing(both_engines):
    for name, index_dir in both_engines.items():
        for query in ("docno:聊政办发〔2021〕6号", "cites:聊政办发〔2020〕5号", "docno:东政发〔2021〕8号"):
            assert _search(index_dir, query)["total"] == 0, (name, query)


def test_every_engine_gives_an_article_what_cites_it_and_what_it_cites(both_engines):
    from search_app.search import article

    answers = {}
    for name, index_dir in both_engines.items():
        store = open_store(index_dir)
        road = _search(index_dir, f"docno:{ROAD}")["hits"][0]["id"]
        view = article(store, road)
        assert view is not None and view["cited_by_total"] == 5, name
        dates = [c["date"] for c in view["cited_by"]]
        assert dates == sorted(dates, reverse=True), name  # newest first
        forwarded = next(c for c in view["cited_by"] if c["doc_number"] == "东政办发〔2021〕8号")
        assert forwarded["relation"] == "转发" and forwarded["kind"] == "notice", name
        citing = article(store, forwarded["id"])
        assert citing is not None
        assert [(h["doc_number"], h["id"]) for h in citing["cites_held"]] == [(ROAD, road)], name
        assert citing["cited_by"] == [] and citing["cited_by_total"] == 0, name
        answers[name] = [c["id"] for c in view["cited_by"]]
    assert all(answer == answers["whoosh"] for answer in answers.values())


# The real notices, circulars and letters of the ledger corpus that bear a number (never copied here).
REAL_NOTICES = {
    "201": ("notice", "国办发〔2019〕3号"),
    "202": ("letter", "国办函〔2004〕71号"),
    "203": ("circular", "国办发〔2004〕7号"),
    "209": ("notice", "靖政发〔2025〕17号"),
    "212": ("notice", "国办函〔2018〕71号"),
}


def real_notices() -> list[Path]:
    from tests.conftest import CORPUS

    return [next((CORPUS / "ledger" / "docs").glob(f"{name}_*")) for name in REAL_NOTICES]


def _spellings(number: str) -> list[str]:
    """The number as documents also write it: [] and （） brackets, full-width digits."""
    full = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return [
        number,
        number.replace("〔", "[").replace("〕", "]"),
        full.replace("〔", "（").replace("〕", "）"),
    ]


def test_every_engine_finds_the_real_notices_by_their_numbers_and_what_they_cite(both_engines):
    for name, index_dir in both_engines.items():
        for doc, (kind, number) in REAL_NOTICES.items():
            for written in _spellings(number):
                hits = _search(index_dir, f"docno:{written}")["hits"]
                assert [(Path(h["source"]["path"]).name[:3], h["kind"], h["doc_number"]) for h in hits] == [
                    (doc, kind, number)
                ], (name, written)
        for cited in ("国发〔2004〕20号", "发改农经[2004]1933号"):  # the letter 202 cites both
            hits = _search(index_dir, f"cites:{cited}")["hits"]
            assert [Path(h["source"]["path"]).name[:3] for h in hits] == ["202"], (name, cited)
        assert _search(index_dir, "cites:国办发〔2019〕3号")["total"] == 0, name  # nothing here cites 201


def test_a_date_range_bounds_the_year_and_month_facets(corpus_index):
    """Every year and month the facets offer lies in the range, and its link finds what it counted."""
    ranged = {"filters": {"unit": ["东昌府区"]}, "date_from": "2020-01-01", "date_to": "2021-12-31"}
    result = _search(corpus_index, "创城", **ranged)
    years, months = result["facets"]["year"], result["facets"]["month"]
    assert result["total"] and years and months
    assert {y["value"] for y in years} <= {"2020", "2021"}
    assert all("2020-01" <= m["value"] <= "2021-12" for m in months)
    for year in years:
        chosen = {"unit": ["东昌府区"], "year": [year["value"]]}
        assert _search(corpus_index, "创城", **{**ranged, "filters": chosen})["total"] == year["count"]
