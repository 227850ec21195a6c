"""Who is asking, and the store they may see: the one place every route of the app gets its store from.

``Gate.view(view, store)`` wraps a route's view: it identifies the request (a session cookie, a personal
token, or the account a trusted reverse proxy names), hands the view the store as that viewer sees it
(``indexer.store.scoped``: every query filtered on their access tokens by the engine) and records what
was asked in the audit log. A document the viewer may not see is answered as one that does not exist.

With no account configured and no proxy header, the server is this machine's own (``jianbao serve``
binds loopback only then): the local operator sees everything, as the CLI does.

Sign-in: /login (a Chinese form) and /logout take POSTs carrying a CSRF token (a cookie and the form's
hidden field, equal, SameSite=Strict) from the server's own origin; sessions are cookies
(HttpOnly, SameSite=Lax, Secure behind TLS) whose digest the catalog keeps, ended after ``idle_seconds``
without a request or ``max_seconds`` after sign-in; failed sign-ins are limited per address and per name.
"""

from __future__ import annotations

import functools
import hmac
import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote_plus, urlsplit

import bottle

from indexer.access import ANONYMOUS, OPEN_POLICY, Policy, Viewer
from indexer.engines.base import Store
from indexer.faults import IndexEmpty, IndexUnavailable
from indexer.store import access_state, audit
from indexer.store.accounts import Account, Accounts, new_secret
from indexer.store.scoped import scoped
from search_app.web.catalog_writer import CatalogWriter
from search_app.web.identity import ENVIRON_KEY, NOBODY, Identity, current
from search_app.web.responses import ExportFile, error_page, json_error, page
from search_app.web.urls import PUBLIC_URL_VARIABLE

SESSION_COOKIE = "jianbao_session"
CSRF_COOKIE = "jianbao_csrf"
FORM_BYTES = 4096  # the largest sign-in or sign-out form a POST may carry
SIGN_IN_PATHS = ("/login", "/logout")
LOCAL = Viewer("本机", "admin")
TOUCH_EVERY = 60.0  # a session's last-seen time is written at most this often
CACHE_SECONDS = 2.0  # whether accounts exist, and the applied policy, are asked again after this
LOOPBACK = ("127.0.0.1", "::1", "localhost")


@dataclass(frozen=True)
class SignInConfig:
    proxy_header: str | None = None  # e.g. X-Remote-User, set by nginx after auth_request
    trusted_proxies: frozenset[str] = frozenset()  # the addresses whose proxy header is believed
    idle_seconds: int = 30 * 60
    max_seconds: int = 12 * 3600
    audit_retention_days: int = audit.DEFAULT_RETENTION_DAYS

    @property
    def proxy_environ_key(self) -> str | None:
        return "HTTP_" + self.proxy_header.upper().replace("-", "_") if self.proxy_header else None


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


class Refused(Exception):
    """A request answered before its view runs (401, 403, 429); ``answer`` is the response."""

    def __init__(self, answer: bottle.HTTPResponse):
        super().__init__(answer.status_line)
        self.answer = answer


class Limiter:
    """Failed sign-ins per key (an address, a name) in a sliding window; past ``most``, wait."""

    def __init__(self, most: int, window: float, clock: Callable[[], float] = time.monotonic):
        self.most, self.window, self.clock = most, window, clock
        self.failures: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def wait_seconds(self, key: str) -> int:
        with self.lock:
            recent = self._recent(key)
            if len(recent) < self.most:
                return 0
            return max(1, int(recent[0] + self.window - self.clock()) + 1)

    def failed(self, key: str) -> None:
        with self.lock:
            self._recent(key).append(self.clock())

    def _recent(self, key: str) -> deque[float]:
        recent = self.failures.setdefault(key, deque())
        while recent and recent[0] <= self.clock() - self.window:
            recent.popleft()
        if not recent:
            self.failures.pop(key, None)
            recent = self.failures.setdefault(key, deque())
        return recent


class _Cached:
    """A value asked again at most every CACHE_SECONDS."""

    def __init__(self, compute: Callable[[], Any]):
        self.compute, self.value, self.at = compute, None, -1e9
        self.lock = threading.Lock()

    def get(self) -> Any:
        with self.lock:
            if time.monotonic() - self.at > CACHE_SECONDS:
                self.value, self.at = self.compute(), time.monotonic()
            return self.value


@dataclass
class Gate:
    store: Store
    config: SignInConfig = field(default_factory=SignInConfig)
    writer: CatalogWriter | None = None

    def __post_init__(self) -> None:
        self.by_address = Limiter(20, 600.0)
        self.by_name = Limiter(8, 600.0)
        self._accounts = _Cached(self._accounts_exist)
        self._policy = _Cached(self._applied_policy)

    # -- what the server is --------------------------------------------------------------------------------

    @property
    def guarded(self) -> bool:
        """Accounts exist or a proxy signs users in: every request is someone's, or nobody's."""
        return bool(self.config.proxy_header) or bool(self._accounts.get())

    def _accounts_exist(self) -> bool:
        try:
            with self.store.catalog() as catalog:
                return Accounts(catalog).configured()
        except (IndexEmpty, IndexUnavailable):
            return False

    def _applied_policy(self) -> Policy:
        try:
            with self.store.catalog() as catalog:
                return access_state.applied_policy(catalog) or OPEN_POLICY
        except (IndexEmpty, IndexUnavailable):
            return OPEN_POLICY

    def policy(self) -> Policy:
        return self._policy.get()

    def tokens_for(self, viewer: Viewer) -> frozenset[str] | None:
        return self.policy().tokens_for(viewer)

    def store_for(self, identity: Identity) -> Store:
        """The store as this identity sees it: every query through it filtered on their tokens."""
        return scoped(self.store, self.tokens_for(identity.viewer))

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    # -- who is asking ---------------------------------------------------------------------------------------

    def identify(self, environ: dict) -> Identity:
        """The request's identity; Refused for a bad token or a proxy naming no usable account."""
        csrf = _cookie(environ, CSRF_COOKIE) or ""
        if not self.guarded:
            return Identity(LOCAL, "local", csrf=csrf)
        bearer = environ.get("HTTP_AUTHORIZATION", "")
        if bearer.startswith("Bearer ") and environ.get("PATH_INFO") != "/api/documents":
            return Identity(self._token_holder(bearer[7:].strip()).viewer(), "token", csrf=csrf)
        proxied = self._proxied(environ)
        if proxied is not None:
            return Identity(proxied.viewer(), "proxy", csrf=csrf)
        cookie = _cookie(environ, SESSION_COOKIE)
        account = self._session_holder(cookie) if cookie else None
        if account is not None:
            return Identity(account.viewer(), "session", cookie, csrf)
        return Identity(ANONYMOUS, "anonymous", csrf=csrf)

    def _token_holder(self, token: str) -> Account:
        with self.store.catalog() as catalog:
            account = Accounts(catalog).token_account(token) if token else None
        if account is None:
            raise Refused(json_error(401, "令牌无效或所属账号已停用", "Authorization"))
        return account

    def _proxied(self, environ: dict) -> Account | None:
        key = self.config.proxy_environ_key
        if key is None or environ.get("REMOTE_ADDR") not in self.config.trusted_proxies:
            return None
        name = environ.get(key, "").strip()
        if not name:
            return None
        with self.store.catalog() as catalog:
            account = Accounts(catalog).get(name)
        if account is None or account.disabled:
            raise Refused(
                error_page(
                    403, "账号未开通", f"单点登录的账号“{name}”在本系统中不存在或已停用，请联系管理员。"
                )
            )
        return account

    def _session_holder(self, cookie: str) -> Account | None:
        with self.store.catalog() as catalog:
            found = Accounts(catalog).session(cookie)
        if found is None:
            return None
        account, created, seen = found
        now = time.time()
        if now - seen > self.config.idle_seconds or now - created > self.config.max_seconds:
            self._later(lambda catalog: Accounts(catalog).end_session(cookie))  # refused now, removed soon
            return None
        if now - seen > TOUCH_EVERY:
            self._later(lambda catalog: Accounts(catalog).touch_session(cookie, now))
        return account

    # -- the views' wrapper ----------------------------------------------------------------------------------

    def view(self, view: Callable[..., Any], store: Store, action: str | None) -> Callable[..., Any]:
        """``view`` given the store as the request's identity sees it; what it answered audited as ``action``."""

        @functools.wraps(view)
        def callback(*args, **kwargs):
            environ = bottle.request.environ
            try:
                identity = self.identify(environ)
            except Refused as refused:
                return refused.answer
            fresh_csrf = identity.how == "session" and not identity.csrf  # the sign-out form needs one
            if fresh_csrf:
                identity = Identity(identity.viewer, identity.how, identity.cookie, new_secret())
            environ[ENVIRON_KEY] = identity
            if (
                self.guarded
                and not identity.viewer.signed_in
                and self.tokens_for(identity.viewer) == frozenset()
            ):
                return _sign_in_first(environ)  # nothing here is open to nobody signed in
            answer = view(self.store_for(identity), *args, **kwargs)
            if isinstance(answer, bottle.HTTPResponse):
                if fresh_csrf:
                    _set_cookie(answer, environ, CSRF_COOKIE, identity.csrf, "Strict")
                if self.guarded:
                    _kept_private(answer)
            if action is not None:
                answer = self._audited(answer, identity, action, kwargs)
            return answer

        return _gated(callback)  # tested: every route given a store has it

    def _audited(self, answer: Any, identity: Identity, action: str, target: dict) -> Any:
        environ = bottle.request.environ
        status = getattr(answer, "status_code", 200)
        content_type = (
            answer.headers.get("Content-Type", "") if isinstance(answer, bottle.HTTPResponse) else ""
        )
        event = audit.Event(
            action="export" if _exported(answer, content_type, action) else action,
            actor=identity.actor,
            target=next(iter(target.values()), None) if target else None,
            query=unquote_plus(environ.get("QUERY_STRING", ""))[:2000] or None,
            address=client_address(environ),
            detail=f"HTTP {status}",
        )
        if "text/csv" in content_type and isinstance(answer, bottle.HTTPResponse):
            answer.body = self._counted(answer.body, event)
            return answer
        rows = answer.rows if isinstance(answer, ExportFile) else None  # an Excel or Word file's rows
        rows = _json_total(answer) if "json" in content_type else rows
        self.record(audit.Event(**{**event.as_json(), "rows": rows}))
        return answer

    def _counted(self, body: Any, event: audit.Event) -> Any:
        """A CSV body whose rows are counted as it is sent, and audited once it has been."""
        if isinstance(body, bytes | str):
            raw = body.encode("utf-8") if isinstance(body, str) else body
            self.record(audit.Event(**{**event.as_json(), "rows": max(0, raw.count(b"\r\n") - 1)}))
            return body

        def counting(chunks: Iterable[bytes]) -> Iterator[bytes]:
            lines = 0
            try:
                for chunk in chunks:
                    lines += chunk.count(b"\r\n")
                    yield chunk
            finally:
                self.record(audit.Event(**{**event.as_json(), "rows": max(0, lines - 1)}))

        return counting(body)

    def audited_upload(self, upload: Callable[[], Any]) -> Callable[[], Any]:
        """The upload route (its token is its own check), each upload audited with its answer."""

        def callback():
            answer = upload()
            environ = bottle.request.environ
            self.record(
                audit.Event(
                    "upload",
                    actor="上传令牌",
                    address=client_address(environ),
                    detail=f"HTTP {getattr(answer, 'status_code', 200)}",
                )
            )
            return answer

        return callback

    def uploader_or_admin(
        self, view: Callable[..., Any], is_uploader: Callable[[str], bool]
    ) -> Callable[..., Any]:
        """A route about uploads (their status): for the upload token's holder and admins; anyone else
        gets 404, as for an upload that does not exist."""

        @functools.wraps(view)
        def callback(*args, **kwargs):
            environ = bottle.request.environ
            if not is_uploader(environ.get("HTTP_AUTHORIZATION", "")):
                try:
                    identity = self.identify(environ)
                except Refused as refused:
                    return refused.answer
                if not identity.viewer.is_admin:
                    return json_error(404, "没有这一上传", "id")
            answer = view(*args, **kwargs)
            if self.guarded and isinstance(answer, bottle.HTTPResponse):
                _kept_private(answer)
            return answer

        return _gated(callback)

    def record(self, event: audit.Event) -> None:
        if self.writer is not None:
            self.writer.record(event)

    def _write(self, job: Callable[[Any], Any]) -> Any:
        if self.writer is None:
            raise IndexUnavailable("目录库无法写入：无法登录")
        return self.writer.call(job)

    def _later(self, job: Callable[[Any], Any]) -> None:
        if self.writer is not None:
            self.writer.later(job)

    # -- signing in and out ------------------------------------------------------------------------------------

    def login_page(self):
        environ = bottle.request.environ
        wanted = _safe_next(bottle.request.query.getunicode("next") or "/")
        return self._form(environ, wanted, None, 200)

    def _form(self, environ: dict, wanted: str, error: str | None, status: int):
        csrf = _cookie(environ, CSRF_COOKIE) or new_secret()
        answer = page(
            "login.tpl",
            status=status,
            guarded=self.guarded,
            proxy=bool(self.config.proxy_header),
            next=wanted,
            csrf=csrf,
            error=error,
        )
        _set_cookie(answer, environ, CSRF_COOKIE, csrf, "Strict")
        return answer

    def login(self):
        environ = bottle.request.environ
        form = bottle.request.forms
        wanted = _safe_next(form.getunicode("next") or "/")
        _check_form(environ, form)
        if not self.guarded:
            return self._form(environ, wanted, "本服务未配置账号，仅供本机使用，无需登录。", 400)
        name = (form.getunicode("name") or "").strip()[:64]
        address = client_address(environ)
        wait = max(self.by_address.wait_seconds(address), self.by_name.wait_seconds(name))
        if wait:
            answer = self._form(environ, wanted, f"登录失败次数过多，请 {wait} 秒后再试。", 429)
            answer.set_header("Retry-After", str(wait))
            return answer
        password = form.getunicode("password") or ""
        with self.store.catalog() as catalog:
            account = Accounts(catalog).signs_in(name, password)
        if account is None:
            self.by_address.failed(address)
            self.by_name.failed(name)
            self.record(audit.Event("login_failed", target=name, address=address))
            return self._form(environ, wanted, "账号或密码不正确。", 401)
        cookie = self._write(lambda catalog: Accounts(catalog).open_session(account.name, time.time()))
        self.record(audit.Event("login", actor=account.name, address=address))
        answer = bottle.HTTPResponse(status=303, headers={"Location": wanted})
        _set_cookie(answer, environ, SESSION_COOKIE, cookie, "Lax")
        return answer

    def logout(self):
        environ = bottle.request.environ
        _check_form(environ, bottle.request.forms)
        cookie = _cookie(environ, SESSION_COOKIE)
        if cookie:
            with self.store.catalog() as catalog:
                found = Accounts(catalog).session(cookie)
            self._write(lambda catalog: Accounts(catalog).end_session(cookie))
            if found is not None:
                self.record(audit.Event("logout", actor=found[0].name, address=client_address(environ)))
        answer = bottle.HTTPResponse(status=303, headers={"Location": "/login"})
        _set_cookie(answer, environ, SESSION_COOKIE, "", "Lax", expire=True)
        return answer


# -- cookies and forms ---------------------------------------------------------------------------------------------


def _kept_private(answer: bottle.HTTPResponse) -> None:
    """What one viewer was answered is theirs: no shared cache (a proxy's) may keep it for another."""
    cache = answer.headers.get("Cache-Control", "")
    if "private" not in cache and "no-store" not in cache:
        answer.set_header("Cache-Control", "private" + (", " + cache if cache else ""))
    answer.add_header("Vary", "Cookie, Authorization")


def client_address(environ: dict) -> str:
    """The user's address: the peer's or, when the peer is a proxy on this machine (nginx in front), the
    address it forwarded (the last X-Forwarded-For entry is the one it saw itself)."""
    peer = environ.get("REMOTE_ADDR") or ""
    forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and is_loopback(peer):
        return forwarded.split(",")[-1].strip()[:64] or peer
    return peer


def _cookie(environ: dict, name: str) -> str | None:
    for part in environ.get("HTTP_COOKIE", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name and value:
            return value
    return None


def _secure(environ: dict) -> bool:
    """TLS reached the user: the server's own, a public URL of https, or the trusted proxy's word."""
    if environ.get("wsgi.url_scheme") == "https":
        return True
    if os.environ.get(PUBLIC_URL_VARIABLE, "").strip().startswith("https://"):
        return True
    return environ.get("HTTP_X_FORWARDED_PROTO") == "https" and is_loopback(environ.get("REMOTE_ADDR", ""))


def _set_cookie(
    answer: bottle.HTTPResponse, environ: dict, name: str, value: str, same_site: str, expire: bool = False
) -> None:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", f"SameSite={same_site}"]
    if expire:
        parts.append("Max-Age=0")
    if _secure(environ):
        parts.append("Secure")
    answer.add_header("Set-Cookie", "; ".join(parts))


def _check_form(environ: dict, form) -> None:
    """A POST from this server's own page: its Origin (when the browser says) is ours, and it carries the
    CSRF cookie's value in its hidden field."""
    origin = environ.get("HTTP_ORIGIN")
    if origin is not None and origin != "null":
        own = {environ.get("HTTP_HOST", ""), _public_host()}
        if urlsplit(origin).netloc not in own:
            raise error_page(403, "请求被拒绝", "请求来源不是本站")
    sent, kept = form.getunicode("csrf") or "", _cookie(environ, CSRF_COOKIE) or ""
    if not sent or not kept or not hmac.compare_digest(sent, kept):
        raise error_page(403, "请求被拒绝", "表单已过期或来源不明，请刷新页面后重试")


def _public_host() -> str:
    return urlsplit(os.environ.get(PUBLIC_URL_VARIABLE, "")).netloc


def _safe_next(wanted: str) -> str:
    """Where to go after signing in: a path on this site only (never //host, a scheme or a backslash)."""
    if (
        not wanted.startswith("/")
        or wanted.startswith("//")
        or "\\" in wanted
        or any(ord(c) < 32 for c in wanted)
    ):
        return "/"
    return wanted


def _sign_in_first(environ: dict):
    if environ.get("PATH_INFO", "").startswith("/api/"):
        return json_error(401, "请先登录（或使用个人令牌：Authorization: Bearer …）", None)
    target = environ.get("PATH_INFO", "/") + (
        ("?" + environ["QUERY_STRING"]) if environ.get("QUERY_STRING") else ""
    )
    return bottle.HTTPResponse(status=303, headers={"Location": "/login?next=" + quote(target, safe="")})


def _exported(answer: Any, content_type: str, action: str) -> bool:
    """A list sent as a file (CSV, or any attachment other than a source file's download)."""
    if "text/csv" in content_type:
        return True
    disposition = (
        answer.headers.get("Content-Disposition", "") if isinstance(answer, bottle.HTTPResponse) else ""
    )
    return disposition.startswith("attachment") and action != "download"


def _json_total(answer: Any) -> int | None:
    body = getattr(answer, "body", None)
    if not isinstance(body, str | bytes):
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data.get("total") if isinstance(data, dict) and isinstance(data.get("total"), int) else None


__all__ = ["NOBODY", "Gate", "Identity", "Refused", "SignInConfig", "current", "is_loopback"]


def _gated(callback: Callable) -> Callable:
    """The view marked as passed through the gate (a route without the mark is refused at start)."""
    callback.__dict__["gated"] = True
    return callback
