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
