"""score_demo on archives made with seeds nobody tuned for: precision beside every recall, at the bar."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


generator, scorer = load("make_demo_archive"), load("score_demo")
BARS = {
    "unit precision": 98.0,
    "unit recall": 99.0,
    "officials precision": 99.0,
    "directive precision": 95.0,
    "commitment precision": 95.0,
    "speaker is person or unit": 100.0,
    "speaker precision": 99.0,
    "target pair precision": 100.0,
    "target pair recall": 100.0,
    # 公文 (22 a run, a fifth of them PDFs): the misses are PDF text layers (a title over two lines run
    # into the 主送 line, a number wrapped across lines), at most two a run on the seeds measured
    "gongwen kind": 90.0,
    "doc_number": 90.0,
    "marks": 100.0,
    "cited number recall": 85.0,
    "cited number precision": 85.0,
}


@pytest.mark.parametrize("seed", ["3", "29"])
def test_precision_and_recall_on_an_unseen_archive(tmp_path, capsys, seed):
    archive, gold = tmp_path / "archive", tmp_path / "gold.jsonl"
    formats = "txt,gb18030,pdf,html,docx"
    assert (
        generator.main(
            [
                str(archive),
                "--issues",
                "12",
                "--news",
                "4",
                "--seed",
                seed,
                "--formats",
                formats,
                "--gold",
                str(gold),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert scorer.main([str(gold), str(archive)]) == 0
    scores = {
        m.group(1).strip(): float(m.group(2))
        for m in re.finditer(r"^(.+?)\s+\d+/\d+\s+([\d.]+)%$", capsys.readouterr().out, re.M)
    }
    for metric in [m for m in scores if m.endswith("recall")]:
        assert metric.replace("recall", "precision") in scores, metric
    for metric, bar in BARS.items():
        assert scores[metric] >= bar, (metric, scores[metric])
