"""A unit is named from the document's own words: a relative name (市公安局) lies in the city the
document (or its article) names, and stays as written when it names none. Never a default city."""

from __future__ import annotations

from indexer.facet_registry import FACETS, unit_tree
from indexer.lang.vocabulary import normalize_unit, unit_ancestors
from indexer.parse import parse
from indexer.parse.units import article_city, document_city

OTHER_CITY_NOTICE = """泰安市人民政府办公室关于开展夏季道路交通安全整治的通知

各县（市、区）人民政府，市政府各部门：
为切实做好夏季道路交通安全工作，现就有关事项通知如下：
一、市公安局要加强重点路段巡逻管控，7月31日前完成隐患路段排查。
二、市交通运输局要督促客运企业落实安全主体责任。
三、市消防支队要组织开展消防安全演练。

泰安市人民政府办公室
2023年6月20日
"""

NO_CITY_REPORT = """市公安局召开夏季治安整治部署会

6月3日，市公安局召开夏季治安整治部署会。会议要求，各分局要强化夜间巡逻防控。
市消防支队负责人表示，将加强高层建筑消防检查。高新区管委会、文苑小学派员参加。
"""

BRIEFING_OF_ITS_CITY = """
聊城市创建全国文明城市工作简报

第 12 期

聊城市创建全国文明城市工作办公室 2022 年 4 月 6 日

- 市城管局集中整治占道经营
- 市公安局开展交通秩序整治

市城管局集中整治占道经营

4月2日，市城管局组织开展占道经营集中整治行动，清理流动摊点一百余处。

市公安局开展交通秩序整治

4月5日，市公安局在城区主干道开展交通秩序整治，查处交通违法行为二百余起。
"""

BRIEFING_OF_A_CITY_THE_VOCABULARY_DOES_NOT_KNOW = BRIEFING_OF_ITS_CITY.replace("聊城市", "泰安市")

BRIEFING_WITH_ANOTHER_CITY = """
聊城市创建全国文明城市工作简报

第 13 期

聊城市创建全国文明城市工作办公室 2022 年 5 月 9 日

- 市商务局推进夜间经济发展
- 赴济宁学习夜间经济经验

市商务局推进夜间经济发展

5月6日，市商务局召开夜间经济发展推进会，部署夜市规范管理工作。

赴济宁学习夜间经济经验

5月8日，考察组来到济宁市商务局，济宁市商务局负责同志介绍了夜间经济发展情况。市商务局表示，将为考察组提供街区改造资料。
"""


def units_of(text: str) -> list[list[str]]:
    return [[u.normalized for u in a.units] for doc in parse(text) for a in doc.articles]


def every_name(text: str) -> set[str]:
    """Every unit name a parse gives: article units with their facet ancestors, statement units and speakers."""
    names: set[str] = set()
    for doc in parse(text):
        for article in doc.articles:
            names |= set(unit_tree([{"name": u.name, "normalized": u.normalized} for u in article.units]))
            names |= {s.unit for s in article.statements if s.unit}
            names |= {s.speaker for s in article.statements if s.speaker}
    return names


def test_a_text_from_another_city_names_its_own_city_units():
    names = every_name(OTHER_CITY_NOTICE)
    assert {"泰安市公安局", "泰安市交通运输局", "泰安市消防支队"} <= names
    assert not [n for n in names if "聊城" in n], names


def test_a_text_naming_no_city_keeps_relative_names_as_written():
    (units,) = units_of(NO_CITY_REPORT)
    assert units[:2] == ["市公安局", "市消防支队"]
    assert "高新区管委会" in units and "文苑小学" in units  # 聊城's names only in a text about 聊城
    names = every_name(NO_CITY_REPORT)
    assert "市公安局" in names
    assert not [n for n in names if "聊城" in n or n.startswith("东昌府区")], names


def test_a_briefing_whose_series_title_names_the_city_resolves_its_articles():
    assert units_of(BRIEFING_OF_ITS_CITY) == [["聊城市城市管理局"], ["聊城市公安局"]]
    assert units_of(BRIEFING_OF_A_CITY_THE_VOCABULARY_DOES_NOT_KNOW) == [["泰安市城管局"], ["泰安市公安局"]]


def test_an_article_naming_a_second_city_is_about_that_city():
    first, second = parse(BRIEFING_WITH_ANOTHER_CITY)[0].articles
    assert [u.normalized for u in first.units] == ["聊城市商务局"]
    assert "济宁市商务局" in [u.normalized for u in second.units]
    assert not [u for u in second.units if u.normalized.startswith("聊城")]


def test_statements_speak_for_the_city_the_document_names():
    speakers = {
        (s.speaker, s.unit) for doc in parse(NO_CITY_REPORT) for a in doc.articles for s in a.statements
    }
    assert speakers and all(not (unit or "").startswith("聊城") for _, unit in speakers), speakers
    orders = [s for doc in parse(OTHER_CITY_NOTICE) for a in doc.articles for s in a.statements]
    assert orders and {s.speaker for s in orders} == {"泰安市人民政府办公室"}


def test_the_document_city_comes_from_its_header_then_its_words():
    assert document_city("市委市政府高度重视。各省、自治区、直辖市人民政府要落实。") is None
    assert document_city("这是遵化市人大常委会第二次举行宪法宣誓。") == "遵化市"
    assert document_city("东昌府区召开会议。") == "聊城市"  # a district written in full says its city
    assert document_city("高新区召开会议。") is None  # a generic zone does not
    body = "会议邀请济南市委宣传部、济南市委组织部介绍经验。"
    assert document_city(body, "聊城市创建全国文明城市工作简报") == "聊城市"
    assert document_city(body) == "济南市"
    assert document_city(body, "创城工作简报\n中共泰安市委办公室") == "泰安市"
    assert document_city("中共泰安市委办公室印发") == "泰安市"
    assert article_city("济南市委宣传部介绍经验。", "聊城市") == "济南市"
    assert article_city("济南市委宣传部来聊城交流。", "聊城市") == "聊城市"


def test_one_function_normalises_in_the_documents_city():
    assert normalize_unit("市公安局", "济南市") == "济南市公安局"
    assert normalize_unit("市公安局", "聊城市") == "聊城市公安局"
    assert normalize_unit("市公安局") == "市公安局"
    assert normalize_unit("市交警支队", "聊城市") == "聊城市公安局交巡警支队"
    assert normalize_unit("聊城市卫计委") == "聊城市卫生和计划生育委员会"  # it says its city
    assert normalize_unit("度假区", "上海市") == "度假区"
    assert unit_ancestors(normalize_unit("度假区预订服务中心", "上海市")) == ["度假区预订服务中心"]
    assert unit_ancestors(normalize_unit("市公安局治安支队")) == ["市公安局治安支队"]


def test_every_facet_value_filters_on_itself():
    """A unit the facet lists, clicked or typed, filters on that very unit (市公安局 of a text
    naming no city is no 聊城市公安局); a name the vocabulary knows also means its unit."""
    texts = (OTHER_CITY_NOTICE, NO_CITY_REPORT, BRIEFING_OF_ITS_CITY, BRIEFING_WITH_ANOTHER_CITY)
    values = set().union(*(every_name(text) for text in texts))
    assert {"市公安局", "聊城市公安局", "泰安市公安局", "聊城市"} <= values
    assert {v for v in values if v not in FACETS["unit"].filter_values(v)} == set()
    assert FACETS["unit"].filter_values(" 市公安局 ") == ("聊城市公安局", "市公安局")
    assert FACETS["unit"].filter_values("泰安市公安局") == ("泰安市公安局",)
    assert FACETS["unit"].clean("高新区") == "聊城高新技术产业开发区"  # a query's unit:高新区
    assert FACETS["unit"].clean("市档案馆") == "市档案馆"  # unknown to the vocabulary: as typed
