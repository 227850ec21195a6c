"""The access rules (indexer.access): the access file, each document's token and each viewer's tokens."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.access import (
    ANONYMOUS,
    OPEN_POLICY,
    AccessFileError,
    Policy,
    Viewer,
    glob_matches,
    load,
    sees,
    token,
)

RULES = """
default = "signed"

[clearance]
"秘密" = ["保密"]
"机密" = ["领导"]

[[folders]]
glob = "公开/**"
readers = "public"

[[folders]]
glob = "财政局/*.pdf"
readers = ["财政", "审计"]
"""


@pytest.fixture
def policy(tmp_path: Path) -> Policy:
    path = tmp_path / "access.toml"
    path.write_text(RULES, encoding="utf-8")
    return load(path)


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("公开/**", "公开/a.txt", True),
        ("公开/**", "公开/2021/05/a.txt", True),
        ("公开/**", "公开", True),
        ("公开/*", "公开/2021/a.txt", False),
        ("**/简报/*.pdf", "市/区/简报/a.pdf", True),
        ("**/简报/*.pdf", "简报/a.pdf", True),
        ("**/简报/*.pdf", "简报/a.txt", False),
        ("财政局/?.pdf", "财政局/a.pdf", True),
        ("财政局/?.pdf", "财政局/ab.pdf", False),
    ],
)
def test_globs(pattern, path, matches):
    assert glob_matches(pattern, path) is matches


def test_a_long_path_against_many_stars_stays_quick():
    path = "/".join(["a"] * 200) + "/b"
    assert not glob_matches("**/" * 30 + "c", path)


def test_the_first_matching_folder_rule_decides_else_the_default(policy: Policy, tmp_path: Path):
    assert policy.audience_of(str(tmp_path / "公开/2021/a.txt")).kind == "public"
    assert policy.audience_of(str(tmp_path / "财政局/a.pdf")).groups == ("审计", "财政")
    assert policy.audience_of(str(tmp_path / "财政局/a.txt")).kind == "signed"
    assert policy.audience_of("/elsewhere/a.txt").kind == "signed"


def test_viewers_see_what_audience_and_level_both_admit(policy: Policy, tmp_path: Path):
    public_doc = policy.token_of(str(tmp_path / "公开/a.txt"), "public")
    internal_doc = policy.token_of(str(tmp_path / "公开/b.txt"), "internal")
    secret_doc = policy.token_of(str(tmp_path / "公开/c.txt"), "秘密")
    top_secret = policy.token_of(str(tmp_path / "公开/d.txt"), "机密")
    finance = policy.token_of(str(tmp_path / "财政局/a.pdf"), "public")
    finance_secret = policy.token_of(str(tmp_path / "财政局/b.pdf"), "秘密")
    everything = {public_doc, internal_doc, secret_doc, top_secret, finance, finance_secret}

    def seen(viewer: Viewer) -> set[str]:
        return {t for t in everything if sees(policy.tokens_for(viewer), t)}

    assert seen(ANONYMOUS) == {public_doc}
    assert seen(Viewer("王", "reader")) == {public_doc, internal_doc}
    assert seen(Viewer("李", "reader", ("财政",))) == {public_doc, internal_doc, finance}
    assert seen(Viewer("赵", "reader", ("保密",))) == {public_doc, internal_doc, secret_doc}
    # a higher clearance covers the lower levels
    assert seen(Viewer("钱", "reader", ("领导",))) == {public_doc, internal_doc, secret_doc, top_secret}
    assert seen(Viewer("孙", "auditor", ("财政", "保密"))) == everything - {top_secret}
    assert seen(Viewer("周", "admin")) == everything
    assert policy.tokens_for(Viewer("周", "admin")) is None


def test_no_access_file_opens_folders_but_markings_still_hold(tmp_path: Path):
    policy = load(tmp_path / "absent.toml")
    assert policy == OPEN_POLICY
    internal = policy.token_of("/any/a.txt", "internal")
    assert not sees(policy.tokens_for(ANONYMOUS), internal)
    assert sees(policy.tokens_for(Viewer("王")), internal)
    assert not sees(policy.tokens_for(Viewer("王", groups=("保密",))), policy.token_of("/any/b.txt", "秘密"))


def test_a_record_without_a_token_is_seen_by_admins_only():
    assert not sees(frozenset({token(OPEN_POLICY.default, "public")}), None)
    assert sees(None, None)


def test_the_policy_survives_the_catalog(policy: Policy):
    again = Policy.from_json(policy.as_json())
    assert again == policy and again.digest == policy.digest


@pytest.mark.parametrize(
    "text",
    [
        'default = "everyone"',
        'defualt = "public"',
        '[[folders]]\nglob = "a/**"',
        '[[folders]]\nglob = "a/**"\nreaders = ["财 政"]',
        '[clearance]\n"内部" = ["a"]',
        "not toml at all [",
    ],
)
def test_a_file_that_is_not_rules_is_refused_never_read_as_open(tmp_path: Path, text: str):
    path = tmp_path / "access.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AccessFileError):
        load(path)
