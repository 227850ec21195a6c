"""The query language parsed into the engine-neutral tree (no index): the 发文字号 prefixes."""

from __future__ import annotations

import pytest

from indexer.engines.base import Leaf
from search_app.query import QuerySyntaxError, parse_query


@pytest.mark.parametrize(
    "written",
    [
        "国办发〔2019〕3号",
        "国办发[2019]3号",
        "国办发（2019）3号",
        "国办发(2019)03号",
        "国办发【２０１９】３号",
        "国办发﹝2019﹞第3号",
        '"国办发 〔2019〕 3号"',
    ],
)
@pytest.mark.parametrize("prefix", ["docno", "cites", "DocNo"])
def test_a_number_in_any_spelling_is_one_leaf_in_the_one_form(prefix, written):
    tree = parse_query(f"{prefix}:{written}")
    (group,) = tree.groups
    leaf = group[0]
    assert (leaf.text, leaf.field, leaf.negated) == ("国办发〔2019〕3号", prefix.lower(), False)


def test_a_document_and_what_cites_it_and_exclusions():
    tree = parse_query("docno:国办发[2019]3号 OR cites:国办发（2019）3号 幼儿园 -cites:国发〔2018〕39号")
    assert [[(x.text, x.field) for x in g] for g in tree.groups] == [
        [("国办发〔2019〕3号", "docno"), ("国办发〔2019〕3号", "cites")],
        [("幼儿园", None)],
    ]
    assert tree.negations == [Leaf("国发〔2018〕39号", False, "cites", True)]


def test_the_number_is_highlighted_where_the_text_writes_it_so():
    assert parse_query("cites:国办发[2019]3号 幼儿园").needles == ["国办发〔2019〕3号", "幼儿园"]


def test_an_unknown_prefix_names_every_prefix_there_is():
    with pytest.raises(QuerySyntaxError) as error:
        parse_query("number:国办发〔2019〕3号")
    assert "docno:" in str(error.value) and "cites:" in str(error.value) and "person:" in str(error.value)


@pytest.mark.parametrize("bad", ["docno:", "cites:〔〕", 'docno:""'])
def test_a_prefix_without_a_number_is_a_syntax_error(bad):
    with pytest.raises(QuerySyntaxError, match="查询语法错误"):
        parse_query(bad)
