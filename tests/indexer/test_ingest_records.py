"""Article records carry their document's 公文 fields and their own citations, through the catalog too.

Every text here is made up for the test.
"""

from __future__ import annotations

import json

from indexer.engines import open_store
from indexer.records import ArticleRecord, cites_of, document_of
from indexer.run.batch import Options, run
from indexer.run.ingest import ingest

NOTICE = """000042
秘密★1年
加急
聊城市东昌府区人民政府办公室文件
东政办发〔2022〕9号　　　　签发人：赵立新
关于转发区住建局老旧小区改造实施方案的通知
各镇人民政府、街道办事处，区政府各部门：
区住建局《老旧小区改造实施方案》（东住建发〔2022〕4号）已经区政府同意，现转发给你们，请认真贯彻执行。各镇街要根据聊政办发[２０２１]５号文件精神，于2022年9月底前完成改造任务。
附件：老旧小区改造实施方案
聊城市东昌府区人民政府办公室
2022年3月2日
抄送：区委办公室，区人大常委会办公室。
聊城市东昌府区人民政府办公室　　　　2022年3月3日印发
"""

BRIEFING = """东昌府区工作简报
第6期
中共东昌府区委办公室　　2022年4月8日
- 古楼街道推进老旧小区改造
- 柳园街道开展文明劝导

古楼街道推进老旧小区改造
4月6日，古楼街道召开老旧小区改造推进会，根据东政办发〔2022〕9号文件要求，部署二季度改造任务，力争6月底前完成三个小区的改造。

柳园街道开展文明劝导
4月7日，柳园街道组织志愿者在主要路口开展文明劝导，劝导不文明行为一百余起。
"""


def _records(tmp_path, name: str, text: str) -> list[ArticleRecord]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = ingest(str(path))
    assert result.error is None, result.error
    return result.records


def test_a_gongwen_record_carries_every_field_of_its_document(tmp_path):
    (record,) = _records(tmp_path, "notice.txt", NOTICE)
    assert record["kind"] == "notice"
    assert record["document"] == {
        "doc_number": "东政办发〔2022〕9号",
        "issuer": "聊城市东昌府区人民政府办公室",
        "signed_date": "2022-03-02",
        "recipients": {
            "main": ["各镇人民政府、街道办事处", "区政府各部门"],
            "cc": ["区委办公室", "区人大常委会办公室"],
        },
        "printed": {"by": "聊城市东昌府区人民政府办公室", "date": "2022-03-03"},
        "signer": "赵立新",
        "classification": {"level": "秘密", "period": "1年"},
        "urgency": "加急",
        "copy_number": "000042",
        "attachments": ["老旧小区改造实施方案"],
    }
    assert record["cites"] == [
        {"doc_number": "东住建发〔2022〕4号", "title": "老旧小区改造实施方案", "relation": "转发"},
        {"doc_number": "聊政办发〔2021〕5号", "title": None, "relation": "根据"},
    ]
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record


def test_each_article_of_a_briefing_carries_only_what_it_cites_and_no_gongwen_fields(tmp_path):
    records = _records(tmp_path, "briefing.txt", BRIEFING)
    by_title = {r["title"]: r for r in records}
    citing, other = by_title["古楼街道推进老旧小区改造"], by_title["柳园街道开展文明劝导"]
    assert [c["doc_number"] for c in citing["cites"]] == ["东政办发〔2022〕9号"]
    assert other["cites"] == []
    assert citing["kind"] == "briefing"
    assert citing["document"]["doc_number"] is None and citing["document"]["recipients"] == {
        "main": [],
        "cc": [],
    }


def test_the_document_cites_what_its_articles_cite(tmp_path):
    path = tmp_path / "briefing.txt"
    path.write_text(BRIEFING, encoding="utf-8")
    (document,) = ingest(str(path)).documents
    assert [c.doc_number for c in document.cites] == ["东政办发〔2022〕9号"]
    assert [c.doc_number for a in document.articles for c in a.cites] == ["东政办发〔2022〕9号"]


def test_records_keep_the_fields_in_the_catalog(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notice.txt").write_text(NOTICE, encoding="utf-8")
    store = open_store(tmp_path / "index")
    assert not run([str(folder)], store, Options()).failed
    catalog = store.catalog()
    try:
        (record,) = catalog.records(str(folder / "notice.txt"))
    finally:
        catalog.close()
    assert record["document"]["doc_number"] == "东政办发〔2022〕9号"
    assert record["document"]["classification"] == {"level": "秘密", "period": "1年"}
    assert len(record["cites"]) == 2


def test_a_record_stored_before_the_fields_reads_as_having_none(tmp_path):
    (record,) = _records(tmp_path, "notice.txt", NOTICE)
    older = {k: v for k, v in record.items() if k not in ("document", "cites")}
    assert document_of(older)["doc_number"] is None
    assert document_of(older)["classification"] == {"level": None, "period": None}
    assert cites_of(older) == []
    assert document_of(record)["doc_number"] == "东政办发〔2022〕9号"


def test_records_are_made_as_dataclasses_asdict_makes_them(tmp_path):
    """``plain`` builds the record dicts without asdict's deep copies: the same values, of the same types."""
    from dataclasses import asdict

    from indexer.parse import parse
    from indexer.records import plain

    documents = parse(NOTICE) + parse(BRIEFING)
    assert documents and any(article.statements for d in documents for article in d.articles)
    for document in documents:
        assert plain(document) == asdict(document)
        assert json.dumps(plain(document), ensure_ascii=False) == json.dumps(
            asdict(document), ensure_ascii=False
        )
        for article in document.articles:
            made, expected = plain(article), asdict(article)
            assert made == expected and made is not expected
            assert [type(v) for v in made.values()] == [type(v) for v in expected.values()]
