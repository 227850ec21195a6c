"""Deadlines of the ledger: each relative expression resolves against the statement's date
(the document's own where it has one); those with no date keep their words."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.parse import parse
from indexer.parse.deadlines import find_deadlines
from indexer.parse.statements import find_statements

SAID = date(2024, 6, 18)


@pytest.mark.parametrize(
    "sentence, written, due",
    [
        ("请于6月20日18：00前报送名单", "6月20日18：00前", "2024-06-20"),
        ("各科室12月底前完成归档", "12月底前", "2024-12-31"),
        ("本项工作月底完成", "月底", "2024-06-30"),
        ("确保年内建成投用", "年内", "2024-12-31"),
        ("今年新建口袋公园5个", "今年", "2024-12-31"),
        ("完成2025年度考核任务", "2025年度", "2025-12-31"),
        ("力争到2025年实现全覆盖", "2025年", "2025-12-31"),
        ("到2025年底基本建成", "2025年底", "2025-12-31"),
        ("两个月内完成整改", "两个月内", "2024-08-18"),
        ("下半年启动二期工程", "下半年", "2024-12-31"),
        ("一季度末前完成招标", "一季度末前", "2025-03-31"),  # this year's has passed: next year's
        ("春节前发放到位", "春节前", "2025-01-29"),
        ("国庆节前完成验收", "国庆节前", "2024-10-01"),
        ("15个工作日内办结", "15个工作日内", "2024-07-09"),
        ("10天内反馈意见", "10天内", "2024-06-28"),
    ],
)
def test_relative_deadlines_resolve_from_the_statement_date(sentence, written, due):
    found = find_deadlines(sentence, SAID)
    assert [(d.written, d.due) for d in found] == [(written, due)]


@pytest.mark.parametrize(
    "sentence, written",
    [("对逾期未改的限期整改", "限期"), ("要于每次调度会议前报送进展", "每次调度会议前")],
)
def test_deadlines_without_a_date_keep_their_words(sentence, written):
    (found,) = find_deadlines(sentence, SAID)
    assert (found.written, found.due, found.limit) == (written, None, True)


def test_periods_and_scopes_are_no_limits():
    assert find_deadlines("每月底报送一次", SAID) == []
    (scope,) = find_deadlines("完成2023年度新开工任务", SAID)
    assert (scope.due, scope.limit) == ("2023-12-31", False)


def test_a_directive_carries_its_deadline_without_a_number():
    (order,) = find_statements("王立新要求，各村要于每次调度会议前报送进展。", {"王立新": "镇长"}, said=SAID)
    assert [(t.deadline, t.due) for t in order.targets] == [("每次调度会议前", None)]
    (dated,) = find_statements("王立新要求，各村6月底前完成排查。", {"王立新": "镇长"}, said=SAID)
    assert [(t.deadline, t.due) for t in dated.targets] == [("6月底前", "2024-06-30")]


def test_deadlines_resolve_against_the_dating_line_not_a_date_in_the_body():
    text = (
        "河西县人民政府关于开展汛前检查的通知\n各乡镇：\n"
        "2022年8月，我县遭遇强降雨。现将有关事项通知如下：\n"
        "一、各乡镇要于月底前完成隐患排查。\n"
        "河西县人民政府\n2023年5月6日\n"
    )
    (order,) = [s for doc in parse(text) for a in doc.articles for s in a.statements]
    assert [t.due for t in order.targets] == ["2023-05-31"]


def test_a_lead_in_year_dates_the_targets_listed_after_it():
    text = "我们要全力以赴。2025年全县发展的主要目标为：地区生产总值增长6%；新增就业3000人。"
    found = find_statements(text, {}, said=None)
    assert {t.due for s in found for t in s.targets if t.number} == {"2025-12-31"}
