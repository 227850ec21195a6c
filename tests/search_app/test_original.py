"""The original page's marks on a scanned page come from the OCR boxes indexing cached, not a new OCR."""

from __future__ import annotations

import json

from indexer.engines import open_store
from indexer.extract import ocr
from search_app import original
from tests.search_app.conftest import SHARED

SCANNED = SHARED / "corpus" / "pdf" / "003-scanned.pdf"


def planted_store(tmp_path, boxes, rotation=0):
    """An index of the scanned PDF (OCR off, so nothing is read) whose OCR cache holds the given boxes."""
    from indexer.run.batch import Options, run

    store = open_store(tmp_path / "index")
    run([str(SCANNED)], store, Options(ocr=False))
    sha = original.source_sha(store, str(SCANNED))
    target = ocr.cache_file(store.cache_dir("ocr"), sha, 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"boxes": boxes, "rotation": rotation, "dpi": 150}), encoding="utf-8")
    return store


def corners(left, top, right, bottom):
    return [[left, top], [right, top], [right, bottom], [left, bottom]]


def test_a_scanned_page_is_marked_from_the_boxes_indexing_cached(tmp_path):
    store = planted_store(tmp_path, [[corners(100, 200, 300, 240), "测试标记", 0.99]])
    width, height = original.ocr_pixel_size(str(SCANNED), 1)
    glyphs, how = original.glyphs_of(store, str(SCANNED), 1)
    assert how == "ocr" and "".join(g.char for g in glyphs) == "测试标记"
    [box] = original.find_boxes(glyphs, ["测试标记"])
    assert abs(box.left + 0.002 - 100 / width) < 1e-6 and abs(box.top + 0.002 - 200 / height) < 1e-6
    assert abs(box.width - 0.004 - 200 / width) < 1e-6


def test_boxes_of_a_page_read_upside_down_are_turned_back(tmp_path):
    store = planted_store(tmp_path, [[corners(100, 200, 300, 240), "测试", 0.99]], rotation=180)
    width, height = original.ocr_pixel_size(str(SCANNED), 1)
    glyphs, _ = original.glyphs_of(store, str(SCANNED), 1)
    first = glyphs[0]
    assert abs(first.right - (1 - 100 / width)) < 1e-6 and abs(first.bottom - (1 - 200 / height)) < 1e-6


def test_a_source_outside_the_catalog_is_keyed_by_its_content(tmp_path):
    from indexer.run.batch import sha256_of

    store = planted_store(tmp_path, [])
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(SCANNED.read_bytes())
    assert original.source_sha(store, str(copy)) == sha256_of(str(SCANNED))
