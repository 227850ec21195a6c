"""Official documents (公文) in each layout GB/T 9704-2012 allows, and as converters leave them.

Every text here is made up for the test; the real notices are read in test_gongwen_ledger.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.clean import clean_pages, clean_text
from indexer.extract import extract
from indexer.kinds import GONGWEN_KINDS, KIND_LABELS, KIND_VALUES, DocumentKind
from indexer.parse import parse
from indexer.parse.citations import find_citations
from indexer.parse.docnumbers import find_doc_numbers, normalize_doc_number
from indexer.parse.gongwen import filing_date
from indexer.records import Citation, Document, to_json
from jianbao.cli import build_parser

# An upward request: copy number, classification and urgency in the header, 签发人 beside the
# number, 附件说明, signature, 附注, and the 抄送 / 印发 lines of the 版记.
REQUEST = """000123
秘密★1年
特急
聊城市东昌府区人民政府文件
东政发〔2021〕12号　　　　　签发人：王建国
关于申请拨付城区道路维修资金的请示
聊城市人民政府：
今年汛期以来，城区柳园路、东关街等五条道路路面破损严重，群众出行不便。为保障出行安全，我区拟于2021年8月底前完成维修，预算资金共计三百二十万元，区级财政已安排一百万元，尚有缺口二百二十万元。
妥否，请批示。
附件：1.城区道路维修项目清单
2.维修资金预算表
聊城市东昌府区人民政府
2021年6月8日
（联系人：李明，电话：0635-1234567）
抄送：聊城市财政局，聊城市住房和城乡建设局。
聊城市东昌府区人民政府办公室　　　　2021年6月9日印发
"""

# An upward report whose 主送 was moved to the 版记 (GB/T 9704 7.3.5.2), number in [].
REPORT = """聊城市城市管理局文件
聊城管发[2020]8号　　签发人：张红
关于上半年市容环境整治工作情况的报告
今年上半年，我局按照市委、市政府部署，集中开展市容环境整治，清理占道经营一千二百余处，拆除违规广告牌三百余块，取得了阶段性成效。现将有关情况报告如下：
一、主要工作
（一）集中整治占道经营。组织执法人员分片包干，对主次干道逐街巡查，做到发现一处、清理一处。
二、下步打算
下半年，我局将继续巩固整治成果，建立长效管理机制。
特此报告。
聊城市城市管理局
2020年7月3日
主送：聊城市人民政府
抄送：市委办公室，市人大常委会办公室。
聊城市城市管理局办公室　　　2020年7月3日印发
"""

# A forwarding notice: the title wraps after the issuer, the forwarded opinion is cited with its
# number and attached after the signature.
FORWARD = """聊城市人民政府办公室文件
聊政办发〔2021〕5号
聊城市人民政府办公室
转发市教育局关于做好中小学招生工作意见的通知
各县（市、区）人民政府，市属开发区管委会，市政府各部门：
市教育局《关于做好2021年中小学招生工作的意见》（聊教发〔2021〕9号）已经市政府同意，现转发给你们，请认真贯彻执行。各地要根据《山东省普通中小学管理基本规范》和鲁教基发[2020]3号文件精神，做好招生入学各项工作。
附件：关于做好2021年中小学招生工作的意见
聊城市人民政府办公室
2021年4月12日
（此件公开发布）
附件
关于做好2021年中小学招生工作的意见
为做好我市2021年中小学招生工作，现提出如下意见。各县（市、区）教育部门要于2021年5月31日前公布招生方案。
"""

# Minutes: the header is the title, an issue number under it, dated under the header, 分送.
MINUTES = """东昌府区人民政府
常务会议纪要
第12期
东昌府区人民政府办公室　　　　　2021年3月15日
2021年3月12日，区长张三主持召开区政府第12次常务会议，研究老旧小区改造等事项。现纪要如下：
一、会议同意区住建局提出的老旧小区改造实施计划，由区住建局牵头，于2021年10月底前完成改造任务。
出席：张三、李四、王五
列席：区财政局、区发改局负责同志
分送：区委办公室，区人大常委会办公室，各镇人民政府、街道办事处，区政府各部门。
"""

# A letter (信函格式): the issuer's name as header, a 国办函 number, a Chinese-numeral dating line.
LETTER = """国务院办公厅
国办函〔2019〕7号
国务院办公厅关于同意建立河湖管护工作部际联席会议制度的函
水利部：
你部《关于建立河湖管护工作部际联席会议制度的请示》（水河湖〔2018〕321号）收悉。经国务院同意，现函复如下：
一、同意建立由水利部牵头的河湖管护工作部际联席会议制度。联席会议不刻制印章，不正式行文。
二、请你部会同有关部门认真组织开展工作。
国务院办公厅
二〇一九年一月二十日
"""

# A government web page: the fields in a metadata table above the text, the number in [].
TABLE_PAGE = """索引号：11371500/2021-00012 | 主题分类：城乡建设
发文机关：聊城市人民政府 | 成文日期：2021年05月20日
文号：聊政字[2021]15号 | 发布日期：2021年05月25日
标题：聊城市人民政府关于公布第二批历史建筑名录的通知
聊城市人民政府关于公布第二批历史建筑名录的通知
各县（市、区）人民政府，市属开发区管委会，市政府各部门：
现将聊城市第二批历史建筑名录予以公布，请各地各部门切实做好历史建筑保护工作。
"""

# No date printed: the document is filed under its number's year. Full-width digits, （） brackets.
UNDATED = """关于做好创城迎检准备工作的通知
聊创城办（２０２１）５号
各成员单位：
为做好全国文明城市创建迎检工作，请各成员单位于5月底前完成自查整改。
特此通知。
"""

# A converter lost the title line: the closing formula tells the kind, the signature the rest.
NO_TITLE = """东政办字〔2022〕3号
各镇人民政府、街道办事处：
经区政府研究，决定于2022年3月开展农村人居环境整治春季行动，请各镇街抓好落实。
此复。
东昌府区人民政府办公室
2022年2月25日
"""

# A converter glued the signature to its date and the header to the number.
GLUED = """中共聊城市委办公室聊城市人民政府办公室
关于开展安全生产大检查的通知
聊办发〔2022〕2号
各县（市、区）委和人民政府，市委各部委，市政府各部门：
为切实抓好安全生产工作，经市委、市政府同意，决定在全市开展安全生产大检查。请各单位于3月20日前报送检查情况。
中共聊城市委办公室聊城市人民政府办公室2022年3月1日
"""


def only(text: str) -> Document:
    documents = parse(clean_text(text))
    assert len(documents) == 1
    return documents[0]


def test_request_with_signer_beside_the_number_and_a_full_header_and_footer():
    doc = only(REQUEST)
    assert doc.kind == DocumentKind.REQUEST == "request"
    assert doc.doc_number == "东政发〔2021〕12号" and doc.signer == "王建国"
    assert doc.copy_number == "000123"
    assert (doc.classification.level, doc.classification.period) == ("秘密", "1年")
    assert doc.urgency == "特急"
    assert doc.headline == "关于申请拨付城区道路维修资金的请示"
    assert doc.issuer == doc.office == "聊城市东昌府区人民政府"
    assert doc.signed_date == doc.date == "2021-06-08"
    assert doc.recipients.main == ["聊城市人民政府"]
    assert doc.recipients.cc == ["聊城市财政局", "聊城市住房和城乡建设局"]
    assert (doc.printed.by, doc.printed.date) == ("聊城市东昌府区人民政府办公室", "2021-06-09")
    assert doc.attachments == ["城区道路维修项目清单", "维修资金预算表"]
    assert doc.articles[0].title == doc.headline and doc.articles[0].date == "2021-06-08"


def test_report_with_its_main_recipient_moved_to_the_footer():
    doc = only(REPORT)
    assert doc.kind == "report"
    assert doc.doc_number == "聊城管发〔2020〕8号" and doc.signer == "张红"
    assert doc.issuer == "聊城市城市管理局" and doc.signed_date == "2020-07-03"
    assert doc.recipients.main == ["聊城市人民政府"]
    assert doc.recipients.cc == ["市委办公室", "市人大常委会办公室"]
    assert doc.printed.date == "2020-07-03"
    assert doc.classification.level is None and doc.urgency is None and doc.copy_number is None


def test_forwarding_notice_cites_what_it_forwards_and_lists_its_attachment():
    doc = only(FORWARD)
    assert doc.kind == "notice"
    assert doc.headline == "聊城市人民政府办公室转发市教育局关于做好中小学招生工作意见的通知"
    assert doc.issuer == "聊城市人民政府办公室" and doc.doc_number == "聊政办发〔2021〕5号"
    assert doc.signed_date == "2021-04-12"
    assert doc.recipients.main == ["各县（市、区）人民政府", "市属开发区管委会", "市政府各部门"]
    assert doc.attachments == ["关于做好2021年中小学招生工作的意见"]
    assert doc.cites == [
        Citation("聊教发〔2021〕9号", "关于做好2021年中小学招生工作的意见", "转发"),
        Citation(None, "山东省普通中小学管理基本规范", "根据"),
        Citation("鲁教基发〔2020〕3号", None, "根据"),
    ]


def test_minutes_dated_under_the_header_with_an_issue_number():
    doc = only(MINUTES)
    assert doc.kind == "minutes"
    assert doc.headline == "东昌府区人民政府常务会议纪要" and doc.issue_number == 12
    assert doc.issuer == "东昌府区人民政府办公室" and doc.signed_date == "2021-03-15"
    # the date it is filed under, not the meeting's date the text opens with
    assert doc.articles[0].date == "2021-03-15"
    assert doc.recipients.main[:2] == ["区委办公室", "区人大常委会办公室"]
    assert doc.doc_number is None


def test_letter_with_chinese_numeral_dating_line_cites_the_request_it_answers():
    doc = only(LETTER)
    assert doc.kind == "letter"
    assert doc.doc_number == "国办函〔2019〕7号" and doc.issuer == "国务院办公厅"
    assert doc.signed_date == "2019-01-20" and doc.recipients.main == ["水利部"]
    assert doc.cites == [
        Citation("水河湖〔2018〕321号", "关于建立河湖管护工作部际联席会议制度的请示", "收悉")
    ]


def test_fields_from_a_web_page_metadata_table():
    doc = only(TABLE_PAGE)
    assert doc.kind == "notice"
    assert doc.doc_number == "聊政字〔2021〕15号"
    assert doc.issuer == "聊城市人民政府" and doc.signed_date == "2021-05-20"
    assert doc.headline == "聊城市人民政府关于公布第二批历史建筑名录的通知"
    assert doc.recipients.main == ["各县（市、区）人民政府", "市属开发区管委会", "市政府各部门"]


def test_undated_notice_is_filed_under_the_year_of_its_number():
    doc = only(UNDATED)
    assert doc.kind == "notice" and doc.doc_number == "聊创城办〔2021〕5号"
    assert doc.signed_date is None and doc.date == "2021" and doc.articles[0].date == "2021"
    assert doc.recipients.main == ["各成员单位"]


def test_closing_formula_tells_the_kind_when_the_title_is_lost():
    doc = only(NO_TITLE)
    assert doc.kind == "reply"
    assert doc.doc_number == "东政办字〔2022〕3号"
    assert doc.issuer == "东昌府区人民政府办公室" and doc.signed_date == "2022-02-25"


def test_signature_glued_to_its_date_and_joint_issuers_in_the_header():
    doc = only(GLUED)
    assert doc.kind == "notice" and doc.doc_number == "聊办发〔2022〕2号"
    assert doc.issuer == "中共聊城市委办公室聊城市人民政府办公室"
    assert doc.signed_date == "2022-03-01"


# --- what stays what it was --------------------------------------------------------------------


BRIEFING_REPRINT = """聊城市创建全国文明城市工作简报
第8期
聊城市创建全国文明城市工作办公室　　2021年5月10日
关于开展背街小巷环境整治的通知
各区创城办：
为巩固创城成果，现就开展背街小巷环境整治有关事项通知如下。各区要于5月底前完成排查。
报：市委常委
发：各区创城办
共印100份
"""

NEWS = """大众日报 2021年6月12日
聊城市政府召开常务会议研究城区道路维修工作
记者 张三
6月11日，聊城市政府召开常务会议，会议听取了市住建局关于城区道路维修工作的汇报。会议要求，各区要于8月底前完成主干道维修。
"""

PROSE = """城区道路维修情况
近日，市住建局印发了关于城区道路维修工作的通知，要求各区抓紧推进。目前，柳园路维修已完成过半。
"""

REPORT_WITHOUT_LAYOUT = """2021年度城市体检评估报告
一、总体情况
2021年，我市城市建设稳步推进，城区道路、供水、燃气等基础设施持续完善，群众满意度明显提升。
"""


@pytest.mark.parametrize(
    ("text", "kind"),
    [(BRIEFING_REPRINT, "briefing"), (NEWS, "news"), (PROSE, "other"), (REPORT_WITHOUT_LAYOUT, "other")],
)
def test_texts_that_are_no_official_document_keep_their_kind(text, kind):
    doc = only(text)
    assert doc.kind == kind
    assert doc.doc_number is None and doc.issuer is None and doc.recipients.main == []


def test_every_document_has_every_field_in_its_json():
    shape = to_json(only(NEWS))
    for key in ("doc_number", "issuer", "signed_date", "signer", "urgency", "copy_number"):
        assert key in shape and shape[key] is None
    assert shape["recipients"] == {"main": [], "cc": []}
    assert shape["printed"] == {"by": None, "date": None}
    assert shape["classification"] == {"level": None, "period": None}
    assert shape["attachments"] == [] and shape["cites"] == []
    json.dumps(to_json(only(REQUEST)), ensure_ascii=False)  # plain JSON, kinds included


# --- numbers, citations, dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "聊创城办〔2021〕5号",
        "聊创城办[2021]5号",
        "聊创城办（2021）5号",
        "聊创城办【2021】5号",
        "聊创城办［２０２１］５号",
        "聊创城办(2021)05号",
        "聊创城办〔2021〕第5号",
        " 聊创城办 〔 2021 〕 5 号",
        "聊创城办﹝2021﹞5号",
    ],
)
def test_every_spelling_of_a_number_normalises_to_one(written):
    assert normalize_doc_number(written) == "聊创城办〔2021〕5号"


def test_numbers_that_differ_stay_apart_and_other_text_is_kept_as_written():
    assert normalize_doc_number("聊创城办〔2021〕5号") != normalize_doc_number("聊创城办〔2021〕15号")
    assert normalize_doc_number("聊创城办〔2021〕5号") != normalize_doc_number("聊创城办〔2020〕5号")
    assert normalize_doc_number("二〇二四年 第十六期") == "二〇二四年第十六期"
    assert normalize_doc_number("根据国办发〔2019〕3号") == "国办发〔2019〕3号"


def test_a_number_in_a_sentence_starts_where_its_code_starts():
    found = find_doc_numbers(
        "根据国办发〔2019〕3号文件精神，按照鲁政字[2020]8号要求，你院（路中医发\n〔2011〕10号）收悉"
    )
    assert [n.number for n in found] == ["国办发〔2019〕3号", "鲁政字〔2020〕8号", "路中医发〔2011〕10号"]


def test_citations_with_their_relations_never_the_documents_own_number():
    text = (
        "国办发〔2019〕3号\n"
        "根据《关于加强城市管理的意见》（国发〔2018〕5号）和《城市市容和环境卫生管理条例》，"
        "按照省政府鲁政字〔2018〕66号文件要求，现将《城区环境整治实施方案》印发给你们。"
        "各地要制定《整治任务清单》，对照《拿来主义》一文查找差距。本通知自印发之日起施行，国办发〔2019〕3号同时有效。"
    )
    assert find_citations(text, "国办发〔2019〕3号") == [
        Citation("国发〔2018〕5号", "关于加强城市管理的意见", "根据"),
        Citation(None, "城市市容和环境卫生管理条例", "根据"),
        Citation("鲁政字〔2018〕66号", None, "按照"),
        Citation(None, "城区环境整治实施方案", "印发"),
    ]


def test_a_document_cited_twice_is_one_citation():
    text = "依据《安全生产法》开展检查。检查中发现，部分企业未落实《安全生产法》（主席令第13号）的规定。"
    assert find_citations(text) == [Citation(None, "安全生产法", "依据")]


def test_filing_date():
    assert filing_date("2019-01-09", "国办发〔2019〕3号") == "2019-01-09"
    assert filing_date(None, "国办发[2018]3号") == "2018"
    assert filing_date(None, "二〇二四年第十六期") is None
    assert filing_date(None, None) is None


# --- the kinds and where they are accepted -------------------------------------------------------


def test_every_kind_has_a_label_and_the_search_filter_accepts_it():
    assert set(KIND_LABELS) == set(KIND_VALUES)
    assert [KIND_LABELS[k] for k in GONGWEN_KINDS] == [
        "通知",
        "通报",
        "意见",
        "决定",
        "方案",
        "纪要",
        "报告",
        "请示",
        "批复",
        "函",
    ]
    for value in KIND_VALUES:
        assert build_parser().parse_args(["search", "创城", "--kind", value]).kind == [value]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("关于表彰2021年度创城工作先进单位的决定", "decision"),
        ("关于进一步加强城市管理工作的实施意见", "opinion"),
        ("聊城市城区背街小巷整治工作方案（试行）", "plan"),
        ("关于同意设立聊城市文明实践中心的批复", "reply"),
        ("关于2021年第一季度创城工作情况的通报", "circular"),
        ("关于商请支持开展城市体检工作的复函", "letter"),
    ],
)
def test_kind_from_the_title(title, kind):
    text = f"{title}\n聊政字〔2021〕9号\n各县（市、区）人民政府：\n为进一步做好相关工作，现将有关事项明确如下，请认真抓好落实。\n"
    assert only(text).kind == kind


# A converter joined the letter's header to its number and the 主送 line to the first paragraph.
HEADER_AND_RECIPIENT_GLUED = """聊城市人民政府办公室聊政办函〔2022〕8号
关于商请协助做好城市体检数据采集工作的函
市统计局：为做好2022年城市体检工作，请你局协助提供城区人口、住房等统计数据，并于6月30日前反馈。
聊城市人民政府办公室
2022年6月1日
"""


def test_header_glued_to_the_number_and_recipients_glued_to_the_body():
    doc = only(HEADER_AND_RECIPIENT_GLUED)
    assert doc.kind == "letter" and doc.doc_number == "聊政办函〔2022〕8号"
    assert doc.recipients.main == ["市统计局"]
    assert doc.issuer == "聊城市人民政府办公室" and doc.signed_date == "2022-06-01"


def test_a_year_only_date_gives_a_year_and_no_month():
    from indexer.facet_registry import FACETS

    record = {"date": "2021"}
    assert FACETS["year"].values(record) == ["2021"]
    assert FACETS["month"].values(record) == []
    assert FACETS["month"].values({"date": "2021-05-08"}) == ["2021-05"]


def test_a_document_without_a_title_line_still_has_an_article_title():
    doc = only(NO_TITLE)
    assert doc.headline is None and doc.articles[0].title


# --- 公文 as text-layer PDFs: a converter's text layer breaks at every printed line ---------------

PDF_FONT = "STSong-Light"
# GB/T 9704 on A4: a 156 mm text block, 37 mm from the top, 28 mm from the left; the issuer's
# header large, the number and body in 三号 (16 pt), the title in 二号 (22 pt); size, alignment, indent
PDF_STYLES = {
    "header": (26, "center", 0),
    "number": (16, "center", 0),
    "title": (22, "center", 0),
    "to": (16, "left", 0),
    "body": (16, "left", 2),
    "sign": (16, "right", 0),
}
MM = 72 / 25.4
PDF_LEFT, PDF_TOP, PDF_WIDTH = 28 * MM, 37 * MM, 156 * MM
NO_LINE_START = "，。、；：？！）》”"


def printed_lines(text: str, size: int, indent: int) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line, used = [], "", indent * size
    for char in text:
        step = stringWidth(char, PDF_FONT, size)
        if line and used + step > PDF_WIDTH and char not in NO_LINE_START:
            lines.append(line)
            line, used = "", 0.0
        line, used = line + char, used + step
    return lines + [line]


def gongwen_pdf(path: Path, blocks: list[tuple[str, str]]) -> Path:
    """A one-page 公文 laid out as GB/T 9704 prints it, its fonts not embedded (as converters leave them)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    page = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    y = height - PDF_TOP
    for style, text in blocks:
        size, align, indent = PDF_STYLES[style]
        page.setFont(PDF_FONT, size)
        for n, line in enumerate(printed_lines(text, size, indent)):
            y -= size * 1.8
            if align == "center":
                page.drawCentredString(width / 2, y, line)
            elif align == "right":
                page.drawRightString(PDF_LEFT + PDF_WIDTH - 4 * size, y, line)
            else:
                page.drawString(PDF_LEFT + (indent * size if n == 0 else 0), y, line)
    page.save()
    return path


def read_pdf(path: Path) -> tuple[list[str], Document]:
    """The text layer's lines, and the one document extract, clean and parse make of the file."""
    extracted = extract(path)
    raw = [line for page in extracted.pages for line in page.text.splitlines() if line.strip()]
    cleaned = clean_pages([page.text for page in extracted.pages]).text
    assert clean_text(cleaned) == cleaned
    documents = parse(cleaned, {**extracted.meta, "format": extracted.format})
    assert len(documents) == 1
    return raw, documents[0]


PDF_NOTICE_TITLE = "河西县人民政府办公室关于做好今冬明春农村饮水安全保障工作的通知"
PDF_NOTICE = [
    ("header", "河西县人民政府办公室文件"),
    ("number", "河政办发〔2023〕7号"),
    ("title", PDF_NOTICE_TITLE),
    ("to", "各乡镇人民政府，县政府各部门："),
    (
        "body",
        "为切实做好全县冬春季节农村饮水安全保障工作，确保群众喝上放心水、安全水，经县政府同意，现将有关事项通知如下。",
    ),
    (
        "body",
        "一、开展工程巡查。各乡镇要在12月底前对辖区内集中供水工程逐一开展巡查，对发现的管网漏损、设施老化等问题建立台账，明确责任人和整改时限。",
    ),
    ("body", "二、加强水质检测。县水利局、县卫生健康局要加密水质抽检频次，检测结果按月向社会公开。"),
    ("body", "特此通知。"),
    ("sign", "河西县人民政府办公室"),
    ("sign", "2023年11月20日"),
]


def test_pdf_notice_whose_title_set_over_two_lines_is_wider_than_its_body(tmp_path):
    raw, doc = read_pdf(gongwen_pdf(tmp_path / "notice.pdf", PDF_NOTICE))
    assert PDF_NOTICE_TITLE not in raw  # the title type wrapped it
    assert doc.kind == "notice" and doc.headline == PDF_NOTICE_TITLE
    assert doc.doc_number == "河政办发〔2023〕7号"
    assert doc.recipients.main == ["各乡镇人民政府", "县政府各部门"]
    assert doc.issuer == "河西县人民政府办公室" and doc.signed_date == "2023-11-20"


def pdf_reply(request_title: str) -> list[tuple[str, str]]:
    return [
        ("header", "南关县人民政府文件"),
        ("number", "南政字〔2023〕15号"),
        ("title", "南关县人民政府关于同意城关镇修缮镇中心小学教学楼和学生宿舍的批复"),
        ("to", "城关镇人民政府："),
        (
            "body",
            f"你镇《{request_title}》（城关政发〔2023〕19号）收悉。经研究，同意你镇修缮镇中心小学教学楼和学生宿舍。",
        ),
        ("body", "此复。"),
        ("sign", "南关县人民政府"),
        ("sign", "2023年6月2日"),
    ]


# The request's title is as long as it takes to end the line inside the number it gives.
@pytest.mark.parametrize(
    "request_title, cut",
    [
        ("关于修缮镇中心小学教学楼和宿舍的请示", "（城关"),
        ("关于修缮中心小学教学楼和宿舍的请示", "（城关政"),
        ("关于修缮小学教学楼和宿舍的请示", "城关政发〔2"),
        ("关于修缮小学教学楼的请示", "2023〕1"),
    ],
)
def test_pdf_reply_whose_cited_number_the_wrap_cut(tmp_path, request_title, cut):
    raw, doc = read_pdf(gongwen_pdf(tmp_path / "reply.pdf", pdf_reply(request_title)))
    assert any(line.endswith(cut) for line in raw)  # the text layer broke the line inside the number
    assert doc.kind == "reply" and doc.doc_number == "南政字〔2023〕15号"
    assert doc.recipients.main == ["城关镇人民政府"]
    assert [c.doc_number for c in doc.cites] == ["城关政发〔2023〕19号"]
