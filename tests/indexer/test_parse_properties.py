"""Property tests: the parser never raises, and what it returns is well formed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.parse import parse
from indexer.records import Document

FRAGMENTS = st.sampled_from(
    [
        "聊城市创建全国文明城市工作简报",
        "第27期",
        "第 6 期",
        "（总第45期）",
        "2021年5月10日",
        "5月8日，",
        "- ",
        "一、",
        "市交巡警支队",
        "东昌府区委书记荣红智：",
        "他强调，",
        "将",
        "力争到2020年",
        "15%以上",
        "4.9万套",
        "报：",
        "发：",
        "共印260份",
        "本报记者 杨淑君",
        "。",
        "，",
        "\n",
        "\n\n",
        " ",
        "# ",
        "第五网格",
        "陈秀兴参加",
        "工作组指出，",
        "会议要求，",
        "年内",
        "《聊城市条例》",
        "……1",
        "（2020年6月）",
        "记者 张三 通讯员 李四",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(FRAGMENTS, max_size=60).map("".join),
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=40).map("".join),
)


def check(docs, text):
    assert isinstance(docs, list)
    if not text.strip():
        assert docs == []
    for doc in docs:
        assert isinstance(doc, Document) and doc.kind in ("briefing", "news", "other")
        assert doc.articles, "a document is never dropped: it has at least one article"
        for article in doc.articles:
            assert isinstance(article.title, str)
            assert 0 <= article.offset <= len(text)
            assert article.text == "" or article.text in text
            if article.date:
                assert len(article.date) in (7, 10)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_parses(text):
    check(parse(text), text)


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.dictionaries(st.sampled_from(["title", "date", "byline", "paper"]), st.text(max_size=20)))
def test_any_meta_parses(text, meta):
    check(parse(text, meta), text)


# -- clean and parse grow linearly on hostile shapes ----------------------------------------------------------------

import time  # noqa: E402

import pytest  # noqa: E402

from indexer.clean import clean_pages  # noqa: E402

PLEDGE = "市城管局表示，将确保6月30日前完成全部整改任务"
# Shapes that grew as size^1.7–2.8 before (a line of "." or "[", "局长、" × n, a pledge continued over
# "；" clauses, lines ending "，" or starting "的", lower-case Latin lines), and their neighbours.
HOSTILE_SHAPES = {
    "dots": lambda n: "." * n,
    "dots after a line": lambda n: "创城工作\n" + "." * n + "\n创城",
    "ellipsis": lambda n: "创" + "…" * n + "创",
    "brackets": lambda n: "创" + "[" * n + "创",
    "link halves": lambda n: "[a](/" * (n // 5),
    "posts": lambda n: ("局长、" * (n // 3 + 1))[:n],
    "pledge clauses": lambda n: PLEDGE + "；各街道要加强巡查力度落实责任" * (n // 15),
    "comma lines": lambda n: "各部门要加强协调配合，\n" * (n // 11),
    "particle lines": lambda n: "的工作要求\n" * (n // 6),
    "latin lines": lambda n: "abc def ghi jkl\n" * (n // 16),
    "digit dots": lambda n: "1." * (n // 2),
    "spaced han": lambda n: "创 " * (n // 2),
    "colons": lambda n: "他指出：" * (n // 4),
    "contents leaders": lambda n: ("标题" + "." * 40 + "x\n") * (n // 44),
    "prose": lambda n: (
        "6月12日，市城管局组织执法人员开展集中整治。会议要求，各街道要立即行动。\n" * (n // 40)
    ),
}
SMALL, FACTOR = 3000, 4
# Many short lines: the quadratic part (a search over the paragraph joined so far) shows only past ~20 KB.
LINES_SMALL = 25_000
LINE_SHAPES = {"comma lines", "particle lines", "latin lines"}


def _seconds(text: str) -> float:
    """The fastest of three runs: load on the machine only ever adds."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        parse(clean_pages([text]).text, {})
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("shape", sorted(HOSTILE_SHAPES))
def test_clean_and_parse_grow_near_linearly_on_hostile_shapes(shape):
    """Four times the text may take at most nine times as long (linear: 4, quadratic: 16), compared within
    one run, so that no absolute threshold depends on the machine."""
    make = HOSTILE_SHAPES[shape]
    parse(clean_pages(["预热。"]).text, {})
    size = LINES_SMALL if shape in LINE_SHAPES else SMALL
    small, large = _seconds(make(size)), _seconds(make(size * FACTOR))
    assert large <= 9 * max(small, 0.002), f"{shape}: {small:.3f}s → {large:.3f}s for {FACTOR}× the text"
