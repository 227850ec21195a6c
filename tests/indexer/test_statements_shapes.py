"""The ledger's statements on the shapes real documents have: one statement per clause that
carries one, its sentence kept beside it, and the speaker each shape gives."""

from __future__ import annotations

from datetime import date

from indexer.parse import parse
from indexer.parse.issuer import issued
from indexer.parse.statements import DocumentFacts, find_statements

SAID = date(2023, 3, 10)


def statements_of(text: str):
    return [s for doc in parse(text) for a in doc.articles for s in a.statements]


NOTICE = """河西县人民政府办公室关于做好
城区积水点整治工作的通知
河政办发〔2023〕9号
各乡镇人民政府，县政府各部门：
入汛以来，城区多处路段出现积水，群众反映强烈。为保障汛期安全，现就有关事项通知如下：
一、总体要求
以保障群众出行安全为目标，统筹推进城区排水设施改造。
二、重点任务
1.全面排查。各乡镇要对辖区内积水点逐一登记，建立问题清单。该项工作于4月15日前完成。
2.分类整改。对于已经列入改造计划的，原则上于5月底前完工；对于需要新建管网的，原则上于9月底前完成设计，12月底前完成施工。
3.加强值守。县住建局要安排专人值守，畅通群众反映渠道。县应急局将会同县气象局发布预警信息。
请各单位认真贯彻执行。
河西县人民政府办公室
2023年3月10日
"""


def test_a_notice_speaks_through_its_issuing_office_clause_by_clause():
    found = statements_of(NOTICE)
    by_text = {s.text: s for s in found}
    assert {s.speaker for s in found if s.type == "directive"} == {"河西县人民政府办公室"}
    assert not [s for s in found if "群众反映强烈" in s.sentence or "通知如下" in s.sentence]
    assert not [s for s in found if s.text.startswith(("以保障", "1.全面排查", "一、"))]
    survey = next(s for s in found if s.text.startswith("各乡镇要"))
    assert survey.addressees == ["各乡镇"]
    after = by_text["该项工作于4月15日前完成。"]
    assert after.addressees == ["各乡镇"]  # the sentence before in the paragraph names them
    assert [t.due for t in after.targets] == ["2023-04-15"]
    dues = [t.due for s in found if s.sentence.startswith("对于已经") for t in s.targets]
    assert dues == ["2023-05-31", "2023-09-30", "2023-12-31"]  # three clauses, three deadlines
    pledge = next(s for s in found if s.type == "commitment")
    assert (pledge.speaker, pledge.text) == ("县应急局", "县应急局将会同县气象局发布预警信息。")
    closing = next(s for s in found if s.text == "请各单位认真贯彻执行。")
    assert closing.addressees == ["各单位"]


def test_a_notice_without_named_addressees_falls_back_to_its_recipient_line():
    text = NOTICE.replace("县住建局要安排专人值守", "安排专人值守")
    duty = next(s for s in statements_of(text) if s.text.startswith("安排专人值守"))
    assert duty.addressees == ["各乡镇人民政府", "县政府各部门"]


def test_issuer_from_signature_title_field_and_number():
    assert issued(NOTICE).office == "河西县人民政府办公室"
    assert issued(NOTICE).date == "2023-03-10"
    titled = "河西县人民政府关于调整工作机制的通知\n河政发〔2022〕4号\n各部门：\n一、按月调度。\n"
    assert (issued(titled).office, issued(titled).date, issued(titled).year) == ("河西县人民政府", None, 2022)
    fields = "[ 发布机构 ] | 河西县人民政府办公室 | [ 成文日期 ] | 2021-07-02 |\n正文。\n"
    assert (issued(fields).office, issued(fields).date) == ("河西县人民政府办公室", "2021-07-02")
    assert issued("5月8日，市委书记王强在城区检查。他强调，要抓好整改。") == issued("")
    header = "河西县创城工作简报\n第 3 期\n河西县创城办公室\n2023年7月1日\n6月28日，县城管局召开会议。\n"
    assert issued(header) == issued("")  # a briefing's header office and date sign nothing


def test_a_year_from_the_document_number_dates_relative_deadlines():
    text = (
        "河西县人民政府关于调整工作机制的通知\n河政发〔2022〕4号\n各部门：\n一、各部门要于6月底前报送方案。\n"
    )
    (order,) = statements_of(text)
    assert [t.due for t in order.targets] == ["2022-06-30"]


def test_a_leaders_numbered_points_after_a_colon():
    text = (
        "3月9日，县委书记周明远主持召开专题会议。\n"
        "周明远要求：一是压实责任。各部门要明确专人负责，建立工作台账。二是强化督查。"
        "县督查室要每周通报进展；三是深刻认识安全工作的极端重要性。安全工作是发展的前提。\n"
        "（一）各乡镇要加快进度。\n"
        "（二）县财政局要保障资金。\n"
        "县委常委、办公室主任陈立参加会议。\n"
    )
    found = find_statements(text, {"周明远": "县委书记", "陈立": "县委常委、办公室主任"}, said=SAID)
    assert {s.speaker for s in found} == {"周明远"}
    assert [s.text for s in found] == [
        "各部门要明确专人负责，建立工作台账。",
        "县督查室要每周通报进展；",
        "三是深刻认识安全工作的极端重要性。",  # its point says nothing else: the heading is the order
        "（一）各乡镇要加快进度。",
        "（二）县财政局要保障资金。",
    ]
    assert found[0].addressees == ["各部门"]


def test_first_person_pledges_belong_to_whoever_pledges():
    quoted = find_statements("区长李秋华表示：“我们将在年底前完成全部改造。”", {"李秋华": "区长"}, said=SAID)
    assert [(s.type, s.speaker) for s in quoted] == [("commitment", "李秋华")]
    assert [t.due for s in quoted for t in s.targets] == ["2023-12-31"]
    report = find_statements("今年，我们要把项目建设放在首位，全力以赴抓落实。", {}, said=SAID)
    assert [(s.type, s.speaker) for s in report] == [("commitment", "我们")]
    unit = find_statements("本单位将在两个月内完成整改。", {}, body_unit="河西县审计局", said=SAID)
    assert [(s.type, s.speaker, s.unit) for s in unit] == [("commitment", "河西县审计局", "河西县审计局")]
    assert [t.due for s in unit for t in s.targets] == ["2023-05-10"]
    crowd = find_statements("与会干部纷纷表示要以更实的作风抓好落实。", {}, said=SAID)
    assert [(s.type, s.speaker) for s in crowd] == [("commitment", "与会干部")]


def test_a_meeting_speaks_through_whoever_held_it():
    text = (
        "3月8日，河西县人民政府召开常务会议。\n"
        "会议指出，营商环境是发展的生命线，是区域竞争的重要砝码。\n"
        "会议要求，各部门要简化审批流程，压缩办理时限。\n"
    )
    found = find_statements(text, {}, said=SAID)
    assert [(s.type, s.speaker, s.text) for s in found] == [
        ("directive", "河西县人民政府", "会议要求，各部门要简化审批流程，压缩办理时限。")
    ]
    chaired = find_statements(
        "县长吴海平主持召开县长办公会议。会议强调，要抓好秋冬季防火。", {"吴海平": "县长"}, said=SAID
    )
    assert [(s.speaker, s.text) for s in chaired] == [("吴海平", "会议强调，要抓好秋冬季防火。")]


def test_clauses_with_their_own_matter_deadline_or_kind_are_statements_of_their_own():
    text = (
        "王立新强调，在道路改造方面，施工单位要文明施工；在校园安全方面，要加强门卫管理。\n"
        "王立新要求，各街道3月底前完成摸排、6月底前完成整改，今后，我市将对整改不力的单位通报批评。"
    )
    found = find_statements(text, {"王立新": "市长"}, said=SAID)
    assert [(s.type, s.text) for s in found] == [
        ("directive", "王立新强调，在道路改造方面，施工单位要文明施工；"),
        ("directive", "在校园安全方面，要加强门卫管理。"),
        ("directive", "王立新要求，各街道3月底前完成摸排、"),
        ("directive", "6月底前完成整改，今后，"),
        ("commitment", "我市将对整改不力的单位通报批评。"),
    ]
    assert (
        found[1].sentence
        == "王立新强调，在道路改造方面，施工单位要文明施工；在校园安全方面，要加强门卫管理。"
    )
    assert [t.due for s in found[2:4] for t in s.targets] == ["2023-03-31", "2023-06-30"]


def test_tasks_quoted_in_a_follow_up_report_are_the_meetings_orders():
    text = (
        "2023年第二次县政府常务会议确定事项落实情况的通报\n"
        "经督查，部分事项进展缓慢，如县交通局负责的“加快农村公路建设，9月底前全部完工。”"
        "截至目前，已完工5条。\n"
    )
    (task,) = statements_of(text)
    assert (task.speaker, task.addressees, task.text) == (
        "县政府",
        ["县交通局"],
        "加快农村公路建设，9月底前全部完工。",
    )


def test_the_unit_of_a_statement_is_never_a_city_the_text_does_not_name():
    text = (
        "6月2日，市公安局召开全局大会。\n"
        "会议要求，市交巡警支队要加强夜查。\n"
        "市委书记赵启明强调，要守住安全底线。\n"
    )
    found = statements_of(text)
    assert found and not [s for s in found if "聊城" in (s.unit or "") + (s.speaker or "")]
    named = statements_of("5月3日，东昌府区召开创城推进会。市委书记赵启明强调，要守住安全底线。\n")
    assert [(s.speaker, s.unit) for s in named] == [("赵启明", "聊城市")]  # 东昌府区 is a district of 聊城市
    facts = DocumentFacts(city="聊城市")
    (placed,) = find_statements("市公安局召开会议。会议要求，要加强夜查。", {}, said=SAID, facts=facts)
    assert placed.speaker == "聊城市公安局"


LETTER = """河西省人民政府办公厅关于东平市所提事项办理情况的函
河政办函〔2023〕15号
东平市人民政府：
你市来函收悉。经研究，现将有关情况函复如下：
一、关于城区供水问题。你市请求，省里支持新建第二水厂。
省发展改革委研究提出了办理意见：该项目已列入省级规划，该委将在项目审批时予以优先考虑。省水利厅也表示将积极配合做好水源论证。
二、关于道路改造问题。你市请求：一是加快国道改线；二是将城区路网纳入补助范围。
省交通运输厅研究提出了办理意见：国道改线已完成初步设计，省交通运输厅将于年底前下达补助资金，省财政厅将按程序拨付。
请你市有关部门做好项目前期工作。
河西省人民政府办公厅
2023年7月20日
"""


def test_a_letter_records_each_units_pledge_and_not_the_request_it_answers():
    found = statements_of(LETTER)
    assert not [s for s in found if "你市请求" in s.sentence or s.text.startswith(("一是", "二是"))]
    pledges = [(s.speaker, s.text) for s in found if s.type == "commitment"]
    assert pledges == [
        ("省发展改革委", "该委将在项目审批时予以优先考虑。"),
        ("省水利厅", "省水利厅也表示将积极配合做好水源论证。"),
        ("省交通运输厅", "省交通运输厅将于年底前下达补助资金，"),
        ("省财政厅", "省财政厅将按程序拨付。"),
    ]
    funds = next(s for s in found if s.speaker == "省交通运输厅")
    assert [t.due for t in funds.targets] == ["2023-12-31"]
    (order,) = [s for s in found if s.type == "directive"]
    assert (order.speaker, order.addressees) == ("河西省人民政府办公厅", ["你市有关部门"])


def test_a_plans_guiding_line_and_principles_record_nothing():
    text = (
        "河西县人民政府关于印发《城区绿化提升方案》的通知\n各部门：\n"
        "现将《城区绿化提升方案》印发给你们，请认真贯彻执行。\n"
        "河西县人民政府\n2023年2月1日\n"
        "城区绿化提升方案\n一、总体要求\n（一）指导思想。\n以绿色发展理念为指导，推进城区绿化。\n"
        "（二）基本原则。\n1.因地制宜。结合实际建设口袋公园。\n"
        "（三）工作目标。\n2023年底前，各街道完成绿化提升任务。\n"
    )
    found = statements_of(text)
    assert [s.text for s in found] == [
        "现将《城区绿化提升方案》印发给你们，请认真贯彻执行。",
        "2023年底前，各街道完成绿化提升任务。",
    ]
    assert found[1].addressees == ["各街道"]
    assert [t.due for t in found[1].targets] == ["2023-12-31"]
