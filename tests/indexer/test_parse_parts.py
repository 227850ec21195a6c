"""The parser's parts: units, dates, officials, grids, targets, statements, userdict."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.lang.segment import segmenter
from indexer.lang.vocabulary import (
    dictionary_entries,
    known_units,
    normalize_unit,
    table,
    unit_ancestors,
    unit_parent,
)
from indexer.parse import dates
from indexer.parse.articles import build_article
from indexer.parse.deadlines import find_deadlines
from indexer.parse.grids import find_grids
from indexer.parse.officials import find_officials
from indexer.parse.statements import DocumentFacts, find_statements
from indexer.parse.targets import find_targets
from indexer.parse.units import find_units, unit_spans

TRAFFIC = "聊城市公安局交巡警支队"


@pytest.mark.parametrize(
    "written", ["市交巡警支队", "市公安局交巡警支队", "聊城市公安局交巡警支队", "市交警支队", "市交巡警 支队"]
)
def test_traffic_police_aliases(written):
    assert normalize_unit(written, "聊城市") == TRAFFIC


@pytest.mark.parametrize(
    "written, normalized",
    [
        ("聊城高新技术产业开发区", "聊城高新技术产业开发区"),
        ("高新区", "聊城高新技术产业开发区"),
        ("开发区", "聊城经济技术开发区"),
        ("度假区", "江北水城旅游度假区"),
        ("郁光小学", "东昌府区郁光小学"),
        ("市中级人民法院", "聊城市中级人民法院"),
        ("聊城市中级人民法院", "聊城市中级人民法院"),
        ("市审计局", "聊城市审计局"),
        ("市卫计委", "聊城市卫生和计划生育委员会"),
        ("聊城市卫计委", "聊城市卫生和计划生育委员会"),
        ("市卫生计生委", "聊城市卫生和计划生育委员会"),
        ("市城管局", "聊城市城市管理局"),
        ("聊城市城市管理局", "聊城市城市管理局"),
        ("市住建局", "聊城市住房和城乡建设局"),
        ("市创城第五网格工作组", "聊城市创城第五网格工作组"),
        ("市档案馆", "聊城市档案馆"),  # not in the table: the city rule
    ],
)
def test_normalize(written, normalized):
    assert normalize_unit(written, "聊城市") == normalized


def test_hierarchy():
    assert unit_parent("古楼街道") == "东昌府区"
    assert unit_ancestors("兴华社区") == ["聊城市", "东昌府区", "古楼街道", "兴华社区"]
    assert unit_ancestors("东昌府区郁光小学") == ["聊城市", "东昌府区", "东昌府区郁光小学"]
    assert unit_ancestors(TRAFFIC) == ["聊城市", "聊城市公安局", TRAFFIC]
    assert unit_ancestors("聊城市档案馆") == ["聊城市", "聊城市档案馆"]  # unknown: parent by prefix
    assert unit_parent("聊城市") is None
    assert unit_ancestors("某某单位") == ["某某单位"]


def test_known_units_table_is_consistent():
    units = known_units()
    assert 50 <= len(units) and len(set(units)) == len(units)
    for name in units:
        parent = unit_parent(name)
        assert parent is None or parent in units, name
        assert normalize_unit(name) == name


def test_find_units_in_running_text():
    text = "工作组一行先后到古楼街道兴华社区、文化社区督导检查，九州街道、许营镇汇报了进展。"
    assert [u.normalized for u in find_units(text)] == [
        "古楼街道",
        "兴华社区",
        "文化社区",
        "九州街道",
        "许营镇",
    ]
    assert find_units("居民小区、老旧小区和城区，确保无盲区，围绕乡村建设") == []
    assert [u.normalized for u in find_units("济南市商务局召开会议")] == ["济南市商务局"]
    assert find_units("按照《聊城市物业管理条例》的规定") == []


def test_segmenter_keeps_units_and_officials_whole():
    lines = dictionary_entries()
    assert all(len(line.split()) == 3 for line in lines)
    words = list(segmenter().cut("市交巡警支队与东昌府区郁光小学、聊城市卫计委会同市委书记孙爱军检查"))
    assert {"市交巡警支队", "东昌府区郁光小学", "聊城市卫计委", "孙爱军"} <= set(words)
    assert set(table().alias) <= {line.split()[0] for line in lines}
    assert all(segmenter().FREQ.get(line.split()[0]) for line in lines)  # every word loaded, none generated


@pytest.mark.parametrize(
    "text, expected",
    [
        ("聊城市创建全国文明城市工作办公室 2021 年 5 月 10 日", "2021-05-10"),
        ("2021年3月7日", "2021-03-07"),
        ("二〇一九年十二月三日", "2019-12-03"),
        ("2020.6.1", "2020-06-01"),
        ("2021年2月30日", None),
        ("5月8日", None),
    ],
)
def test_full_dates(text, expected):
    assert dates.first_full_date(text) == expected


def test_event_dates_take_the_issue_year_or_the_year_before():
    assert dates.event_dates("5月8日，市委书记…", "2021-05-10") == ["2021-05-08"]
    assert dates.event_dates("12月28日，会议…", "2021-01-05") == ["2020-12-28"]
    assert dates.event_dates("5月8日", None) == []  # never invent a year
    assert dates.event_dates("2019年5月8日和6月1日", "2021-05-10") == ["2019-05-08", "2020-06-01"]
    assert dates.event_dates("6月5日", "2020-06") == ["2020-06-05"]  # a month-only issue date


def test_current_year_ignores_deadlines():
    text = "力争到2020年全面消除棚户区。完成2018年度新开工4.9万套。2018年，要聚焦文明交通。"
    assert dates.current_year_from_text(text) == 2018
    assert dates.current_year_from_text("没有年份") is None


def test_officials():
    found = find_officials(
        "5月7日，市委常委、常务副市长、市创城第五网格工作组组长陈秀兴带领工作组视察。陈秀兴指出，要加强。"
    )
    assert [(o.name, o.position) for o in found] == [
        ("陈秀兴", "市委常委、常务副市长、市创城第五网格工作组组长")
    ]
    assert find_officials("本报记者杨淑君邹俊美") == []
    two_char = find_officials("会上，市商务局局长王强表示，将加快建设。")
    assert [(o.name, o.position) for o in two_char] == [("王强", "市商务局局长")]


def test_grids():
    assert find_grids("第五网格、第二十三网格和第九网格，再到第五网格") == [5, 23, 9]
    assert find_grids("第 12 网格") == [12]


SAID = date(2021, 5, 8)


def test_targets():
    targets = find_targets("确保年内城区主干道通行效率提高15%以上。", SAID)
    assert [(t.number, t.measure, t.deadline, t.due) for t in targets] == [(15, "%", "年内", "2021-12-31")]
    assert targets[0].text == "城区主干道通行效率提高15%以上"
    targets = find_targets("力争到2020年全面消除规划区内的棚户区")
    assert [(t.number, t.text, t.deadline, t.due) for t in targets] == [
        (None, "全面消除规划区内的棚户区", "2020年", "2020-12-31")
    ]
    targets = find_targets("督导完成104个老旧小区改造，到2020年底基本完成整治改造。")
    assert (104, "个老旧小区改造", None) in [(t.number, t.measure, t.deadline) for t in targets]
    assert (None, "基本完成整治改造", "2020年底") in [(t.number, t.text, t.deadline) for t in targets]
    assert [(t.number, t.measure) for t in find_targets("新开工4.9万套")] == [(4.9, "万套")]
    assert find_targets("要在3月底前完成", SAID)[0].due == "2022-03-31"  # March has passed in May


def test_each_target_has_its_own_deadline():
    text = "力争到2025年实现物业服务覆盖率89%以上，年内对77家物业企业开展信用评价，新建改造公厕52座。"
    pairs = [(t.text, t.deadline, t.due) for t in find_targets(text, SAID)]
    assert pairs == [
        ("实现物业服务覆盖率89%以上", "2025年", "2025-12-31"),
        ("对77家物业企业开展信用评价", "年内", "2021-12-31"),
        ("新建改造公厕52座", None, None),
    ]
    lead = find_targets("2018年，要具体抓好四个优化，实现四个提升。", SAID)
    assert [(t.number, t.deadline) for t in lead] == [(4, "2018年"), (4, "2018年")]


@pytest.mark.parametrize(
    "written, due",
    [
        ("年内", "2021-12-31"),
        ("年底前", "2021-12-31"),
        ("上半年", "2021-06-30"),
        ("三季度末", "2021-09-30"),
        ("6月底前", "2021-06-30"),
        ("六月底", "2021-06-30"),
        ("6月前", "2021-05-31"),
        ("11月15日前", "2021-11-15"),
        ("明年上半年", "2022-06-30"),
        ("2023年6月底前", "2023-06-30"),
        ("2022年度", "2022-12-31"),
        ("本月底前", "2021-05-31"),
        ("下月底", "2021-06-30"),
        ("年中", "2021-06-30"),
    ],
)
def test_relative_deadlines_resolve_from_the_statement_date(written, due):
    found = find_deadlines(f"确保{written}完成整改", SAID)
    assert [(d.written, d.due) for d in found] == [(written, due)]


def test_event_dates_and_periods_are_not_deadlines():
    assert find_deadlines("5月8日，市委书记到城区检查", SAID) == []
    assert find_deadlines("2018年以来累计完成", SAID) == []


def test_statements_resolve_pronouns_and_bodies():
    text = (
        "5月8日，市委书记孙爱军在城区检查。他强调，要坚持问题导向。要严查食品质量。\n"
        "工作组指出，要抓好硬件设施建设。\n"
        "会议要求，各单位确保年内完成20处整治。"
    )
    city = DocumentFacts(city="聊城市")  # the city the document names: 市委书记 is its
    found = find_statements(text, {"孙爱军": "市委书记"}, body_unit="聊城市审计局", said=SAID, facts=city)
    assert [(s.type, s.speaker, s.unit) for s in found] == [
        ("directive", "孙爱军", "聊城市"),
        ("directive", "孙爱军", "聊城市"),
        ("directive", "聊城市审计局", "聊城市审计局"),
        ("directive", "聊城市审计局", "聊城市审计局"),
    ]
    assert found[3].addressees == ["各单位"]
    assert [s.text for s in found[:2]] == ["他强调，要坚持问题导向。", "要严查食品质量。"]
    assert [(t.number, t.deadline) for t in found[3].targets] == [(20, "年内")]


def test_commitments_after_a_pledge():
    text = "市住建局局长郭新华表示，将加快棚户区改造。今年完成改造1000户，力争到2020年全面完成。"
    found = find_statements(
        text, {"郭新华": "市住建局局长"}, said=date(2018, 2, 28), facts=DocumentFacts(city="聊城市")
    )
    assert all(s.type == "commitment" and s.speaker == "郭新华" for s in found)
    assert found[0].unit == "聊城市住房和城乡建设局"
    unplaced = find_statements(text, {"郭新华": "市住建局局长"}, said=date(2018, 2, 28))
    assert unplaced[0].unit == "市住建局"  # no default city: the text names none
    assert (1000, "户") in [(t.number, t.measure) for s in found for t in s.targets]


@pytest.mark.parametrize(
    "text",
    [
        "要严格规范市场秩序",
        "引导市民文明出行",
        "广大市民积极参与",
        "整治马路市场",
        "19处农贸市场完成改造",
        "聊城市委市政府高度重视",
        "督促市场开办方落实责任",
        "农村地区同步推进",
        "划行归市、规范摆放",
    ],
)
def test_city_inside_a_word_is_no_unit(text):
    found = [u.name for u in find_units(text)]
    assert not [
        name for name in found if (name.endswith("市") and name != "聊城市") or name.startswith("市场")
    ], found
    assert not [name for name in found if name.endswith(("地区", "农贸市"))], found


def test_unit_after_a_verb_is_the_alias_not_the_phrase():
    spans = unit_spans("会议听取了代表市卫计委的发言，决定立即成立市卫生计生委专班")
    assert [name for _, _, name in spans] == ["市卫计委", "市卫生计生委"]
    assert {normalize_unit(name, "聊城市") for _, _, name in spans} == {"聊城市卫生和计划生育委员会"}


def test_written_street_names_are_kept():
    assert [(u.name, u.normalized) for u in find_units("闫寺街道召开会议")] == [("闫寺街道", "闫寺街道")]
    assert normalize_unit("阎寺街道", "聊城市") == "闫寺街道"  # the other spelling is an alias


def test_units_under_places_and_communities_of_their_own():
    text = "东昌府区公安分局、聊城市消防救援支队与石桥街道槐荫社区、桃园社区负责人走进李庄镇查看。"
    assert [u.normalized for u in find_units(text)] == [
        "东昌府区公安分局",
        "聊城市消防救援支队",
        "石桥街道",
        "槐荫社区",
        "桃园社区",
        "李庄镇",
    ]
    assert [u.name for u in find_units("市教育和体育局与泰和社区、明理小学共建")] == [
        "市教育和体育局",
        "泰和社区",
        "明理小学",
    ]
    assert find_units("开展志愿活动走进社区，发动居民和社区干部") == []


def test_name_ending_in_a_predicate_character():
    officials = find_officials(
        "高新区党工委书记、管委会主任孟志强：抓好落实。镇长王强表示，将按期完成。阎立新主持会议。"
    )
    assert [(o.name, o.position) for o in officials] == [
        ("孟志强", "高新区党工委书记、管委会主任"),
        ("王强", "镇长"),
    ]
    assert [o.name for o in find_officials("县委书记阎立新在会上强调")] == ["阎立新"]


def test_statements_said_twice_are_kept_once():
    text = (
        "孙爱军强调，要坚持问题导向。孙爱军要求，要坚持问题导向。\n孙爱军强调，要坚持问题导向，要抓好整改。"
    )
    found = find_statements(text, {"孙爱军": "市委书记"}, said=SAID)
    assert [s.text for s in found] == [
        "孙爱军要求，要坚持问题导向。",
        "孙爱军强调，要坚持问题导向，要抓好整改。",
    ]


def test_meeting_goals_and_next_steps_are_commitments():
    text = (
        "会议明确，年内完成12处游园改造；新建公厕8座。\n"
        "下一步，柳园街道将力争到2022年完成30个小区改造。\n"
        "具体来说，就是组建巡查队伍6支。"
    )
    found = find_statements(text, {}, body_unit="柳园街道", said=SAID)
    assert [(s.type, s.speaker) for s in found] == [("commitment", "柳园街道")] * 3
    assert [t.number for t in found[0].targets] == [12, 8]  # one statement over the "；"
    pledge = find_statements("具体来说，就是组建巡查队伍6支。", {"李明": "局长"}, default_speaker="李明")
    assert [t.number for s in pledge for t in s.targets] == [6]
    assert find_statements("具体来说，已清理死角300处。", {"李明": "局长"}, default_speaker="李明") == []


@pytest.mark.parametrize(
    "text, names",
    [
        ("志愿者深入社区开展宣传", []),
        ("民警协助街道开展巡查", []),
        ("5月德清县召开推进会", ["德清县"]),
        ("在全省位列三县第一", []),
        ("8日上午开市", []),
        ("一行走进蒋官屯街道调研", ["蒋官屯街道"]),
        ("朱彬来到市中心医院路口", []),
    ],
)
def test_no_verb_date_or_count_at_the_head_of_a_unit(text, names):
    assert [u.name for u in find_units(text)] == names


def test_abbreviations_resolve_to_the_articles_district():
    article = build_article(
        "东昌府区推进创城", "东昌府区召开会议。区创城办、区综合行政执法局参加。", 0, "2021-05-01"
    )
    assert [u.normalized for u in article.units] == ["东昌府区", "东昌府区创城办", "东昌府区综合行政执法局"]
    assert unit_ancestors("东昌府区创城办") == ["聊城市", "东昌府区", "东昌府区创城办"]


def test_meetings_speak_through_their_holder():
    held = "5月8日，市审计局召开党组会议。会议强调，要压实责任。会议要求，各科室、市直各部门要抓好整改。"
    found = find_statements(held, {}, body_unit=None, said=SAID, facts=DocumentFacts(city="聊城市"))
    assert {(s.speaker, s.unit) for s in found} == {("聊城市审计局", "聊城市审计局")}
    assert found[-1].addressees == ["各科室、市直各部门"]
    unplaced = find_statements(held, {}, body_unit=None, said=SAID)  # the text names no city
    assert {(s.speaker, s.unit) for s in unplaced} == {("市审计局", "市审计局")}
    chaired = "区委书记王强主持召开调度会。会议明确，年内完成30处整治。"
    (goal,) = find_statements(chaired, {"王强": "东昌府区委书记"}, said=SAID)
    assert (goal.type, goal.speaker, goal.unit) == ("commitment", "王强", "东昌府区")
    assert (goal.targets[0].text, goal.targets[0].due) == ("完成30处整治", "2021-12-31")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("王强书记强调，要抓好整改。", [("王强", "书记")]),
        ("在刘敏市长的带领下", [("刘敏", "市长")]),
        ("张主任表示，将立即整改。", [("张建国", "市卫健委主任")]),  # known from an earlier mention
        ("李主任表示", []),  # no known 李 with that title: not a name
        ("市委书记主持召开会议，区委书记到场", []),
        ("党组书记、局长李明要求", [("李明", "党组书记、局长")]),
        ("张建国再次强调", [("张建国", "市卫健委主任")]),
    ],
)
def test_officials_with_title_after_the_name_and_known_names(text, expected):
    found = find_officials(text, {"张建国": "市卫健委主任"})
    assert [(o.name, o.position) for o in found] == expected


def test_a_briefing_header_is_what_its_first_lines_say():
    from dataclasses import FrozenInstanceError

    from indexer.parse.briefing import BriefingHeader, parse_header
    from indexer.parse.lines import split_lines

    text = (
        "聊城市创建全国文明城市工作简报\n第27期\n聊城市创城指挥部办公室        2021年5月10日\n"
        "市交巡警支队全力护航学生出行\n为进一步做好学生出行安全工作，市交巡警支队开展专项行动。"
    )
    header, end = parse_header(split_lines(text))
    assert header == BriefingHeader(
        "聊城市创建全国文明城市工作简报", 27, "聊城市创城指挥部办公室", "2021-05-10"
    )
    assert end == 3  # the body starts with the first heading
    with pytest.raises(FrozenInstanceError):
        header.date = None


def test_a_news_header_takes_the_lead_date_in_the_year_the_text_speaks_of():
    from indexer.parse.lines import split_lines
    from indexer.parse.news import NewsHeader, _header, parse_news

    text = "文明养犬 从我做起\n——我市推进文明养犬工作\n本报记者 王 芳\n6月12日，我市召开文明养犬推进会。2020年，全市完成登记。"
    header, end = _header(split_lines(text), {})
    assert header == NewsHeader(
        "文明养犬从我做起", "——我市推进文明养犬工作", None, "本报记者 王 芳", None, False
    )
    assert end == 3
    report = parse_news(text, split_lines(text), {})
    assert (report.date, report.date_inferred, report.byline) == ("2020-06-12", True, "本报记者 王 芳")
    assert _header(split_lines(text), {"title": "网页标题", "date": "2020-06-13"})[0].headline == "网页标题"
