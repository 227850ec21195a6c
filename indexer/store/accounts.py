"""Local accounts, their personal API tokens and their sign-in sessions, kept in the catalog.

Passwords are hashed with argon2id (argon2-cffi's defaults, which follow RFC 9106's recommendation);
tokens and session cookies are random and stored only as their SHA-256, so a copy of the catalog
signs nobody in. The CLI changes accounts under the index's writer lock; the web server through
its one writing connection (``search_app.web.signin``).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from indexer.access import ROLES, Viewer, valid_group
from indexer.store.catalog import Catalog

_hasher = PasswordHasher()
MIN_PASSWORD = 10
NAME_CHARS = "字母、数字、汉字、-、_、."
# a hash to verify against when the account does not exist: the answer takes as long either way
_ABSENT = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says why, in Chinese."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    groups: tuple[str, ...]
    disabled: bool
    has_password: bool
    created_at: str | None
    changed_at: str | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> Account:
        return cls(
            name=row["name"],
            role=row["role"],
            groups=tuple(json.loads(row["groups"] or "[]")),
            disabled=bool(row["disabled"]),
            has_password=row["password"] is not None,
            created_at=row["created_at"],
            changed_at=row["changed_at"],
        )

    def viewer(self) -> Viewer:
        return Viewer(self.name, self.role, self.groups)

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "role": self.role,
            "groups": list(self.groups),
            "disabled": self.disabled,
            "password": self.has_password,
            "created_at": self.created_at,
            "changed_at": self.changed_at,
        }


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符")
    return _hasher.hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    """Whether ``password`` is the one ``stored`` was hashed from; no stored hash costs the same time."""
    try:
        return _hasher.verify(stored or _ABSENT, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    if not name or len(name) > 64 or not valid_group(name):
        raise AccountError(f"账号名须为 1–64 个{NAME_CHARS}组成，收到“{name}”")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"角色须为 {'、'.join(ROLES)}，收到“{role}”")
    return role


def check_groups(groups: list[str]) -> str:
    """The groups as the catalog keeps them (a JSON list, sorted)."""
    for group in groups:
        if not valid_group(group):
            raise AccountError(f"组名须为{NAME_CHARS}组成，收到“{group}”")
    return json.dumps(sorted(set(groups)), ensure_ascii=False)


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class Accounts:
    """The accounts of one catalog (opened for writing when anything is to change)."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def configured(self) -> bool:
        """Any account may sign in: from then on the server asks who is there."""
        return self.catalog.enabled_accounts() > 0

    def get(self, name: str) -> Account | None:
        row = self.catalog.account(name)
        return Account.of(row) if row else None

    def all(self) -> list[Account]:
        return [Account.of(row) for row in self.catalog.accounts()]

    def signs_in(self, name: str, password: str) -> Account | None:
        """The enabled account whose password this is; None otherwise (in the same time either way)."""
        row = self.catalog.account(name)
        usable = row is not None and not row["disabled"]
        stored = row["password"] if usable and row else None
        return Account.of(row) if password_matches(stored, password) and row else None

    def add(self, name: str, role: str, groups: list[str], password_hash: str | None) -> Account:
        check_name(name)
        if self.catalog.account(name) is not None:
            raise AccountError(f"账号“{name}”已存在")
        self.catalog.add_account(name, check_role(role), check_groups(groups), password_hash, _now())
        return self._existing(name)

    def _existing(self, name: str) -> Account:
        account = self.get(name)
        if account is None:
            raise AccountError(f"没有账号“{name}”")
        return account

    def set_password(self, name: str, password_hash: str) -> None:
        """A new password ends every session of the account (whoever knew the old one is signed out)."""
        self._existing(name)
        self.catalog.change_account(name, _now(), password=password_hash)
        self.catalog.drop_sessions(name)

    def set_disabled(self, name: str, disabled: bool) -> None:
        """A disabled account signs in no more: its sessions end, its tokens are revoked."""
        self._existing(name)
        self.catalog.change_account(name, _now(), disabled=int(disabled))
        if disabled:
            self.catalog.drop_sessions(name)
            self.catalog.drop_account_tokens(name)

    def set_role_and_groups(self, name: str, role: str | None, groups: list[str] | None) -> None:
        """New rights take effect at the account's next request (its sessions stay)."""
        account = self._existing(name)
        self.catalog.change_account(
            name,
            _now(),
            role=check_role(role) if role else account.role,
            groups=check_groups(groups if groups is not None else list(account.groups)),
        )

    def new_token(self, name: str) -> str:
        """A new API token for the account (shown once; only its digest is kept)."""
        if self._existing(name).disabled:
            raise AccountError(f"账号“{name}”已停用")
        token = new_secret()
        self.catalog.add_account_token(digest(token), name, _now())
        return token

    def revoke_tokens(self, name: str) -> int:
        self._existing(name)
        count = self.catalog.account_tokens(name)
        self.catalog.drop_account_tokens(name)
        return count

    def token_account(self, token: str) -> Account | None:
        row = self.catalog.token_holder(digest(token))
        return Account.of(row) if row else None

    def open_session(self, name: str, now: float) -> str:
        """A new session for the account: the cookie's value (only its digest is kept)."""
        cookie = new_secret()
        self.catalog.add_session(digest(cookie), name, now)
        return cookie

    def session(self, cookie: str) -> tuple[Account, float, float] | None:
        """(account, created, last seen) of a live session of an enabled account; None otherwise."""
        found = self.catalog.session(digest(cookie))
        return (Account.of(found[0]), found[1], found[2]) if found else None

    def touch_session(self, cookie: str, now: float) -> None:
        self.catalog.touch_session(digest(cookie), now)

    def end_session(self, cookie: str) -> None:
        self.catalog.drop_session(digest(cookie))

    def end_stale_sessions(self, seen_before: float, created_before: float) -> None:
        self.catalog.drop_stale_sessions(seen_before, created_before)
