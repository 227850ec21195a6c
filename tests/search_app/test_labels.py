"""Chinese labels for what the search layer returns in English or as numbers (no server)."""

from __future__ import annotations

from search_app import labels


def test_issues_targets_and_deadlines():
    assert labels.issue({"series": "工作简报", "number": 27, "date": None}) == "工作简报 第27期"
    assert labels.issue({"series": "某报", "number": None}) == "某报"
    assert labels.issue(None) == ""
    assert (
        labels.targets(
            [
                {"number": 61.0, "measure": "个网格", "deadline": None},
                {"number": 15.5, "measure": "%", "deadline": "2020年"},
            ]
        )
        == "61个网格；15.5%"
    )
    assert labels.deadlines([{"deadline": "2020年"}, {"deadline": None}, {"deadline": "2020年"}]) == "2020年"


def test_numbers_lose_a_zero_fraction_only():
    assert labels.number(27.0) == "27" and labels.number(15.5) == "15.5" and labels.number(None) == ""


def test_kinds_and_types_read_the_shared_vocabulary():
    assert labels.kind("briefing") == "简报" and labels.kind("memo") == "memo"
    assert labels.statement_type("directive") == "指示"
    assert labels.facet_value("month", "2021-05") == "2021年5月"
    assert labels.FACET_TITLES["from"] == "起始日期" and labels.FACET_TITLES["kind"] == "文种"


def test_file_names_from_any_path():
    assert labels.file_name("/a/b/c.pdf") == "c.pdf"
    assert labels.file_name("C:\\档案\\简报.docx") == "简报.docx"
    assert labels.file_name(None) == ""
