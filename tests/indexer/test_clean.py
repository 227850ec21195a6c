"""clean.py: the output contract, rejoining, noise removal, page offsets, idempotence."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.clean import clean_pages, clean_text
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"


def seed(prefix: str) -> str:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def assert_contract(text: str) -> None:
    for line in lines_of(text):
        assert line, "no blank lines"
        assert line == line.strip(), f"no edge whitespace: {line!r}"
    assert not re.search(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", text)


# --- the seed texts ---------------------------------------------------------


@pytest.fixture(scope="module")
def clean_000() -> str:
    return clean_text(seed("000"))


def test_000_contract_and_notice_gone(clean_000):
    assert_contract(clean_000)
    assert "Win2PDF" not in clean_000 and "win2pdf" not in clean_000.lower()


def test_000_rejoins_page_breaks(clean_000):
    assert "就市场环境提升工作现场提出要求" in clean_000
    assert "民生·凤凰城五号院" in clean_000


def test_000_short_lines_stay_alone(clean_000):
    lines = lines_of(clean_000)
    for expected in [
        "第27期",
        "陈秀兴参加",
        "刘延杰参加",
        "共印260份",
        "高新区",
        "孙爱军督导检查全国文明城市创建工作",
        "倡议书倡议：",
    ]:
        assert expected in lines, expected
    assert "- 孙爱军督导检查全国文明城市创建工作" in lines
    assert "聊城市创建全国文明城市工作办公室2021年5月10日" in lines


def test_000_distribution_lines_stay_apart(clean_000):
    lines = lines_of(clean_000)
    assert any(l.startswith("报：") for l in lines)
    assert any(l.startswith("发：") for l in lines)


def test_002_rejoins_and_keeps_headings():
    text = clean_text(seed("002"))
    assert_contract(text)
    assert "54个城中村全部实行县级领导" in text
    assert "倒逼责任落实，确保每个环节" in text
    assert "城乡结合部" in text and "生活质量" in text
    lines = lines_of(text)
    assert "东昌府区委书记荣红智：网格化落实“创城”任务，六大区域规范提升" in lines
    assert "聊城这些部门负责人这样表态" in lines


def test_003_rejoins_dangling_line():
    text = clean_text(seed("003"))
    assert "统一到市委市政府决策部署上来" in text
    assert "第6期" in lines_of(text)


# --- rules on small texts ---------------------------------------------------


def test_spaces_between_cjk_removed():
    assert clean_text("孙爱军督导检查 全国文明城市创建工作") == "孙爱军督导检查全国文明城市创建工作"
    assert clean_text("2021 年 5 月 10 日") == "2021年5月10日"
    assert clean_text("第 27 期") == "第27期"
    assert clean_text("共印 260 份") == "共印260份"
    assert clean_text("Python 3 is") == "Python 3 is"


def test_half_width_punctuation_between_cjk():
    assert clean_text("他强调,要坚持;做到:好") == "他强调，要坚持；做到：好"
    assert clean_text("1,000 元 a:b") == "1,000元 a:b"


def test_page_numbers_dropped():
    for number in ["- 3 -", "第 3 页", "第3页 共5页", "3/5", "— 12 —", "Page 2 of 9"]:
        assert clean_text(f"正文第一段。\n{number}\n正文第二段。") == "正文第一段。\n正文第二段。", number


def test_converter_notices_dropped():
    text = (
        '正文。\nThis document was created with the Win2PDF "print to PDF" printer '
        "available at\nhttp://www.win2pdf.com\nEvaluation Warning: The document was created "
        "with Spire.PDF for Python.\n本文档由某某PDF转换器试用版生成"
    )
    assert clean_text(text) == "正文。"


def test_hard_wraps_join_and_paragraph_ends_stay():
    wrapped = (
        "市创城第五网格工作组视察创城工作\n"
        "5月7日，市委常委、常务副市长、市创城第五网格工作组组长陈秀兴带领工作组以\n"
        "“四不两直”的方式到第五网格视察全国文明城市创建工作。各社区要认真落实整改\n"
        "要求，持续提升群众满意度，不断提升全国文明城市创建水平，营造浓厚的创城氛\n"
        "围。\n"
        "工作组一行先后到古楼街道兴华社区、文化社区督导检查，对各社区在创城工作中\n"
        "出现的问题提出意见建议。\n"
        "陈秀兴参加\n"
    )
    assert lines_of(clean_text(wrapped)) == [
        "市创城第五网格工作组视察创城工作",
        "5月7日，市委常委、常务副市长、市创城第五网格工作组组长陈秀兴带领工作组以“四不两直”"
        "的方式到第五网格视察全国文明城市创建工作。各社区要认真落实整改要求，持续提升群众满意度，"
        "不断提升全国文明城市创建水平，营造浓厚的创城氛围。",
        "工作组一行先后到古楼街道兴华社区、文化社区督导检查，对各社区在创城工作中出现的问题提出意见建议。",
        "陈秀兴参加",
    ]


def test_leading_punctuation_joins_previous_line():
    assert clean_text("推进这项工作\n。\n下一段。") == "推进这项工作。\n下一段。"


def test_list_items_stay_apart():
    text = "倡议书倡议：\n一、驾驶时戴好头盔。\n二、选择合格头盔\n三、劝告身边的人"
    assert lines_of(clean_text(text)) == [
        "倡议书倡议：",
        "一、驾驶时戴好头盔。",
        "二、选择合格头盔",
        "三、劝告身边的人",
    ]


def test_latin_wrap_keeps_a_space():
    assert (
        clean_text("This is a long English sentence that wraps at\nthe end of the line.")
        == "This is a long English sentence that wraps at the end of the line."
    )


# --- pages ------------------------------------------------------------------


def test_page_starts_point_at_each_page():
    pages = ["第一页的标题\n第一页正文。\n- 1 -", "第二页正文。\n- 2 -", "第三页正文。\n- 3 -"]
    cleaned = clean_pages(pages)
    assert cleaned.text == "第一页的标题\n第一页正文。\n第二页正文。\n第三页正文。"
    assert [cleaned.text[s : s + 3] for s in cleaned.page_starts] == ["第一页", "第二页", "第三页"]
    assert cleaned.page_at(cleaned.text.index("第三页")) == 3


def test_page_starts_inside_a_rejoined_sentence():
    pages = ["在新水河农贸市场，孙爱军走到海鲜、鸡蛋、蔬菜等摊位前，就市场环", "境提升工作现场提出要求。"]
    cleaned = clean_pages(pages)
    assert (
        cleaned.text
        == "在新水河农贸市场，孙爱军走到海鲜、鸡蛋、蔬菜等摊位前，就市场环境提升工作现场提出要求。"
    )
    assert cleaned.text[cleaned.page_starts[1]] == "境"


def test_empty_last_page_starts_at_end():
    cleaned = clean_pages(["正文。", "This page will not be added after purchasing Win2PDF."])
    assert cleaned.text == "正文。"
    assert cleaned.page_starts == [0, len(cleaned.text)]


def test_running_header_and_footer_dropped():
    pages = [
        f"聊城市创建全国文明城市工作简报\n{body}\n第 {n} 页 共 4 页\n内部资料 注意保存"
        for n, body in enumerate(
            ["一号文件正文。", "会议强调要落实。", "各单位要做好工作。", "完。"], start=1
        )
    ]
    cleaned = clean_pages(pages)
    assert cleaned.text == "一号文件正文。\n会议强调要落实。\n各单位要做好工作。\n完。"


# --- idempotence --------------------------------------------------------------

CJKISH = st.sampled_from(
    list("创建全国文明城市工作简报第期。，、；：！？“”（）- 0123456789abc\n\n\n\t　,.;:")
)


@settings(max_examples=300, deadline=None)
@given(st.text(CJKISH, max_size=300))
def test_idempotent_on_cjk_like_text(text):
    once = clean_text(text)
    assert clean_text(once) == once
    if once:
        assert_contract(once)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_idempotent_on_any_text(text):
    once = clean_text(text)
    assert clean_text(once) == once


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_idempotent_on_seeds(prefix):
    once = clean_text(seed(prefix))
    assert clean_text(once) == once


# --- layouts beyond the corpus ---------------------------------------------------------


def test_indented_paragraphs_start_new_lines():
    # the title fills the wrap width exactly; only the indent says it is not wrapped
    text = (
        "关于加强城市管理推进全国文明城市创建的意见\n"
        "　　各学校校园门前交通秩序良好，不仅是创建全国\n"
        "文明城市重要测评标准之一，也是师生家长人身安\n"
        "全的重要保障，各单位要共同维护，确保工作落实\n"
        "到位，形成合力。\n"
    )
    assert lines_of(clean_text(text)) == [
        "关于加强城市管理推进全国文明城市创建的意见",
        "各学校校园门前交通秩序良好，不仅是创建全国文明城市重要测评标准之一，也是师生家长人身安全的重要保障，"
        "各单位要共同维护，确保工作落实到位，形成合力。",
    ]


def test_narrow_wrap_with_blank_lines_between_all_lines():
    text = (
        "会议强调，全局党员干部要进\n\n一步将思想和行动统一到市委\n\n市政府决策部署上来，强化责\n\n"
        "任意识。\n\n会议要求\n\n各单位要抓好落实，确保各项\n\n工作走在前、作表率。"
    )
    assert lines_of(clean_text(text)) == [
        "会议强调，全局党员干部要进一步将思想和行动统一到市委市政府决策部署上来，强化责任意识。",
        "会议要求",
        "各单位要抓好落实，确保各项工作走在前、作表率。",
    ]


def test_equal_headings_are_not_a_wrap_margin():
    headings = [f"市创城第{n}网格工作组视察创城工作" for n in "一二三四五六"]
    body = "工作组一行先后到古楼街道兴华社区、文化社区督导检查，对各社区在创城工作中出现的问题提出意见建议。"
    text = "\n".join(f"{h}\n{body}" for h in headings)
    assert lines_of(clean_text(text)) == [x for h in headings for x in (h, body)]


def test_form_feed_pages_in_clean_text():
    pages = [f"内部资料\n第{n}段正文。\n- {n} -" for n in range(1, 4)]
    assert clean_text("\f".join(pages)) == "第1段正文。\n第2段正文。\n第3段正文。"


def test_contents_dash_gets_its_space_back():
    assert lines_of(
        clean_text("-孙爱军督导检查全国文明城市创建工作\n- 市创城第五网格工作组视察创城工作")
    ) == ["- 孙爱军督导检查全国文明城市创建工作", "- 市创城第五网格工作组视察创城工作"]


def test_bare_numbers_at_the_edges():
    assert clean_text("5\n6\n正文。\n7") == "正文。"
    assert clean_text(clean_text("5\n6\n正文。\n7")) == "正文。"


PAGE_TEXT = st.text(CJKISH, max_size=120)


@settings(max_examples=150, deadline=None)
@given(st.lists(PAGE_TEXT, min_size=1, max_size=5))
def test_clean_pages_text_is_clean_and_offsets_ordered(pages):
    cleaned = clean_pages(pages)
    assert clean_text(cleaned.text) == cleaned.text
    assert len(cleaned.page_starts) == len(pages)
    assert cleaned.page_starts == sorted(cleaned.page_starts)
    assert all(0 <= s <= len(cleaned.text) for s in cleaned.page_starts)


def test_heading_is_not_glued_to_its_paragraph_by_a_dictionary_word():
    text = "聊城市实验中学学校门前设立“护学岗”护航学生出行\n\n为进一步做好文明交通工作，学校组织护学岗。"
    assert clean_text(text).split("\n") == [
        "聊城市实验中学学校门前设立“护学岗”护航学生出行",
        "为进一步做好文明交通工作，学校组织护学岗。",
    ]
    contents = "- 蒋官屯街道组建志愿者队伍助力创城\n\n市生态环境局\n\n开展专项检查，发现问题及时整改。"
    assert clean_text(contents).split("\n")[0] == "- 蒋官屯街道组建志愿者队伍助力创城"


# --- real-world layouts (issue 17) ------------------------------------------------------


def test_two_line_title_is_joined():
    assert lines_of(clean_text("聊城市创建全国文明城市\n工作简报\n第 27 期")) == [
        "聊城市创建全国文明城市工作简报",
        "第27期",
    ]
    assert lines_of(clean_text("东北电气发展股份有限公司\n2018 年第一季度报告\n2018 年 04 月"))[0] == (
        "东北电气发展股份有限公司2018年第一季度报告"
    )


def test_title_under_a_document_header_is_joined():
    scan = "某某市人民政府办公室文件\n某政办发〔2016〕12号\n关于进一步加强城市管理\n工作的实施意见\n各区县人民政府："
    assert lines_of(clean_text(scan))[2] == "关于进一步加强城市管理工作的实施意见"
    three = "关于2015年度全市国民经济\n和社会发展计划执行情况\n的报告\n一、总体情况"
    assert lines_of(clean_text(three))[0] == "关于2015年度全市国民经济和社会发展计划执行情况的报告"
    # the issuer's name above "关于…" is part of the title; a "…文件" header or an urgency mark is not
    assert lines_of(clean_text("某某县人民政府\n关于做好防汛工作的通知\n各乡镇："))[0] == (
        "某某县人民政府关于做好防汛工作的通知"
    )
    assert lines_of(clean_text("特急\n关于做好防汛工作的\n紧急通知\n各乡镇："))[:2] == [
        "特急",
        "关于做好防汛工作的紧急通知",
    ]


def test_a_heading_and_its_first_line_are_no_title():
    # the second line is no kind of document: two lines stay two
    assert lines_of(clean_text("聊城市审计局\n召开创城工作会议")) == ["聊城市审计局", "召开创城工作会议"]


def test_wrap_before_a_particle_and_after_a_number_is_rejoined():
    text = "根据本报告表7.6中\n的系数，全县固定资产投资完成246.79\n亿元，完成年度计划。"
    assert clean_text(text) == "根据本报告表7.6中的系数，全县固定资产投资完成246.79亿元，完成年度计划。"


def test_letter_spaced_line_is_closed_up():
    assert clean_text("关 于 红 军 作 战 的 原 则") == "关于红军作战的原则"
    assert clean_text("T h e  r e d  a r m y") == "The red army"
    assert clean_text("市委 书记 孙爱军 督导 检查") == "市委书记孙爱军督导检查"  # not letter-spaced: CJK rule


def test_contents_entries_stay_one_a_line():
    text = "关 于 红 军 作 战 的 原 则 … … … … … １ \n（ 一 九 三 七 年 八 月 一 日 ） \n对 国 防 问 题 的 意 见 … … … … ３"
    assert lines_of(clean_text(text)) == [
        "关于红军作战的原则……………1",
        "（一九三七年八月一日）",
        "对国防问题的意见…………3",
    ]


def test_markdown_marks_never_reach_the_text():
    text = (
        "## **聊城市创建全国文明城市工作简报**\n\n*孙爱军督导检查**\n\n正文见[通知](https://example.cn/a)。"
    )
    assert lines_of(clean_text(text)) == ["聊城市创建全国文明城市工作简报", "孙爱军督导检查", "正文见通知。"]
    assert clean_text("snake_case and 2*3") == "snake_case and 2*3"


def test_display_width_shortcut_blocks_are_all_wide():
    import re
    import unicodedata

    from indexer.clean import COMMON_WIDE, display_width

    block = re.compile(f"[{COMMON_WIDE}]")
    narrow = [
        hex(i)
        for i in range(0x80, 0x10000)
        if block.match(chr(i)) and unicodedata.east_asian_width(chr(i)) not in "WFA"
    ]
    assert narrow == []
    assert display_width("ab中文“”…") == 6.0
    assert display_width("é中") == 2.0  # outside the shortcut: counted character by character
    assert display_width("\u303f中") == 1.5


# --- 公文 as a text layer gives them (a hard break at every printed line) -----------------------

BODY_LINE = 27  # characters on a line of body text (三号 type on the 156 mm of an A4 page)


def printed(paragraph: str, indent: int = 2) -> list[str]:
    """A paragraph as the text layer gives it: one line a printed line, the first indented."""
    first = BODY_LINE - indent
    return [paragraph[:first]] + [
        paragraph[i : i + BODY_LINE] for i in range(first, len(paragraph), BODY_LINE)
    ]


NOTICE_PARAGRAPHS = [
    "为切实做好全县冬春季节农村饮水安全保障工作，确保群众喝上放心水、安全水，经县政府同意，现将有关事项通知如下。",
    "一、开展工程巡查。各乡镇要在十二月底前对辖区内集中供水工程逐一开展巡查，对发现的管网漏损、设施老化等问题建立台账。",
    "二、加强水质检测。县水利局要加密水质抽检频次，检测结果按月向社会公开，接受群众监督。",
]


def test_a_title_joined_as_wide_as_the_body_is_no_wrapped_line():
    # 二号 title type wraps after about twenty characters: joined, the title is wider than a body line
    title = ["河西县人民政府办公室关于做好今冬明春农村", "饮水安全保障工作的通知"]
    text = "\n".join(
        ["河西县人民政府办公室文件", "河政办发〔2023〕7号", *title, "各乡镇人民政府，县政府各部门："]
        + [line for paragraph in NOTICE_PARAGRAPHS for line in printed(paragraph)]
        + ["特此通知。", "河西县人民政府办公室", "2023年11月20日"]
    )
    cleaned = clean_text(text)
    assert lines_of(cleaned) == [
        "河西县人民政府办公室文件",
        "河政办发〔2023〕7号",
        "".join(title),
        "各乡镇人民政府，县政府各部门：",
        *NOTICE_PARAGRAPHS,
        "特此通知。",
        "河西县人民政府办公室",
        "2023年11月20日",
    ]
    assert clean_text(cleaned) == cleaned


def test_a_title_over_three_lines_stays_a_title_when_cleaned_again():
    # joined it is wider than any paragraph cut by a page break: cleaned again, on one line now,
    # it is still the title and not joined to the 主送 line
    title = [
        "河西县人民政府办公室关于印发河西县农村集中供水",
        "工程冬春季节运行维护管理和水质抽样检测工作",
        "实施方案的通知",
    ]
    text = "\n".join(
        ["河西县人民政府办公室文件", "河政办发〔2023〕8号", *title, "各乡镇人民政府，县政府各部门："]
        + printed(NOTICE_PARAGRAPHS[0])
    )
    cleaned = clean_text(text)
    assert lines_of(cleaned)[2:4] == ["".join(title), "各乡镇人民政府，县政府各部门："]
    assert clean_text(cleaned) == cleaned


REPLY_SENTENCE = (
    "你镇《关于修缮中心小学教学楼的请示》（城关政发〔2023〕19号）收悉。经研究，同意你镇修缮中心小学教学楼。"
)


@pytest.mark.parametrize(
    "cut", ["（城关", "（城关政", "（城关政发", "城关政发〔", "〔20", "〔2023", "〔2023〕", "〕1"]
)
def test_a_document_number_cut_by_the_wrap_is_rejoined(cut):
    # a short reply: too few full lines to show the wrap width, the number says the line goes on
    at = REPLY_SENTENCE.index(cut) + len(cut)
    text = "\n".join(
        ["南关县人民政府文件", "南政字〔2023〕15号", "南关县人民政府关于同意城关镇修缮中心小学教学楼的批复"]
        + [
            "城关镇人民政府：",
            REPLY_SENTENCE[:at],
            REPLY_SENTENCE[at:],
            "此复。",
            "南关县人民政府",
            "2023年6月2日",
        ]
    )
    assert lines_of(clean_text(text))[3:5] == ["城关镇人民政府：", REPLY_SENTENCE]


def test_a_line_that_opens_with_a_number_of_its_own_stays_apart():
    # under the issuer's header, under a letter's issuer, and in brackets under a title
    for text in (
        "南关县人民政府文件\n南政字〔2023〕15号",
        "南关县教育局\n南教函〔2023〕3号",
        "南关县人民政府关于同意城关镇修缮中心小学教学楼的批复\n（南政字〔2023〕15号）",
    ):
        assert lines_of(clean_text(text)) == text.split("\n")


def test_a_number_written_with_its_ordinal_is_no_part_of_the_title_below_it():
    """东政办发〔2019〕第3号: a number some offices write with 第 is a header line like any other."""
    text = clean_pages(
        ["东城区人民政府办公室文件\n东政办发〔2019〕第3号\n关于做好汛期安全工作的\n通知\n各街道办事处：\n"]
    ).text
    assert "东政办发〔2019〕第3号\n关于做好汛期安全工作的通知\n" in text
