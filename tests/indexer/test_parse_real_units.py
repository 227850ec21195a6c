"""Units, officials and speakers on real news pages nobody on the project wrote (../shared/corpus/real)."""

from __future__ import annotations

import pytest

from indexer.clean import clean_pages
from indexer.extract import extract
from indexer.parse import parse
from tests.conftest import SHARED

REAL = SHARED / "corpus" / "real" / "docs"


def articles(name: str):
    extracted = extract(REAL / name, ocr=False)
    cleaned = clean_pages([page.text for page in extracted.pages])
    return [a for doc in parse(cleaned.text, extracted.meta) for a in doc.articles]


@pytest.mark.parametrize(
    "name, units",
    [
        ("gne-163-8.html", {"北京市", "武汉市"}),  # not 夯实社区, 城乡社区, 紧紧扭住城乡
        ("gne-gzggw-1.html", {"德清县", "德清县发改局"}),  # not 月德清县
        ("gne-shanxi-1.html", {"南共体市场工商协会"}),  # not the portal's 网站
        ("gne-thepaper-3.html", set()),
        ("gne-cmse-1.html", set()),
    ],
)
def test_real_pages_give_only_real_units(name, units):
    assert {u.name for a in articles(name) for u in a.units} == units


def test_real_pages_give_only_real_people_as_speakers():
    found = articles("gne-shanxi-1.html")
    assert {(o.name, o.position) for a in found for o in a.officials} == {
        ("陈河才", "省贸促会会长"),
        ("张伟", "巴西华人协会会长"),
    }
    assert {s.speaker for a in found for s in a.statements} <= {"陈河才", "张伟"}
