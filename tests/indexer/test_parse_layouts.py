"""Layouts not in the corpus: made-up texts in other common government formats."""

from __future__ import annotations

import pytest

from indexer.parse import parse

COUNTY_BRIEFING = """工作动态
第3期（总第45期）
兰陵县人民政府办公室编 2019年12月3日
本期要目
一、兰陵县召开冬季安全生产工作会议
二、古城镇扎实推进农村人居环境整治
三、县教体局开展校园安全大排查
兰陵县召开冬季安全生产工作会议
12月1日，县委常委、常务副县长张明主持召开全县冬季安全生产工作会议。张明强调，要压实各方责任，确保不发生重大安全事故。
古城镇扎实推进农村人居环境整治
11月28日，古城镇组织开展村庄清洁行动。镇党委书记李红表示，将在年底前完成30个村的改厕任务。
县教体局开展校园安全大排查
近日，县教体局组织开展校园安全大排查，共排查学校56所，整改隐患23处。
报送：县委、县人大、县政府、县政协主要负责同志
发送：各乡镇（街道），县直各部门
共印80份"""

NEWS_PAGE = """大众日报 2020年6月12日
济南市启动夜间经济提升行动
记者 张三 通讯员 李四
6月11日，济南市商务局召开新闻发布会，介绍夜间经济提升行动有关情况。
济南市商务局局长王伟表示，到2021年底全市将建成20条夜间经济特色街区。"""

TWO_ISSUES = """防汛工作简报
第1期
（2020年6月）
河东区部署防汛准备工作
6月5日，河东区召开防汛工作会议，区长赵刚要求各街道立即排查险情，确保安全度汛。
防汛工作简报
第2期
（2020年6月）
滨河街道开展防汛演练
6月18日，滨河街道组织开展防汛应急演练，参演人员120人。"""

NUMBERED_WITH_PAGES = """内部资料 注意保存
扶贫工作简报
2019年第3期
县扶贫开发领导小组办公室        2019年12月3日
目  录
1. 大王镇召开脱贫攻坚推进会……1
2. 县民政局开展低保专项清理……2
一、大王镇召开脱贫攻坚推进会
12月2日，大王镇召开脱贫攻坚推进会，镇党委书记刘强表示，确保年底前全部贫困户稳定脱贫。
二、县民政局开展低保专项清理
近日，县民政局对全县低保对象开展专项清理，共清理不符合条件对象126户。
"""

NO_CONTENTS = """# 创城工作简报
第 12 期
市创城办 2022 年 1 月 20 日

柳园街道开展背街小巷环境整治

1月18日，柳园街道组织开展背街小巷环境集中整治行动，清理卫生死角46处。

一、提高站位

街道党工委书记周丽要求，要把整治工作摆在突出位置。

湖西街道推进垃圾分类进社区

1月19日，湖西街道在辖区内开展垃圾分类宣传活动，发放宣传资料3000余份。
"""

PLAIN = "关于开展文明城市创建的几点思考\n城市文明程度是城市软实力的重要体现，需要长期坚持、久久为功。"


def test_county_briefing_with_total_number_and_numbered_contents():
    (doc,) = parse(COUNTY_BRIEFING)
    assert doc.kind == "briefing"
    assert (doc.series, doc.issue_number, doc.date) == ("工作动态", 3, "2019-12-03")
    assert doc.office == "兰陵县人民政府办公室"
    titles = [
        "兰陵县召开冬季安全生产工作会议",
        "古城镇扎实推进农村人居环境整治",
        "县教体局开展校园安全大排查",
    ]
    assert doc.contents == titles
    assert [a.title for a in doc.articles] == titles
    assert [a.date for a in doc.articles] == ["2019-12-01", "2019-11-28", "2019-12-03"]
    assert [a.units[0].name for a in doc.articles] == ["兰陵县", "古城镇", "县教体局"]
    assert doc.distribution == {
        "report_to": ["县委、县人大、县政府、县政协主要负责同志"],
        "send_to": ["各乡镇（街道）", "县直各部门"],
    }
    assert doc.print_count == 80
    pledge = doc.articles[1].statements[0]
    assert (pledge.type, pledge.speaker) == ("commitment", "李红")
    target = pledge.targets[0]
    assert (target.number, target.measure, target.deadline, target.due) == (
        30,
        "个村",
        "年底前",
        "2019-12-31",
    )
    assert doc.articles[0].officials[0].position == "县委常委、常务副县长"


def test_news_page_with_reporter_and_correspondent():
    (doc,) = parse(NEWS_PAGE)
    assert doc.kind == "news"
    assert doc.paper == "大众日报"
    assert doc.date == "2020-06-12" and not doc.date_inferred
    assert doc.byline == "记者 张三 通讯员 李四"
    assert doc.headline == "济南市启动夜间经济提升行动"
    (article,) = doc.articles
    assert article.title == "济南市启动夜间经济提升行动"
    assert NEWS_PAGE.startswith("济南市启动", article.offset)
    assert {"济南市", "济南市商务局"} <= {u.normalized for u in article.units}  # not 聊城's 市商务局
    assert [o.name for o in article.officials] == ["王伟"]  # reporters are no officials
    target = article.statements[0].targets[0]
    assert (target.number, target.deadline, target.due) == (20, "2021年底", "2021-12-31")


def test_two_issues_in_one_file_with_month_only_dates():
    docs = parse(TWO_ISSUES)
    assert [(d.issue_number, d.date) for d in docs] == [(1, "2020-06"), (2, "2020-06")]
    assert [d.articles[0].title for d in docs] == ["河东区部署防汛准备工作", "滨河街道开展防汛演练"]
    assert [d.articles[0].date for d in docs] == ["2020-06-05", "2020-06-18"]
    assert docs[1].articles[0].offset == TWO_ISSUES.index("滨河街道开展")


def test_numbered_contents_with_page_numbers_and_classification_line():
    (doc,) = parse(NUMBERED_WITH_PAGES)
    assert (doc.series, doc.issue_number, doc.date) == ("扶贫工作简报", 3, "2019-12-03")
    assert doc.office == "县扶贫开发领导小组办公室"
    assert doc.contents == ["大王镇召开脱贫攻坚推进会", "县民政局开展低保专项清理"]
    assert [a.title for a in doc.articles] == doc.contents


def test_headings_without_contents_skip_numbered_subheadings():
    (doc,) = parse(NO_CONTENTS)
    assert doc.issue_number == 12 and doc.date == "2022-01-20"
    assert doc.series == "创城工作简报"
    assert [a.title for a in doc.articles] == ["柳园街道开展背街小巷环境整治", "湖西街道推进垃圾分类进社区"]
    assert "一、提高站位" in doc.articles[0].text
    assert doc.articles[0].units[0].normalized == "柳园街道"
    assert doc.articles[0].units[0].normalized in ("柳园街道",)


def test_other_text_is_kept_as_one_article():
    (doc,) = parse(PLAIN)
    assert doc.kind == "other"
    assert doc.date is None  # no evidence, no date
    assert doc.articles[0].title == "关于开展文明城市创建的几点思考"
    assert doc.articles[0].text == PLAIN


def test_meta_from_html_page_fills_title_date_byline():
    text = "8月3日，市住建局召开会议，部署老旧小区改造工作。\n会议要求，年内完成50个老旧小区改造。"
    (doc,) = parse(text, {"title": "市住建局部署老旧小区改造", "date": "2021-08-04", "byline": "记者 王五"})
    assert doc.kind == "news" and doc.byline == "记者 王五" and doc.date == "2021-08-04"
    assert doc.articles[0].title == "市住建局部署老旧小区改造"
    assert doc.articles[0].date == "2021-08-03"
    assert doc.articles[0].units[0].normalized == "市住建局"  # the page names no city: as written


def test_empty_text():
    assert parse("") == []
    assert parse("  \n\n \t") == []


NEWS_WITH_TOPICS = """2020年06月12日 08:30 来源：大众网
我市推进老旧小区改造
本报讯（记者 张三 通讯员 李四）6月11日，市住建局召开老旧小区改造推进会，会议要求，年内完成50个老旧小区改造任务，确保群众满意。
加快施工进度
市住建局局长王强表示，将加快施工进度，力争9月底前完成主体工程，确保按期交付使用，让群众早日受益。
强化质量监管
会议要求，各施工单位要严格落实质量责任，开展质量巡查20次以上，确保工程质量安全可靠，经得起检验。
"""


def test_news_with_dateline_lead_byline_and_topic_sections():
    (doc,) = parse(NEWS_WITH_TOPICS)
    assert doc.kind == "news" and doc.date == "2020-06-12"
    assert doc.byline == "记者 张三 通讯员 李四"
    assert doc.headline == "我市推进老旧小区改造"
    assert [a.title for a in doc.articles] == ["我市推进老旧小区改造", "加快施工进度", "强化质量监管"]
    assert doc.articles[0].date == "2020-06-11"
    assert doc.articles[0].units[0].normalized == "市住建局"  # 我市 names no city: as written
    pledge = doc.articles[1].statements[0]
    assert (pledge.type, pledge.speaker, pledge.targets[0].deadline) == ("commitment", "王强", "9月底前")
    assert pledge.targets[0].due == "2020-09-30"


CONTENTS_DIFFERENT_FROM_BODY = """市场监管简报
第8期
市市场监管局办公室 2021年9月2日
- 市市场监管局开展中秋月饼专项检查
- 东城街道推进食品安全示范街创建
市市场监管局
中秋节前开展月饼质量专项抽检
8月30日，市市场监管局组织开展中秋月饼质量专项抽检，共抽检月饼样品35批次。
东城街道食品安全示范街
创建工作全面推进
9月1日，东城街道召开食品安全示范街创建推进会。
"""


def test_contents_titles_found_loosely_and_over_two_lines():
    (doc,) = parse(CONTENTS_DIFFERENT_FROM_BODY)
    assert [a.title for a in doc.articles] == doc.contents
    assert CONTENTS_DIFFERENT_FROM_BODY[doc.articles[0].offset :].startswith("市市场监管局\n")
    assert [a.units[0].normalized for a in doc.articles] == ["市市场监管局", "东城街道"]  # no city named
    assert [a.date for a in doc.articles] == ["2021-08-30", "2021-09-01"]


PLEDGES_WITHOUT_TOPICS = """聊城这些部门负责人这样表态
记者 杨淑君
2月28日，全市动员大会召开，各部门负责人作了表态发言。2018年是关键一年。
■东昌府区委书记 荣红智
在会上的表态发言中，荣红智表示，要坚定信心，将城区划分为61个网格，狠抓创建工作落实。
■聊城市住建局局长 郭新华
郭新华表示，力争到2020年全面消除规划区内的棚户区，确保完成2018年度各项任务。
"""


def test_speaker_sections_marked_by_position_and_name_only():
    (doc,) = parse(PLEDGES_WITHOUT_TOPICS)
    assert doc.kind == "news" and doc.date == "2018-02-28" and doc.date_inferred
    assert [a.title for a in doc.articles] == ["东昌府区委书记荣红智", "聊城市住建局局长郭新华"]
    assert [(o.name, o.position) for a in doc.articles for o in a.officials] == [
        ("荣红智", "东昌府区委书记"),
        ("郭新华", "聊城市住建局局长"),
    ]
    first, second = (a.statements for a in doc.articles)
    assert first[0].speaker == "荣红智" and first[0].targets[0].number == 61
    assert second[0].unit == "聊城市住房和城乡建设局" and second[0].targets[0].due == "2020-12-31"


def test_issue_line_with_office_and_date_on_it():
    text = (
        "工作简报\n第6期 聊城市创城办 2021年3月7日\n古楼街道规范城市物业管理\n"
        "3月3日，古楼街道召开创建全国文明城市物业企业专题会议，部署相关工作，要求各单位落实责任。"
    )
    (doc,) = parse(text)
    assert (doc.series, doc.issue_number, doc.office, doc.date) == (
        "工作简报",
        6,
        "聊城市创城办",
        "2021-03-07",
    )
    assert [a.title for a in doc.articles] == ["古楼街道规范城市物业管理"]


def test_a_numbered_event_in_a_news_body_is_no_issue_header():
    text = (
        "我市开展培训\n记者 王五\n3月3日，全市开展培训。\n开展第3期培训班\n"
        "共有100人参加了本次培训班，培训内容丰富，效果良好，学员普遍反映收获很大。"
    )
    (doc,) = parse(text)
    assert doc.kind == "news" and doc.issue_number is None
    assert doc.date is None  # 3月3日 and no year anywhere: no date is invented


def test_numbered_article_headings_when_there_are_no_others():
    text = """信访工作简报
第5期
县信访局 2020年4月1日
一、县信访局开展领导干部接访活动
3月30日，县信访局组织开展领导干部公开接访活动，共接待群众来访12批次。
二、李集镇化解信访积案取得实效
3月31日，李集镇召开信访积案化解推进会，当场化解积案3件。
"""
    (doc,) = parse(text)
    assert (doc.series, doc.issue_number, doc.office, doc.date) == (
        "信访工作简报",
        5,
        "县信访局",
        "2020-04-01",
    )
    assert [a.title for a in doc.articles] == ["县信访局开展领导干部接访活动", "李集镇化解信访积案取得实效"]
    assert [a.units[0].normalized for a in doc.articles] == ["县信访局", "李集镇"]
    assert [a.date for a in doc.articles] == ["2020-03-30", "2020-03-31"]


SHORT_ISSUE = """城乡环境整治简报
第5期
莘县城乡环境整治工作指挥部
2021年6月3日
- 县城市管理局开展城区夜市集中整治行动
- 燕塔街道清理楼道堆物
- 莘州街道开展文明交通劝导
县城市管理局开展城区夜市集中整治行动
6月1日晚，县城市管理局组织执法人员对城区夜市进行集中整治。
燕塔街道清理楼道堆物
燕塔街道组织志愿者清理楼道堆物20余处。
莘州街道开展文明交通劝导
莘州街道组织党员在路口开展文明交通劝导。
"""


def test_short_issue_with_an_office_line_splits_into_its_articles():
    (doc,) = parse(SHORT_ISSUE)
    assert (doc.issue_number, doc.date, doc.office) == (5, "2021-06-03", "莘县城乡环境整治工作指挥部")
    assert doc.contents == [
        "县城市管理局开展城区夜市集中整治行动",
        "燕塔街道清理楼道堆物",
        "莘州街道开展文明交通劝导",
    ]
    assert [a.title for a in doc.articles] == doc.contents
    assert [a.date for a in doc.articles] == ["2021-06-01", "2021-06-03", "2021-06-03"]


def test_short_issue_variants_keep_every_article():
    for office in ("莘县城乡环境整治办\n", "", "莘县住房和城乡建设局\n"):
        text = SHORT_ISSUE.replace("莘县城乡环境整治工作指挥部\n", office)
        (doc,) = parse(text)
        assert [a.title for a in doc.articles] == doc.contents and len(doc.contents) == 3, office
        assert doc.office == (office.strip() or None)
    two = SHORT_ISSUE.replace("- 莘州街道开展文明交通劝导\n", "").split("莘州街道开展文明交通劝导\n")[0]
    (doc,) = parse(two)
    assert [a.title for a in doc.articles] == ["县城市管理局开展城区夜市集中整治行动", "燕塔街道清理楼道堆物"]


GLUED_TITLES = """工作简报
第9期
县创城办 2022年4月6日
- 实验小学学校门前设立“护学岗”护航学生出行
- 燕塔街道集中清理楼道堆物
实验小学学校门前设立“护学岗”护航学生出行为进一步做好文明交通工作，实验小学组织家长志愿者上岗。
燕塔街道
集中清理楼道堆物为进一步改善居住环境，燕塔街道组织志愿者清理楼道堆物。
"""


def test_titles_glued_to_their_first_paragraph_are_found():
    (doc,) = parse(GLUED_TITLES)
    assert [a.title for a in doc.articles] == doc.contents
    assert GLUED_TITLES[doc.articles[1].offset :].startswith("燕塔街道\n")


PLEDGES_WITH_FILE_DATE = """各部门负责人在会上表决心
本报记者 张三
在9月9日召开的全县创城推进会上，各单位主要负责人先后发言。这是2021年全县规模最大的一次创城会议。
县住建局局长王强：补齐短板，提升小区品质县住建局局长王强在发言中说，本单位将全力攻坚。
具体来说，就是年内完成20个小区改造。
县民政局局长李红：清理小广告
县民政局局长李红在发言中说，就是年内清理小广告2万余处。
"""


def test_news_sections_take_the_meeting_date_and_distrust_a_file_date():
    (doc,) = parse(PLEDGES_WITH_FILE_DATE, {"date": "2025-01-01", "byline": "Office User"})
    assert doc.headline == "各部门负责人在会上表决心"
    assert [a.title for a in doc.articles] == [
        "县住建局局长王强：补齐短板，提升小区品质",
        "县民政局局长李红：清理小广告",
    ]
    assert [a.date for a in doc.articles] == ["2021-09-09", "2021-09-09"]
    assert [o.name for o in doc.articles[0].officials] == ["王强"]
    (doc,) = parse(PLEDGES_WITH_FILE_DATE, {"date": "2021-09-10"})
    assert doc.date == "2021-09-10" and doc.articles[0].date == "2021-09-09"  # published next day


GLUED_CONTENTS = """环境整治简报
第2期
县整治办 2022年5月6日
- 县住建局召开会议部署城中村改造
- 燕塔街道集中整治助力创城县住建局
召开会议部署城中村改造
5月3日，县住建局召开会议，部署城中村改造工作。
燕塔街道集中整治助力创城
5月4日，燕塔街道组织开展集中整治。
"""


def test_contents_line_glued_to_the_first_heading_is_cut_apart():
    (doc,) = parse(GLUED_CONTENTS)
    assert doc.contents == ["县住建局召开会议部署城中村改造", "燕塔街道集中整治助力创城"]
    assert [a.title for a in doc.articles] == doc.contents
    assert [a.date for a in doc.articles] == ["2022-05-03", "2022-05-04"]
    whole = GLUED_CONTENTS.replace("县住建局\n召开会议部署城中村改造\n", "县住建局召开会议部署城中村改造\n")
    (doc,) = parse(whole)
    assert [a.title for a in doc.articles] == ["县住建局召开会议部署城中村改造", "燕塔街道集中整治助力创城"]


def test_contents_entry_that_lost_its_bullet_stays_an_entry():
    text = SHORT_ISSUE.replace("- 燕塔街道清理楼道堆物", "燕塔街道清理楼道堆物")
    (doc,) = parse(text)
    assert doc.contents == [
        "县城市管理局开展城区夜市集中整治行动",
        "燕塔街道清理楼道堆物",
        "莘州街道开展文明交通劝导",
    ]
    assert [a.title for a in doc.articles] == doc.contents
    first = SHORT_ISSUE.replace("- 县城市管理局", "县城市管理局")
    (doc,) = parse(first)
    assert [a.title for a in doc.articles] == doc.contents and len(doc.contents) == 3
    wrapped = SHORT_ISSUE.replace("- 燕塔街道清理楼道堆物", "- 燕塔街道清理\n楼道堆物")
    (doc,) = parse(wrapped)
    assert doc.contents[1] == "燕塔街道清理楼道堆物"


def test_title_ending_in_an_office_word_under_the_date_is_an_entry():
    text = SHORT_ISSUE.replace("2021年6月3日\n", "2021年6月3日\n县里成立城乡环境整治领导小组\n", 1).replace(
        "县城市管理局开展城区夜市集中整治行动\n6月1日",
        "县里成立城乡环境整治领导小组\n6月1日，县里成立城乡环境整治领导小组。\n县城市管理局开展城区夜市集中整治行动\n6月1日",
    )
    (doc,) = parse(text)
    assert doc.office == "莘县城乡环境整治工作指挥部"
    assert doc.contents[0] == "县里成立城乡环境整治领导小组" and len(doc.contents) == 4
    assert [a.title for a in doc.articles] == doc.contents


WRAPPED_HEAD = "聊城市创建全国文明城市\n工作简报\n第 31 期\n聊城市创建全国文明城市工作办公室 2021年6月15日\n"
WRAPPED_BODY = (
    "市城市管理局开展城区夜市集中整治行动\n6月12日，市城市管理局组织执法人员对城区夜市开展集中整治。\n"
    "东昌府区召开背街小巷整治工作推进会暨创城\n攻坚动员会\n6月13日，东昌府区召开背街小巷整治工作推进会。\n"
)
WRAPPED_TITLES = [
    "市城市管理局开展城区夜市集中整治行动",
    "东昌府区召开背街小巷整治工作推进会暨创城攻坚动员会",
]


@pytest.mark.parametrize(
    "contents",
    [
        "- 市城市管理局开展城区夜市集中整治行动\n- 东昌府区召开背街小巷整治工作推进会暨创城\n攻坚动员会\n",
        "市城市管理局开展城区夜市集中整治行动\n东昌府区召开背街小巷整治工作推进会暨创城\n攻坚动员会\n",
    ],
)
def test_contents_entry_over_two_lines_is_one_title(contents):
    for body in (WRAPPED_BODY, WRAPPED_BODY.replace("暨创城\n攻坚", "暨创城攻坚")):
        (doc,) = parse(WRAPPED_HEAD + contents + body)
        assert doc.contents == WRAPPED_TITLES
        assert [a.title for a in doc.articles] == WRAPPED_TITLES


def test_a_letter_is_dated_by_its_signature_not_by_a_date_it_cites():
    letter = (
        "关于商请协助做好某项工作的函\n某某局：\n"
        "根据2013年5月16日印发的《某某管理办法》，现将有关事项函告如下，请予支持。\n"
        "某某市人民政府办公室\n2016年5月25日"
    )
    (doc,) = parse(letter)
    assert doc.date == "2016-05-25" and doc.articles[0].date == "2016-05-25"
    under_title = (
        "某某县2022年统计公报\n（2023年4月12日）\n全年地区生产总值比2021年增长5.3%，2020年以来首次回升。"
    )
    assert parse(under_title)[0].date == "2023-04-12"
    cited_only = "会议纪要\n会议传达了2013年5月16日文件精神，要求各单位抓好落实。"
    assert parse(cited_only)[0].date == "2013-05-16"  # no dating line: the first date still dates it


def test_a_scanned_notice_is_titled_by_its_title_not_its_issuer_header():
    scan = (
        "某某市统计局文件\n某统发〔2016〕5号\n某某市统计局关于开展2016年统计执法检查的通知\n"
        "各县区统计局：\n为规范统计工作，决定开展统计执法检查，请认真组织实施。\n某某市统计局\n2016年5月25日"
    )
    (doc,) = parse(scan)
    assert doc.articles[0].title == "某某市统计局关于开展2016年统计执法检查的通知"
    assert doc.date == "2016-05-25"
