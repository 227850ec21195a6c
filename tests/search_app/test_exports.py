"""The columns each list exports: Chinese labels, source paths relative to the archive (no index)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from search_app.csv_export import table_chunks
from search_app.exports import SEARCH_COLUMNS, UNIT_COLUMNS, search_row, units_table
from search_app.web.urls import ExportLinks

LINKS = ExportLinks("https://jianbao.example")

HIT = {
    "id": "abc-1",
    "title": "东昌府区召开推进会",
    "date": "2021-06-13",
    "kind": "briefing",
    "doc_number": None,
    "units": ["东昌府区", "古楼街道"],
    "issue": {"series": "创城工作简报", "number": 31.0},
    "source": {"path": "/srv/archive/2021/简报31.pdf", "page": 2},
}


def test_a_hit_row_has_chinese_labels_and_a_path_under_the_archive():
    row = search_row(HIT, Path("/srv/archive"), LINKS)
    assert len(row) == len(SEARCH_COLUMNS)
    assert row[:10] == [
        "abc-1",
        "东昌府区召开推进会",
        "2021-06-13",
        "简报",
        "东昌府区；古楼街道",
        "创城工作简报",
        31.0,
        "2021/简报31.pdf",
        2,
        "",
    ]
    assert row[10:] == [LINKS.base + "/article/abc-1", LINKS.base + "/original/abc-1?p=2"]


def test_a_gongwen_row_names_its_kind_and_number():
    notice = {**HIT, "kind": "notice", "doc_number": "东政办发〔2022〕9号", "issue": None}
    row = dict(zip(SEARCH_COLUMNS, search_row(notice, Path("/srv/archive"), LINKS)))
    assert (row["文种"], row["发文字号"]) == ("通知", "东政办发〔2022〕9号")


def test_a_source_outside_the_archive_shows_only_its_file_name():
    assert search_row({**HIT, "issue": None}, Path("/elsewhere"), LINKS)[5:8] == ["", None, "简报31.pdf"]


def test_units_are_listed_with_their_parent():
    listed = units_table(
        [{"value": "东昌府区", "count": 4}, {"value": "聊城市", "count": 9}], {"东昌府区": "聊城市"}
    )
    text = b"".join(table_chunks(listed)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [UNIT_COLUMNS, ["东昌府区", "4", "聊城市"], ["聊城市", "9", ""]]
