"""Who may see each document: the access file's folder rules, the document's own marking, and the
token every engine indexes so that a query carries the viewer's right to see as one more filter term.

A document's **audience** comes from the first folder rule of the access file whose glob matches its
path (else the file's default): everyone (``public``), any signed-in user (``signed``), or members of
named groups. Its **level** is its protective marking (``indexer.parse.marking``): public, internal
(内部资料: signed-in users only) or a secret level (秘密/机密/绝密: only groups the file clears for that
level or a higher one). A viewer sees a document when both its audience and its level admit them.

The pair (audience, level) becomes one opaque **token** per source, stored in its records, in the
catalog (sources and statements) and in every engine's ``access`` field. A viewer's tokens are every
pair the policy has that admits them: the set is small (the file's audiences × five levels), so a search
filters on it as on any facet. Admins are not filtered at all (``tokens_for`` answers None).

The policy in force is the one last applied to the index (kept in the catalog beside the tokens it
made), never the file as it is now: an edited file takes effect when ``jianbao index`` (or ``jianbao
access apply``) applies it, which rewrites only the sources whose token changed.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from indexer.parse.marking import INTERNAL, LEVELS, PUBLIC, rank
from indexer.records import ArticleRecord

ACCESS_FIELD = "access"  # the keyword field every engine indexes, and the record key holding the token
ACCESS_FILE = "access.toml"
ACCESS_ENV = "JIANBAO_ACCESS"
ROLES = ("reader", "auditor", "admin")
SECRET_LEVELS = LEVELS[2:]
LEVEL_LABELS = {PUBLIC: "公开", INTERNAL: "内部", "秘密": "秘密", "机密": "机密", "绝密": "绝密"}
GROUP_NAME = re.compile(r"[\w\u3400-\u9fff\-.]{1,64}")


class AccessFileError(ValueError):
    """The access file cannot be read as rules; the message says where and why, in Chinese."""


@dataclass(frozen=True)
class Audience:
    """Who a folder's documents are for: everyone, any signed-in user, or members of these groups."""

    kind: str  # "public" | "signed" | "groups"
    groups: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"groups:{','.join(self.groups)}" if self.kind == "groups" else self.kind

    def admits(self, viewer: Viewer) -> bool:
        if self.kind == "public":
            return True
        if not viewer.signed_in:
            return False
        return self.kind == "signed" or bool(set(self.groups) & set(viewer.groups))

    def shown(self) -> str:
        if self.kind == "public":
            return "所有人（含未登录）"
        if self.kind == "signed":
            return "所有登录用户"
        return "组 " + "、".join(self.groups)


EVERYONE = Audience("public")


@dataclass(frozen=True)
class FolderRule:
    glob: str
    audience: Audience


@dataclass(frozen=True)
class Viewer:
    """Who asks: an account (its role and groups), or nobody signed in."""

    name: str | None = None
    role: str = "reader"
    groups: tuple[str, ...] = ()

    @property
    def signed_in(self) -> bool:
        return self.name is not None

    @property
    def is_admin(self) -> bool:
        return self.signed_in and self.role == "admin"


ANONYMOUS = Viewer()


@dataclass(frozen=True)
class Policy:
    default: Audience = EVERYONE
    rules: tuple[FolderRule, ...] = ()
    clearance: dict[str, tuple[str, ...]] = field(default_factory=dict)  # secret level → groups cleared
    root: str = ""  # globs are relative to this folder (absolute paths match as they are)

    # -- documents ------------------------------------------------------------------------------------------

    def audience_of(self, path: str) -> Audience:
        relative = _relative(path, self.root)
        for rule in self.rules:
            if glob_matches(rule.glob, relative):
                return rule.audience
        return self.default

    def token_of(self, path: str, level: str) -> str:
        return token(self.audience_of(path), level)

    # -- viewers --------------------------------------------------------------------------------------------

    def audiences(self) -> list[Audience]:
        return list(dict.fromkeys([self.default, *(rule.audience for rule in self.rules)]))

    def cleared(self, viewer: Viewer, level: str) -> bool:
        if level == PUBLIC:
            return True
        if not viewer.signed_in:
            return False
        if level == INTERNAL:
            return True
        groups = {g for lv in SECRET_LEVELS if rank(lv) >= rank(level) for g in self.clearance.get(lv, ())}
        return bool(groups & set(viewer.groups))

    def tokens_for(self, viewer: Viewer) -> frozenset[str] | None:
        """The tokens of every document the viewer may see; None: every document (an admin)."""
        if viewer.is_admin:
            return None
        levels = [level for level in LEVELS if self.cleared(viewer, level)]
        return frozenset(
            token(audience, level)
            for audience in self.audiences()
            if audience.admits(viewer)
            for level in levels
        )

    # -- stored in the catalog ------------------------------------------------------------------------------

    def as_json(self) -> dict[str, Any]:
        return {
            "default": _audience_json(self.default),
            "folders": [{"glob": r.glob, "readers": _audience_json(r.audience)} for r in self.rules],
            "clearance": {level: list(groups) for level, groups in self.clearance.items()},
            "root": self.root,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Policy:
        return _policy(data, str(data.get("root", "")), "目录库中的访问规则")

    @property
    def digest(self) -> str:
        return hashlib.sha256(
            json.dumps(self.as_json(), sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()


OPEN_POLICY = Policy()  # no access file: every folder is everyone's; markings still apply


def token(audience: Audience, level: str) -> str:
    """The opaque keyword of (audience, level): safe in every engine (no comma, space or colon)."""
    return "a" + hashlib.sha256(f"{audience.key}|{level}".encode()).hexdigest()[:20]


def sees(tokens: frozenset[str] | None, record_token: str | None) -> bool:
    return tokens is None or (record_token is not None and record_token in tokens)


def stamp(records: Iterable[ArticleRecord], access_token: str) -> None:
    """Every record of a source carries its source's token (the engines index it from the record)."""
    for record in records:
        record["access"] = access_token


# -- globs ---------------------------------------------------------------------------------------------------------


def glob_matches(pattern: str, path: str) -> bool:
    """``*`` and ``?`` within one folder name, ``**`` across any number of folders; segment by segment, so
    matching grows with the product of the two lengths, never exponentially."""
    parts = [p for p in pattern.strip("/").split("/") if p]
    names = [n for n in path.strip("/").split("/") if n]
    reachable = {0}  # how many names the pattern parts so far can have consumed
    for part in parts:
        if part == "**":
            reachable = set(range(min(reachable), len(names) + 1)) if reachable else set()
        else:
            reachable = {i + 1 for i in reachable if i < len(names) and fnmatch.fnmatchcase(names[i], part)}
        if not reachable:
            return False
    return len(names) in reachable


def _relative(path: str, root: str) -> str:
    if not root:
        return path
    try:
        return PurePosixPath(path).relative_to(root).as_posix()
    except ValueError:
        return path


# -- the access file -----------------------------------------------------------------------------------------------


def access_file(folder: Path | None) -> Path:
    """The access file: JIANBAO_ACCESS, else access.toml beside the index folder (its parent), else in the
    current folder (an index in a database has no folder)."""
    configured = os.environ.get(ACCESS_ENV, "").strip()
    if configured:
        return Path(configured)
    return (folder.resolve().parent if folder is not None else Path.cwd()) / ACCESS_FILE


def load(path: Path) -> Policy:
    """The rules of an access file; OPEN_POLICY when there is none. A file that exists but cannot be read
    as rules raises AccessFileError: a typo must never open documents up."""
    if not path.exists():
        return OPEN_POLICY
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise AccessFileError(f"访问规则文件无法读取：{path}：{error}") from error
    root = data.get("root") or str(path.resolve().parent)
    return _policy(data, str(root), str(path))


def _policy(data: dict[str, Any], root: str, where: str) -> Policy:
    known = {"default", "folders", "clearance", "root"}
    unknown = set(data) - known
    if unknown:
        raise AccessFileError(
            f"{where}：未知的设置 {'、'.join(sorted(unknown))}（可用：{'、'.join(sorted(known))}）"
        )
    default = _audience(data.get("default", "public"), f"{where}：default")
    rules = []
    for n, entry in enumerate(data.get("folders", []), 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("glob"), str) or not entry["glob"].strip():
            raise AccessFileError(f'{where}：第 {n} 条 [[folders]] 须有 glob（如 "财政局/**"）')
        extra = set(entry) - {"glob", "readers"}
        if extra or "readers" not in entry:
            raise AccessFileError(f"{where}：第 {n} 条 [[folders]] 须且只须有 glob 和 readers")
        rules.append(
            FolderRule(entry["glob"].strip(), _audience(entry["readers"], f"{where}：{entry['glob']}"))
        )
    clearance_data = data.get("clearance", {})
    if not isinstance(clearance_data, dict):
        raise AccessFileError(f"{where}：[clearance] 须为 密级 = [组…]")
    clearance = {}
    for level, groups in clearance_data.items():
        if level not in SECRET_LEVELS:
            raise AccessFileError(
                f"{where}：[clearance] 的密级须为 {'、'.join(SECRET_LEVELS)}，收到“{level}”"
            )
        clearance[level] = _groups(groups, f"{where}：[clearance] {level}")
    return Policy(default, tuple(rules), clearance, root)


def _audience(value: Any, where: str) -> Audience:
    if value in ("public", "signed"):
        return Audience(value)
    if isinstance(value, list) and value:
        return Audience("groups", _groups(value, where))
    raise AccessFileError(f'{where}：readers 须为 "public"、"signed" 或组名列表，收到 {value!r}')


def _groups(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(g, str) and GROUP_NAME.fullmatch(g) for g in value):
        raise AccessFileError(f"{where}：组名列表须为文字、数字、-、. 组成的名称，收到 {value!r}")
    return tuple(sorted(set(value)))


def _audience_json(audience: Audience) -> Any:
    return list(audience.groups) if audience.kind == "groups" else audience.kind


def valid_group(name: str) -> bool:
    return bool(GROUP_NAME.fullmatch(name))
