"""One issue in several files is one set of articles; the other files are its versions."""

from __future__ import annotations

import json

from indexer.engines import open_store
from indexer.run.batch import Options, run
from indexer.store.versions import edition_key, same_text
from search_app.search import SearchRequest, search
from tests.conftest import CORPUS

TXT_003 = CORPUS / "003_ee7b7c9e98106eac.txt"
PDF_003 = CORPUS / "pdf" / "003-digital.pdf"
PDF_000 = CORPUS / "pdf" / "000-digital.pdf"


def test_the_same_issue_as_txt_and_pdf_is_one_set_of_articles(tmp_path):
    index = tmp_path / "index"
    summary = run([str(TXT_003), str(PDF_003), str(PDF_000)], open_store(index), Options(ocr=False))
    assert summary.duplicates == [{"path": str(PDF_003), "duplicate_of": str(TXT_003)}]
    result = search(open_store(index), SearchRequest("审计局", size=100))
    assert result["total"] == 1  # not once per file
    (hit,) = result["hits"]
    assert hit["source"]["path"] == str(TXT_003)
    assert hit["versions"] == [{"path": str(PDF_003), "format": "pdf"}]
    other = search(open_store(index), SearchRequest("孙爱军", size=100))["hits"]
    assert other and all(h["versions"] == [] for h in other)  # 000 has one file only
    catalog = open_store(index).catalog()
    try:
        statuses = {row.path: row.status for row in catalog.sources()}
    finally:
        catalog.close()
    assert statuses == {str(TXT_003): "indexed", str(PDF_003): "duplicate", str(PDF_000): "indexed"}


def test_an_edition_needs_series_number_date_and_matching_text():
    record = {
        "issue": {"series": "聊城市创城工作简报", "number": 6, "date": "2021-03-07"},
        "text": "古楼街道规范物业管理",
    }
    assert json.loads(edition_key([record])) == ["聊城市创城工作简报", 6, "2021-03-07"]
    assert edition_key([{**record, "issue": {**record["issue"], "number": None}}]) is None
    assert same_text([record], [{**record, "text": "古楼街道 规范物业管理。"}])
    assert not same_text([record], [{**record, "text": "湖西街道开展垃圾分类宣传"}])
