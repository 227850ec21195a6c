"""Protective markings read from a document's header (indexer.parse.marking): sentences written here."""

from __future__ import annotations

import pytest

from indexer.parse.marking import header_level, line_level, marking


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("内部资料", "internal"),
        ("内部资料 注意保存", "internal"),
        ("（内部资料，注意保存）", "internal"),
        ("某某区工作简报 内部刊物", "internal"),
        ("内部", "internal"),
        ("请勿外传", "internal"),
        ("秘密★1年", "秘密"),
        ("机密★6个月", "机密"),
        ("绝密★启用前", "绝密"),
        ("000123 秘密★长期 特急", "秘密"),
        ("注意保存", "public"),  # a word beside marks says nothing by itself
        ("关于加强内部管理的通知", "public"),  # 内部 inside a word of a title
        ("内部 管理 工作", "public"),  # bare 内部 counts only on a line of marks
        ("会议研究了秘密文件管理工作", "public"),
        ("第 27 期", "public"),
    ],
)
def test_line_level(line, level):
    assert line_level(line) == level


def test_a_mark_counts_only_in_the_header():
    body = "\n".join(["某市工作简报", "第3期", "某市办公室 2021年5月10日", "标题"] + ["正文一句。"] * 20)
    assert header_level(body) == "public"
    assert header_level("内部资料\n" + body) == "internal"
    assert header_level(body + "\n内部资料") == "public"


def test_the_strictest_mark_of_header_and_classification_wins():
    assert marking("内部资料\n标题", [None]) == "internal"
    assert marking("内部资料\n标题", ["机密"]) == "机密"
    assert marking("秘密★1年\n标题", ["秘密"]) == "秘密"
    assert marking("标题\n正文", [None, None]) == "public"


def test_a_long_line_is_body_text_not_a_mark():
    assert line_level("内部资料" + "很长的正文" * 20) == "public"


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("内部资料注意保存某市工作简报", "internal"),
        ("（内部刊物）某区简报", "internal"),
        ("秘密★1年某市人民政府文件", "秘密"),
        ("秘密工作会议纪要", "public"),  # no star: a title's word
        ("内部管理办法", "public"),  # 内部 counts only alone
    ],
)
def test_a_mark_run_together_with_the_cover(line, level):
    assert line_level(line) == level
