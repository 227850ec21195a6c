"""The real notices, circulars and letters of the ledger set: their 公文 fields, read by eye.

The texts are third-party and stay in ../shared/corpus/ledger/docs (read here by relative path).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.clean import clean_pages
from indexer.kinds import is_gongwen
from indexer.parse import parse
from indexer.records import Citation, Document

DOCS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "ledger" / "docs"
STATE_COUNCIL_RECIPIENTS = ["各省、自治区、直辖市人民政府", "国务院各部委、各直属机构"]


def document(number: str) -> Document:
    (path,) = DOCS.glob(f"{number}_*.txt")
    documents = parse(clean_pages([path.read_text(encoding="utf-8")]).text)
    assert len(documents) == 1
    return documents[0]


def test_201_state_council_notice():
    doc = document("201")
    assert doc.kind == "notice"
    assert doc.doc_number == "国办发〔2019〕3号" and doc.issuer == "国务院办公厅"
    assert doc.signed_date == doc.date == "2019-01-09"
    assert doc.recipients.main == STATE_COUNCIL_RECIPIENTS and doc.recipients.cc == []
    assert doc.headline == "国务院办公厅关于开展城镇小区配套幼儿园治理工作的通知"
    assert Citation(None, "关于学前教育深化改革规范发展的若干意见", "印发") in doc.cites
    assert Citation("GB 50180", "城市居住区规划设计标准", "遵循") in doc.cites
    assert all(c.doc_number != doc.doc_number for c in doc.cites)


def test_202_letter_answering_a_province():
    doc = document("202")
    assert doc.kind == "letter"
    assert doc.doc_number == "国办函〔2004〕71号" and doc.issuer == "国务院办公厅"
    assert doc.signed_date == "2004-10-15"  # 二〇〇四年十月十五日
    assert doc.recipients.main == ["四川省人民政府"]
    numbers = [c.doc_number for c in doc.cites if c.doc_number]
    assert numbers == ["国发〔2004〕20号", "发改农经〔2004〕1933号"]
    assert Citation("国发〔2004〕20号", "国务院关于投资体制改革的决定", "按照") in doc.cites
    assert not {"决定", "规划", "方案"} & {c.title for c in doc.cites}  # short forms of titles cited before


def test_203_circular_with_chinese_numeral_date_and_three_line_title():
    doc = document("203")
    assert doc.kind == "circular"
    assert doc.doc_number == "国办发〔2004〕7号" and doc.issuer == "国务院办公厅"
    assert doc.signed_date == doc.date == "2004-01-16"  # not the first event date of the text
    assert doc.headline == "国务院办公厅关于山西、安徽省四起特大煤矿瓦斯爆炸事故调查处理情况的通报"
    assert doc.recipients.main == STATE_COUNCIL_RECIPIENTS
    assert Citation(None, "中华人民共和国安全生产法", "依据") in doc.cites


@pytest.mark.parametrize(("number", "written"), [("204", "二〇二四年第十六期"), ("205", "督察通报第十七期")])
def test_204_205_inspection_circulars_from_a_metadata_table(number, written):
    doc = document(number)
    assert doc.kind == "circular"
    assert doc.doc_number == written  # the page's 文号, kept as written
    assert doc.issuer in ("紫阳县政府办公室", "紫阳县人民政府办公室")  # the office the page names
    assert doc.signed_date == {"204": "2024-06-18", "205": "2022-09-14"}[number]  # 成文日期, not 公开日期


def test_209_county_notice_from_a_metadata_table():
    doc = document("209")
    assert doc.kind == "notice"
    assert doc.doc_number == "靖政发〔2025〕17号"
    assert doc.issuer == "靖边县人民政府"  # the title's, not the publishing office's
    assert doc.signed_date == "2025-02-28"
    assert doc.recipients.main == ["各镇人民政府、张家畔街道办事处", "县政府各工作部门、派出机构", "新桥农场"]
    assert doc.cites == []  # its own number, printed twice in the table, is no citation


def test_212_notice_issuing_a_plan():
    doc = document("212")
    assert doc.kind == "notice"
    assert doc.doc_number == "国办函〔2018〕71号" and doc.issuer == "国务院办公厅"
    assert doc.signed_date == "2018-10-27"
    assert doc.recipients.main == STATE_COUNCIL_RECIPIENTS
    assert doc.cites == [Citation(None, "政府网站集约化试点工作方案", "印发")]


@pytest.mark.parametrize("number", ["206", "207", "208", "210", "211"])
def test_meeting_news_and_reports_are_no_official_documents(number):
    assert not is_gongwen(document(number).kind)
