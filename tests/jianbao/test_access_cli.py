"""``jianbao users``, ``jianbao audit`` and ``jianbao access``, and the CLI reading as an administrator."""

from __future__ import annotations

import csv
import io
import json
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest

from jianbao.cli import main
from tests.access_archive import access_file_set, index_archive, write_archive


def jianbao(*args: str, stdin: str = "", code: int = 0):
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                returned = main(list(args))
            except SystemExit as exit:
                returned = exit.code if isinstance(exit.code, int) else 2
    finally:
        sys.stdin = saved
    assert returned == code, err.getvalue()
    return out.getvalue(), err.getvalue()


@pytest.fixture
def archive(tmp_path):
    archive = write_archive(tmp_path / "archive")
    index_archive(archive, archive.root / "index", "whoosh")
    return archive


def test_accounts_are_added_listed_changed_and_disabled(archive):
    index = str(archive.root / "index")
    jianbao(
        "users",
        "--index",
        index,
        "add",
        "wang",
        "--role",
        "reader",
        "--group",
        "财政",
        "--password-stdin",
        stdin="long-enough-1\n",
    )
    jianbao("users", "--index", index, "add", "wang", "--password-stdin", stdin="long-enough-1\n", code=2)
    _, err = jianbao("users", "--index", index, "add", "li", "--password-stdin", stdin="short\n", code=2)
    assert "至少" in err
    listed, _ = jianbao("users", "--index", index, "list", "--json")
    (account,) = json.loads(listed)
    assert account["name"] == "wang" and account["groups"] == ["财政"] and account["password"]
    jianbao("users", "--index", index, "set", "wang", "--role", "auditor", "--group", "审计")
    jianbao("users", "--index", index, "passwd", "wang", "--password-stdin", stdin="another-one-2\n")
    token, _ = jianbao("users", "--index", index, "token", "wang")
    assert len(token.strip()) >= 40
    jianbao("users", "--index", index, "disable", "wang")
    (account,) = json.loads(jianbao("users", "--index", index, "list", "--json")[0])
    assert account["disabled"] and account["role"] == "auditor" and account["groups"] == ["审计"]
    jianbao(
        "users", "--index", index, "passwd", "nobody", "--password-stdin", stdin="long-enough-1\n", code=2
    )


def test_every_account_change_is_in_the_audit_log(archive):
    index = str(archive.root / "index")
    jianbao("users", "--index", index, "add", "wang", "--no-password")
    jianbao("users", "--index", index, "disable", "wang")
    text, _ = jianbao("audit", "--index", index, "--format", "csv", "--action", "account")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["时间", "账号", "操作"]
    assert [row[3] for row in rows[1:]] == ["wang", "wang"]
    assert all(row[1].startswith("命令行") for row in rows[1:])
    events = json.loads(jianbao("audit", "--index", index, "--format", "json", "--to", "2000-01-01")[0])
    assert events == []


def test_the_access_file_is_shown_checked_and_applied(archive):
    index = str(archive.root / "index")
    shown = json.loads(jianbao("access", "--index", index, "show", "--json")[0])
    assert shown["up_to_date"] and shown["file_exists"]
    checked = json.loads(jianbao("access", "--index", index, "check", "--json")[0])
    assert {item["marking"] for item in checked} == {"public", "internal", "秘密"}
    archive.access_file.write_text('default = ["财政"]\n', encoding="utf-8")
    assert not json.loads(jianbao("access", "--index", index, "show", "--json")[0])["up_to_date"]
    _, err = jianbao("access", "--index", index, "apply")
    assert "3 个文件" in err  # every folder now falls to the new default
    archive.access_file.write_text("default = [", encoding="utf-8")
    _, err = jianbao("access", "--index", index, "apply", code=1)
    assert "访问规则文件无法读取" in err


def test_the_cli_reads_as_an_administrator_and_says_so(archive):
    index = str(archive.root / "index")
    found = json.loads(jianbao("search", "--index", index, "--json")[0])
    assert found["total"] == 3
    assert "管理员" in jianbao("search", "--help", code=0)[0]


def test_serving_beyond_loopback_needs_accounts(archive):
    index = str(archive.root / "index")
    _, err = jianbao("serve", "--index", index, "--host", "0.0.0.0", "--port", "1", code=2)
    assert "jianbao users add" in err
    _, err = jianbao("serve", "--index", index, "--proxy-user-header", "X-Remote-User", code=2)
    assert "--trusted-proxy" in err


def test_a_database_index_finds_its_access_file_by_the_environment(tmp_path):
    archive = write_archive(tmp_path / "archive")
    with access_file_set(archive.access_file):
        shown = json.loads(jianbao("access", "--index", str(tmp_path / "elsewhere"), "show", "--json")[0])
    assert shown["file"] == str(archive.access_file)
