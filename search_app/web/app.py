"""The web app: routes of the pages and the JSON API, served by waitress.

``make_app(store)`` builds the WSGI app (Bottle behind search_app.web.guard); the index
is opened by the search layer on the first request, so the app starts (and says why in
Chinese) even when the index is missing or damaged. ``serve`` runs it under waitress
with the limits of search_app.web.serving.
"""

from __future__ import annotations

import errno
import functools
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bottle

from indexer.access import AccessFileError
from indexer.engines.base import Store
from indexer.faults import EMPTY_NOTICE, IndexEmpty, IndexUnavailable
from indexer.run import access_apply
from search_app.archive_paths import without_server_paths
from search_app.query import QuerySyntaxError
from search_app.search import SearchError
from search_app.web import api, audit_views, ledger_views, views
from search_app.web.capacity import GatePlugin, Gates, Overloaded
from search_app.web.catalog_writer import CatalogWriter
from search_app.web.guard import guarded
from search_app.web.responses import STATIC_ROOT, as_json, error_page, json_error
from search_app.web.serving import Limits, create_server
from search_app.web.signin import FORM_BYTES, SIGN_IN_PATHS, Gate, SignInConfig, is_loopback
from search_app.web.upload import (
    FRAMING_BYTES,
    MAX_UPLOAD_BYTES,
    STATUS_PATH,
    UploadConfig,
    UploadIndexer,
    UploadStatuses,
    admission,
    upload_document,
    upload_status,
)
from search_app.web.warm import warm


@dataclass(frozen=True)
class Unavailable:
    """An exception that means the archive cannot answer now: 503, with what to do about it."""

    kind: type[BaseException]
    title: str
    hint: str
    errnos: frozenset[int] = frozenset()  # for OSError: only these (others are real bugs)

    def matches(self, error: BaseException) -> bool:
        if not isinstance(error, self.kind):
            return False
        return not self.errnos or getattr(error, "errno", None) in self.errnos


# Checked in order; a new state of the index (empty, read-only, damaged…) needs nothing here when its
# exception derives from IndexUnavailable (every engine and the catalog translate their own errors).
UNAVAILABLE: list[Unavailable] = [
    Unavailable(IndexUnavailable, "索引暂不可用", "请先建立索引（jianbao index），或联系管理员。"),
    Unavailable(
        OSError,
        "存储暂不可用",
        "索引所在的磁盘已满、只读或无法读取，请联系管理员。",
        frozenset({errno.ENOSPC, errno.EROFS, errno.EIO, errno.EACCES, errno.EDQUOT}),
    ),
    Unavailable(MemoryError, "服务器内存不足", "请缩小查询或筛选范围后重试。"),
    Unavailable(RecursionError, "请求过于复杂", "请减少查询词或筛选条件后重试。"),
]


def _is_api() -> bool:
    return bottle.request.path.startswith("/api/")


def _unavailable(title: str, detail: str, hint: str, retry_after: int | None = None):
    detail = without_server_paths(detail)  # the log keeps the whole message
    said = detail if detail.startswith(title) else f"{title}：{detail}"  # 服务繁忙 once, not twice
    answer = json_error(503, said) if _is_api() else error_page(503, title, f"{detail}。{hint}".rstrip())
    if retry_after is not None:
        answer.set_header("Retry-After", str(retry_after))
    return answer


def answer_errors(callback):
    """Bad parameters → 400; an archive that cannot answer, or no capacity left → 503 (with Retry-After
    where waiting helps); as JSON under /api/, as a Chinese page elsewhere."""

    @functools.wraps(callback)
    def wrapper(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except SearchError as error:
            return _bad_request(str(error), error.parameter)
        except QuerySyntaxError as error:
            return _bad_request(str(error), "q")
        except Overloaded as error:
            return _unavailable("服务繁忙", str(error), "", error.retry_after)  # its message says 重试
        except IndexEmpty:  # a fresh install is not a fault: say what fills the index
            if _is_api():
                return as_json({"total": 0, "notice": EMPTY_NOTICE})
            return error_page(200, "索引中还没有文章", EMPTY_NOTICE)
        except Exception as error:
            for rule in UNAVAILABLE:
                if rule.matches(error):
                    print(f"不可用：{error!r}", file=sys.stderr)
                    return _unavailable(rule.title, str(error) or type(error).__name__, rule.hint, 30)
            raise

    return wrapper


def _bad_request(message: str, parameter: str | None):
    if _is_api():
        return json_error(400, message, parameter)
    return error_page(400, "请求有误", message)


def _not_found(error):
    if _is_api():
        return json_error(404, "没有这个接口或资源", None)
    return error_page(404, "页面不存在", "没有找到这个页面。请从首页重新检索。")


def _wrong_method(error):
    if _is_api():
        return json_error(405, "服务为只读：只支持 GET 请求（上传接口需配置令牌后开启）", None)
    return error_page(405, "不支持的请求方法", "本服务的页面只支持 GET 请求。")


def _server_error(error):
    print(f"内部错误：{error.exception!r}", file=sys.stderr)
    if _is_api():
        return json_error(500, "服务器内部错误", None)
    return error_page(500, "服务器内部错误", "处理请求时出错，请稍后重试或联系管理员。")


def _read_only():
    return json_error(
        405,
        "服务为只读：上传接口未开启（需 jianbao serve --upload-dir 与环境变量 JIANBAO_UPLOAD_TOKEN）",
        None,
    )


def _static(filename: str):
    return bottle.static_file(filename, root=str(STATIC_ROOT))


# Each route with its cost (its ``cost`` config, read by capacity.GatePlugin): None runs in the
# server's thread; "search" and "heavy" run through that Gate; "search*" is heavy when it exports a file.
ROUTES: list[tuple[str, Callable[..., Any], str | None]] = [
    ("/", views.search_page, "search*"),
    ("/article/<article_id>", views.article_page, "search"),
    ("/source/<article_id>", views.source_file, None),
    ("/units", views.units_page, "search*"),
    ("/units/<name:path>/commitments", ledger_views.scorecard_page, "heavy"),
    ("/units/<name:path>", views.unit_page, "heavy"),
    ("/statements", ledger_views.statements_page, "search*"),
    ("/original/<article_id>", views.original_page, "heavy"),  # may OCR a scanned page for its boxes
    ("/original/<article_id>/page/<number>.png", views.page_image, "heavy"),
    ("/feed.atom", views.feed_atom, "search"),
    ("/feed", views.feed_page, "search"),
    ("/docs/api", views.api_page, None),
    ("/api/suggest", views.suggest_json, "search"),
    ("/api/search", api.search_json, "search*"),
    ("/api/articles/<article_id>", api.article_json, "search"),
    ("/api/units", api.units_json, "search*"),
    ("/api/units/<name:path>/commitments", ledger_views.scorecard_json, "heavy"),
    ("/api/units/<name:path>", api.unit_json, "heavy"),
    ("/api/statements", ledger_views.statements_json, "search*"),
]


# What the audit log calls a request of each route (search_app.web.signin); a route not named is a "view".
AUDIT_ACTIONS = {
    "/": "search",
    "/units": "search",
    "/statements": "search",
    "/feed.atom": "search",
    "/feed": "search",
    "/api/search": "search",
    "/api/units": "search",
    "/api/statements": "search",
    "/source/<article_id>": "download",
    "/api/suggest": None,  # every keystroke of the search box: not a search
}


def make_bottle(
    store: Store,
    upload: UploadConfig | None = None,
    gates: Gates | None = None,
    signin: SignInConfig | None = None,
) -> bottle.Bottle:
    """Read-only unless ``upload`` is configured; then POST /api/documents takes files from token holders.
    Every route gets its store from the sign-in gate: the store as the request's viewer may see it."""
    gates = gates or Gates(threads=8)
    config = signin or SignInConfig()
    gate = Gate(store, config, CatalogWriter(store, config.audit_retention_days))
    app = bottle.Bottle()
    app.config["jianbao.gate"] = gate
    app.install(answer_errors)
    app.install(GatePlugin(gates))  # installed last, so it runs inside answer_errors
    for path, view, cost in ROUTES:
        app.route(path, "GET", gate.view(view, store, AUDIT_ACTIONS.get(path, "view")), cost=cost)
    app.route("/login", "GET", gate.login_page)
    app.route("/login", "POST", gate.login)
    app.route("/logout", "POST", gate.logout)
    audit_views.routes(app, gate, store)
    app.route("/api/openapi.json", "GET", api.openapi_json)
    app.route("/favicon.ico", "GET", views.favicon)
    app.route("/static/<filename:path>", "GET", _static)
    if upload:
        indexer = UploadIndexer(store)
        if upload.folder.is_dir():
            indexer.submit(str(upload.folder))  # what a stopped server left unindexed
        statuses = UploadStatuses(indexer, store)
        app.config["jianbao.uploads"] = statuses
        app.route(
            "/api/documents",
            "POST",
            gate.audited_upload(functools.partial(upload_document, store, upload, statuses)),
        )
        app.route(
            STATUS_PATH + "<upload_id>",
            "GET",
            gate.uploader_or_admin(functools.partial(upload_status, upload, statuses), upload.holds_token),
        )
    else:
        app.route("/api/documents", "POST", _read_only)
    app.error(404)(_not_found)
    app.error(405)(_wrong_method)
    app.error(500)(_server_error)
    return app


def make_app(
    store: Store,
    upload: UploadConfig | None = None,
    gates: Gates | None = None,
    signin: SignInConfig | None = None,
):
    """The WSGI app: the routes behind the URL check, every answer with the security headers."""
    return guarded(make_bottle(store, upload, gates, signin))


def make_server(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 8080,
    upload: UploadConfig | None = None,
    limits: Limits = Limits(),
    signin: SignInConfig | None = None,
    gates: Gates | None = None,
):
    """The app under waitress with every limit of search_app.web.serving; ``.run()`` serves, ``.close()`` stops.
    ``gates``: the costly requests' threads (made for ``limits.threads`` when not given)."""
    if upload is not None:
        limits = Limits(**{**limits.__dict__, "body_bytes": upload.max_bytes + FRAMING_BYTES + 1})
    app = make_app(store, upload, gates or Gates(limits.threads), signin)
    return create_server(app, host, port, limits, with_sign_in_forms(admission(upload)))


def with_sign_in_forms(admit):
    """The sign-in and sign-out forms take a small body; every other request is ``admit``'s to judge."""

    def admit_forms(method: str, path: str, headers: dict, length: int | None):
        if method == "POST" and path in SIGN_IN_PATHS:
            return None, FORM_BYTES
        return admit(method, path, headers, length)

    return admit_forms


def access_state_line(store: Store, signin: SignInConfig) -> str:
    """What the operator is told at start: whether anyone must sign in, and whether the access file on disk
    is the one the index was stamped with."""
    gate = Gate(store, signin)
    if not gate.guarded:
        line = "访问控制：未配置账号，仅供本机使用，可看到全部文档（jianbao users add 添加账号）"
    else:
        line = (
            "访问控制：已启用"
            + ("（含单点登录）" if signin.proxy_header else "")
            + "，未登录者只看到公开文档"
        )
    try:
        if access_apply.current_policy(store) != gate.policy():
            line += "；注意：访问规则文件已改动但尚未应用（运行 jianbao access apply）"
    except AccessFileError as error:
        line += f"；注意：{error}（索引仍按上次应用的规则）"
    return line


def refusal_to_open(store: Store, host: str, signin: SignInConfig) -> str | None:
    """Why the server may not listen on ``host``: beyond loopback, only once someone must sign in."""
    if is_loopback(host) or signin.proxy_header or Gate(store, signin).guarded:
        return None
    return (
        f"拒绝在 {host} 上开放：尚未配置账号，任何能连到该地址的人都将看到全部文档。"
        "请先添加账号（jianbao users add 名称 --role admin），"
        "或配置单点登录（--proxy-user-header X-Remote-User --trusted-proxy 代理地址）；"
        "只在本机使用时去掉 --host（默认 127.0.0.1）"
    )


def serve(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 8080,
    threads: int = 8,
    upload_dir: Path | None = None,
    signin: SignInConfig | None = None,
) -> None:
    signin = signin or SignInConfig()
    refusal = refusal_to_open(store, host, signin)
    if refusal:
        raise ValueError(refusal)
    print(access_state_line(store, signin), file=sys.stderr)
    upload = UploadConfig.from_environment(upload_dir)
    if upload_dir is not None and upload is None:
        print("提示：未设置环境变量 JIANBAO_UPLOAD_TOKEN，上传接口未开启（服务只读）", file=sys.stderr)
    gates = Gates(threads)
    # before the port opens: the first search answers like the rest
    print(warm(store, gates), file=sys.stderr)
    server = make_server(store, host, port, upload, Limits(threads=threads), signin, gates)
    print(
        f"简报检索已启动：http://{host}:{port}/  （索引：{store.shown}；按 Ctrl+C 停止）",
        file=sys.stderr,
    )
    signal.signal(signal.SIGTERM, _stop)  # systemd's stop: the same clean end as Ctrl+C
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        UploadIndexer.stop_all()
        CatalogWriter.close_all()  # what the audit log still holds is written


def _stop(signum, frame):
    raise KeyboardInterrupt


__all__ = ["MAX_UPLOAD_BYTES", "UNAVAILABLE", "Unavailable", "make_app", "make_server", "serve"]
