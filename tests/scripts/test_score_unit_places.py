"""score_unit_places: a unit named in a city the document never writes is counted, one it writes is not."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
REPO = SCRIPTS.parent


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


scorer = load("score_unit_places")


def extracted(text: str, units: list[tuple[str, str]], statements: list[dict] | None = None) -> dict:
    article = {
        "title": "",
        "text": text,
        "units": [{"name": n, "normalized": m} for n, m in units],
        "officials": [{"name": "王强", "position": "局长"}],
        "statements": statements or [],
    }
    return {"documents": [{"articles": [article]}]}


def test_cities_a_name_carries():
    assert scorer.cities_in("济宁市消防支队") == {"济宁"}
    assert scorer.cities_in("山东省聊城市公安局") == {"聊城"}
    assert scorer.cities_in("聊城高新技术产业开发区") == {"聊城"}
    assert scorer.cities_in("城市管理局") == set()
    assert scorer.cities_in("市公安局") == set()


def test_a_city_the_text_never_writes_is_foreign():
    found = extracted(
        "济宁市召开会议，市消防支队参加。",
        [("市消防支队", "聊城市消防支队"), ("济宁市", "济宁市")],
        [{"speaker": "王强", "unit": "聊城市消防支队"}],
    )
    wrong = scorer.foreign(scorer.named_units(found), scorer.document_text(found))
    assert (
        "市消防支队 → 聊城市消防支队" in wrong and "市消防支队 → 聊城市" in wrong
    )  # the facet's ancestor too
    assert "(聊城市消防支队) → 聊城市消防支队" in wrong  # the statement's unit
    assert not [w for w in wrong if "济宁" in w]
    assert "(王强)" not in scorer.named_units(found)  # an official is no unit


def test_a_run_over_files_counts_foreign_and_lost_units(tmp_path, capsys):
    jianbao = tmp_path / "jianbao"
    jianbao.write_text(f'#!/bin/sh\nPYTHONPATH={REPO} exec {sys.executable} -m jianbao "$@"\n', "utf-8")
    jianbao.chmod(0o755)
    page = tmp_path / "notice.txt"
    page.write_text("泰安市人民政府办公室关于加强消防安全的通知\n\n市消防支队要开展消防演练。\n", "utf-8")
    baseline = tmp_path / "before"
    baseline.mkdir()
    (baseline / "notice.txt.json").write_text('{"市消防支队": ["市消防支队"], "某某局": ["某某局"]}', "utf-8")
    assert scorer.main(["--jianbao", str(jianbao), "--baseline", str(baseline), str(page)]) == 0
    out = capsys.readouterr().out
    assert "foreign=0" in out and "lost=1" in out and "lost: 某某局" in out
