"""Acceptance: the parser on the three real documents, after the real clean_text."""

from __future__ import annotations

import pytest

from indexer.clean import clean_text
from indexer.parse import parse
from indexer.records import Document
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
FILES = {
    "000": "000_057921357f995ae2.txt",
    "002": "002_b5b07f49676836a0.txt",
    "003": "003_ee7b7c9e98106eac.txt",
}


def load(key: str) -> tuple[str, list[Document]]:
    path = CORPUS / FILES[key]
    if not path.exists():
        pytest.skip(f"corpus file missing: {path}")
    text = clean_text(path.read_text(encoding="utf-8"))
    return text, parse(text)


def only(key: str) -> tuple[str, Document]:
    text, docs = load(key)
    assert len(docs) == 1
    return text, docs[0]


def officials_of(doc: Document) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for article in doc.articles:
        for official in article.officials:
            found.setdefault(official.name, official.position)
    return found


def normalized_units(article) -> list[str]:
    return [u.normalized for u in article.units]


# --- 000: 第27期 ------------------------------------------------------------

TITLES_000 = [
    "孙爱军督导检查全国文明城市创建工作",
    "市创城第五网格工作组视察创城工作",
    "市创城第二十三网格工作组视察创城工作",
    "高新区动真碰硬促整改精益求精抓落实",
    "市交巡警支队向全市电动自行车驾驶人发出倡议书",
    "东昌府区郁光小学“家校警”三方共治优化学校周边秩序",
]


def test_000_header():
    _, doc = only("000")
    assert doc.kind == "briefing"
    assert doc.series == "聊城市创建全国文明城市工作简报"
    assert doc.issue_number == 27
    assert doc.date == "2021-05-10"
    assert doc.office == "聊城市创建全国文明城市工作办公室"
    assert doc.contents == TITLES_000
    assert doc.print_count == 260


def test_000_distribution():
    _, doc = only("000")
    assert doc.distribution["report_to"][0] == "市委常委"
    assert "聊城市创建全国文明城市指导委员会全体成员" in doc.distribution["report_to"]
    assert doc.distribution["send_to"] == [
        "聊城市创建全国文明城市工作办公室全体成员",
        "各县（市、区）委、市属开发区党工委",
        "市直各部门各单位党组（党委）",
    ]


def test_000_articles_titles_offsets_and_text():
    text, doc = only("000")
    assert [a.title for a in doc.articles] == TITLES_000
    for article in doc.articles:
        assert text.startswith(article.text, article.offset)
        assert "报：" not in article.text and "共印" not in article.text
    assert text[doc.articles[3].offset :].startswith("高新区")  # the unit line above the title
    assert "陈秀兴参加" in doc.articles[1].text
    assert doc.articles[4].text.count("一、") == 1  # numbered items stay inside the article


def test_000_dates():
    _, doc = only("000")
    assert [a.date for a in doc.articles] == [
        "2021-05-08",
        "2021-05-07",
        "2021-05-08",
        "2021-05-08",
        "2021-05-10",
        "2021-05-10",
    ]
    assert not any(a.date_inferred for a in doc.articles)


def test_000_units_in_titles():
    _, doc = only("000")
    articles = doc.articles
    assert "聊城市创城第五网格工作组" in normalized_units(articles[1])
    assert "聊城市创城第二十三网格工作组" in normalized_units(articles[2])
    assert normalized_units(articles[3])[0] == "聊城高新技术产业开发区"
    assert normalized_units(articles[4])[0] == "聊城市公安局交巡警支队"
    assert normalized_units(articles[5])[0] == "东昌府区郁光小学"
    assert {"古楼街道", "兴华社区", "文化社区"} <= set(normalized_units(articles[1]))
    written = {u.name for u in articles[5].units}
    assert "市交警支队" in written  # written differently, one normalized unit
    assert normalized_units(articles[5]).count("聊城市公安局交巡警支队") == 1


def test_000_officials():
    _, doc = only("000")
    assert officials_of(doc) == {
        "孙爱军": "市委书记",
        "荣红智": "市委常委、秘书长",
        "陈秀兴": "市委常委、常务副市长、市创城第五网格工作组组长",
        "刘延杰": "市中级人民法院党组书记、院长、市创城第二十三网格工作组组长",
        "刘培国": "高新区党工委书记、管委会主任",
    }
    assert [o.name for o in doc.articles[0].officials] == ["孙爱军", "荣红智"]


def test_000_grids():
    _, doc = only("000")
    assert doc.articles[1].grids == [5]
    assert doc.articles[2].grids == [23]
    assert doc.articles[0].grids == []


def test_000_directives():
    _, doc = only("000")
    first = doc.articles[0].statements
    assert first and all(s.type == "directive" and s.speaker == "孙爱军" for s in first)
    assert any("文明养犬" in s.text and s.text.startswith("他要求") for s in first)
    group = doc.articles[1].statements
    # A work group never speaks itself: the group the text names does.
    assert group[0].speaker == "聊城市创城第五网格工作组" and group[0].unit == "聊城市创城第五网格工作组"
    assert doc.articles[3].statements[0].speaker == "刘培国"
    assert doc.articles[3].statements[0].unit == "聊城高新技术产业开发区"


# --- 002: the pledge speeches ---------------------------------------------------

SPEAKERS_002 = {
    "荣红智": "东昌府区委书记",
    "赵金星": "聊城市卫计委党委委员、副主任",
    "李保忠": "聊城市城市管理局党组书记",
    "郭新华": "聊城市住建局党组书记、局长",
    "刘占军": "聊城市公安局交巡警支队支队长",
}
UNITS_002 = [
    "东昌府区",
    "聊城市卫生和计划生育委员会",
    "聊城市城市管理局",
    "聊城市住房和城乡建设局",
    "聊城市公安局交巡警支队",
]


def test_002_header():
    _, doc = only("002")
    assert doc.kind == "news"
    assert doc.headline == "创建全国文明城市、迎接国家卫生城市复审怎么做？"
    assert doc.subheadline == "聊城这些部门负责人这样表态"
    assert doc.byline.startswith("本报记者") and "杨淑君" in doc.byline
    assert doc.date == "2018-02-28" and doc.date_inferred


def test_002_sections():
    text, doc = only("002")
    titles = [a.title for a in doc.articles]
    assert titles == [
        "东昌府区委书记荣红智：网格化落实“创城”任务，六大区域规范提升",
        "聊城市卫计委党委委员、副主任赵金星：下大力气做好疾病防控，抓好公共场所卫生",
        "聊城市城市管理局党组书记李保忠：开展五项专项治理活动，彻底取缔露天烧烤",
        "聊城市住建局党组书记、局长郭新华：力争到2020年全面消除规划区内的棚户区",
        "聊城市公安局交巡警支队支队长刘占军：年内城区主干道通行效率提高15%以上",
    ]
    for article, unit in zip(doc.articles, UNITS_002):
        assert text.startswith(article.text, article.offset)
        assert article.date == "2018-02-28" and article.date_inferred
        assert normalized_units(article)[0] == unit


def test_002_officials_not_reporters():
    _, doc = only("002")
    assert officials_of(doc) == SPEAKERS_002
    assert "杨淑君" not in officials_of(doc)


def commitments(article):
    return [s for s in article.statements if s.type == "commitment"]


def test_002_every_speaker_commits():
    _, doc = only("002")
    for article, (name, _), unit in zip(doc.articles, SPEAKERS_002.items(), UNITS_002):
        found = commitments(article)
        assert found, name
        assert all(s.speaker == name and s.unit == unit for s in found)


def targets_of(article):
    return [t for s in commitments(article) for t in s.targets]


def test_002_quantitative_targets():
    _, doc = only("002")
    rong, zhao, li, guo, liu = doc.articles
    assert (61, "个网格") in [(t.number, t.measure) for t in targets_of(rong)]
    assert (662, "个小区") in [(t.number, t.measure) for t in targets_of(rong)]
    # 赵金星's section has no number: his commitment's target is the deadline 立即.
    assert any(t.deadline == "立即" for t in targets_of(zhao))
    assert (5, "个专项治理行动") in [(t.number, t.measure) for t in targets_of(li)]
    guo_targets = [(t.number, t.measure, t.deadline) for t in targets_of(guo)]
    assert (None, None, "2020年") in guo_targets  # 力争到2020年全面消除规划区内的棚户区
    assert (4.9, "万套", "2018年度") in guo_targets
    assert any(n == 104 and m.startswith("个老旧小区") for n, m, _ in guo_targets if n)
    assert (15, "%", "年内") in [(t.number, t.measure, t.deadline) for t in targets_of(liu)]


def test_002_commitments_have_speaker_unit_complete_target_and_resolved_deadline():
    """Every dated target of 002 (said on 2018-02-28) is a whole phrase with its own date."""
    _, doc = only("002")
    guo, liu = doc.articles[3:]
    pairs = {(t.text, t.deadline, t.due) for a in (guo, liu) for t in targets_of(a) if t.deadline}
    assert {
        ("全面消除规划区内的棚户区", "2020年", "2020-12-31"),
        ("积极推动完成2018年度新开工4.9万套、基本建成1.9万套棚户区改造任务", "2018年度", "2018-12-31"),
        ("基本完成整治改造", "2020年底", "2020-12-31"),
        (
            "切实完成今年的棚户区改造、老旧小区改造、物业管理水平提升、环保力度提升等方面的各项工作任务",
            "今年",
            "2018-12-31",
        ),
        ("城区主干道通行效率提高15%以上", "年内", "2018-12-31"),
        ("具体抓好四个优化", "2018年", "2018-12-31"),
    } <= pairs
    for article, (name, _), unit in zip(doc.articles, SPEAKERS_002.items(), UNITS_002):
        for statement in commitments(article):
            assert (statement.speaker, statement.unit) == (name, unit)
            for target in statement.targets:
                assert target.text and target.text in statement.text.replace("《", "").replace("》", "")
                assert (target.due is None) == (target.deadline in (None, "立即"))
    numbered = {(t.number, t.text) for t in targets_of(liu)}
    assert (100, "主城区100处信号灯全部自动配时") in numbered  # not cut ("标准化改")


# --- 003: 第6期 ------------------------------------------------------------------

TITLES_003 = [
    "王建鹏到第九网格督导创城工作",
    "市中级人民法院部署创城及文明创建工作",
    "市审计局召开会议安排部署创城工作",
    "市工业行业服务中心召开创建全国文明城市工作动员会",
    "古楼街道规范城市物业企业管理",
]


def test_003_header_and_titles():
    text, doc = only("003")
    assert doc.kind == "briefing"
    assert doc.issue_number == 6
    assert doc.date == "2021-03-07"
    assert doc.office == "聊城市创建全国文明城市工作办公室"
    assert [a.title for a in doc.articles] == TITLES_003
    assert text[doc.articles[4].offset :].startswith("古楼街道规范城市物业管理")  # body wording differs
    assert doc.print_count == 260


def test_003_units_dates_officials_grids():
    _, doc = only("003")
    assert [normalized_units(a)[0] for a in doc.articles[1:]] == [
        "聊城市中级人民法院",
        "聊城市审计局",
        "聊城市工业行业服务中心",
        "古楼街道",
    ]
    assert [a.date for a in doc.articles] == ["2021-03-05"] + ["2021-03-03"] * 4
    assert officials_of(doc) == {"王建鹏": "市人大常委会副主任"}
    assert doc.articles[0].grids == [9]
    court = doc.articles[1].statements[0]
    # 会议强调: the meeting's words are its holder's, the court that held it.
    assert (court.type, court.speaker, court.unit) == (
        "directive",
        "聊城市中级人民法院",
        "聊城市中级人民法院",
    )
    speakers = {s.speaker for a in doc.articles for s in a.statements}
    assert not speakers & {"会议", "工作组", "会上", None}
    assert court.addressees == ["全院干警"]  # whom the directive addresses


def test_raw_uncleaned_text_gives_the_same_titles():
    for key, titles in (("000", TITLES_000), ("003", TITLES_003)):
        path = CORPUS / FILES[key]
        raw = path.read_text(encoding="utf-8")
        docs = parse(raw)
        assert [a.title for a in docs[0].articles] == titles
        for article in docs[0].articles:
            assert raw.startswith(article.text, article.offset)
