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


def test_gongwen_fields_as_pages_show_them():
    record = {
        "kind": "request",
        "document": {
            "doc_number": "东政发〔2021〕15号",
            "issuer": "聊城市东昌府区人民政府",
            "signed_date": "2021-04-02",
            "recipients": {"main": ["聊城市人民政府"], "cc": ["市财政局", "市住建局"]},
            "printed": {"by": "聊城市东昌府区人民政府办公室", "date": "2021-04-03"},
            "signer": "孙立平",
            "classification": {"level": "秘密", "period": "1年"},
            "urgency": "特急",
            "copy_number": "000042",
            "attachments": ["项目清单", "预算表"],
        },
    }
    assert labels.gongwen_fields(record) == [
        ("文种", "请示"),
        ("发文字号", "东政发〔2021〕15号"),
        ("发文机关", "聊城市东昌府区人民政府"),
        ("成文日期", "2021-04-02"),
        ("主送", "聊城市人民政府"),
        ("抄送", "市财政局，市住建局"),
        ("签发人", "孙立平"),
        ("密级", "秘密★1年"),
        ("紧急程度", "特急"),
        ("附件", "1.项目清单；2.预算表"),
        ("印发", "聊城市东昌府区人民政府办公室 2021-04-03 印发"),
        ("份号", "000042"),
    ]


def test_gongwen_fields_leave_out_what_a_document_lacks_and_a_briefing_has_none():
    assert labels.gongwen_fields({"kind": "briefing"}) == []  # a record stored before the fields, too
    assert labels.gongwen_fields({"kind": "notice"}) == [("文种", "通知")]
    assert labels.classification({"level": "机密", "period": None}) == "机密"
    assert labels.classification({"level": None, "period": None}) == ""
    assert labels.printed({"by": None, "date": "2021-04-03"}) == "2021-04-03 印发"
    assert labels.attachments(["项目清单"]) == "项目清单"
    assert labels.relation("cites") == "引用" and labels.relation("转发") == "转发"
