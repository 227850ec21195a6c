"""The web app: routes of the pages and the JSON API, served by waitress.

``make_app(index_dir)`` builds the WSGI app (Bottle behind search_app.guard); the index
is opened by the search layer on the first request, so the app starts (and says why in
Chinese) even when the index is missing or damaged. ``serve`` runs it under waitress
with the limits of search_app.serving.
"""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import bottle

from indexer.engines import shown
from indexer.index import IndexUnavailable
from indexer.location import is_dsn
from search_app import api, ledger_views, views
from search_app.capacity import Gates, Overloaded
from search_app.guard import guarded
from search_app.query import QuerySyntaxError
from search_app.responses import STATIC_ROOT, error_page, json_error
from search_app.search import SearchError
from search_app.serving import Limits, create_server
from search_app.upload import (
    FRAMING_BYTES,
    MAX_UPLOAD_BYTES,
    UploadConfig,
    UploadIndexer,
    admission,
    upload_document,
)


@dataclass(frozen=True)
class Unavailable:
    """An exception that means the archive cannot answer now: 503, with what to do about it."""

    kind: type[BaseException]
    title: str
    hint: str
    errnos: frozenset[int] = frozenset()  # for OSError: only these (others are real bugs)
    when: Callable[[BaseException], bool] | None = None  # a further test, where the type says too little

    def matches(self, error: BaseException) -> bool:
        if not isinstance(error, self.kind):
            return False
        if self.errnos and getattr(error, "errno", None) not in self.errnos:
            return False
        return self.when is None or self.when(error)


def _from_an_empty_whoosh_index(error: BaseException) -> bool:
    """Whoosh's reader of an index with no segment yet (0 documents) raises NotImplementedError."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and frames[-1].filename.endswith(os.path.join("whoosh", "reading.py"))


# Checked in order; a new state of the index (empty, read-only, damaged…) is one more line here,
# or nothing at all when its exception derives from IndexUnavailable.
UNAVAILABLE: list[Unavailable] = [
    Unavailable(IndexUnavailable, "索引暂不可用", "请先建立索引（jianbao index），或联系管理员。"),
    Unavailable(
        sqlite3.DatabaseError,
        "目录库暂不可用",
        "目录库（catalog.sqlite）损坏、被占用或无法读取；可用 jianbao index --rebuild 重建，或联系管理员。",
    ),
    Unavailable(
        OSError,
        "存储暂不可用",
        "索引所在的磁盘已满、只读或无法读取，请联系管理员。",
        frozenset({errno.ENOSPC, errno.EROFS, errno.EIO, errno.EACCES, errno.EDQUOT}),
    ),
    Unavailable(
        NotImplementedError,
        "索引为空",
        "索引中还没有文章：请先索引文档（jianbao index），或稍候片刻（首批上传的文件正在写入）。",
        when=_from_an_empty_whoosh_index,
    ),
    Unavailable(MemoryError, "服务器内存不足", "请缩小查询或筛选范围后重试。"),
    Unavailable(RecursionError, "请求过于复杂", "请减少查询词或筛选条件后重试。"),
]


def _is_api() -> bool:
    return bottle.request.path.startswith("/api/")


def _unavailable(title: str, detail: str, hint: str, retry_after: int | None = None):
    answer = (
        json_error(503, f"{title}：{detail}") if _is_api() else error_page(503, title, f"{detail}。{hint}")
    )
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
            return _unavailable("服务繁忙", str(error), "请稍后重试。", error.retry_after)
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


# How costly each route is: None runs in the server's thread; "search" and "heavy" run through
# a Gate; "search*" is heavy when it exports CSV (every hit, not one page).
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
    ("/api/suggest", views.suggest_json, "search"),
    ("/api/search", api.search_json, "search*"),
    ("/api/articles/<article_id>", api.article_json, "search"),
    ("/api/units", api.units_json, "search*"),
    ("/api/units/<name:path>/commitments", ledger_views.scorecard_json, "heavy"),
    ("/api/units/<name:path>", api.unit_json, "heavy"),
    ("/api/statements", ledger_views.statements_json, "search*"),
]


def _gate(gates: Gates, cost: str, environ: dict):
    if cost == "heavy":
        return gates.heavy
    if cost == "search*" and parse_qs(environ.get("QUERY_STRING", "")).get("format", [""])[-1] == "csv":
        return gates.heavy
    return gates.search


def _gated(gates: Gates, cost: str | None, callback):
    """The callback run through its gate, in the gate's thread with this request bound to it."""
    if cost is None:
        return callback

    @functools.wraps(callback)
    def wrapper(*args, **kwargs):
        environ = bottle.request.environ

        def work():
            bottle.request.bind(environ)
            bottle.response.bind()
            return callback(*args, **kwargs)

        return _gate(gates, cost, environ).run(work)

    return wrapper


def make_bottle(
    index_dir: Path, upload: UploadConfig | None = None, gates: Gates | None = None
) -> bottle.Bottle:
    """Read-only unless ``upload`` is configured; then POST /api/documents takes files from token holders."""
    index_dir = index_dir if is_dsn(index_dir) else Path(index_dir)
    gates = gates or Gates(threads=8)
    app = bottle.Bottle()
    app.install(answer_errors)
    for path, view, cost in ROUTES:
        app.route(path, "GET", _gated(gates, cost, functools.partial(view, index_dir)))
    app.route("/api/openapi.json", "GET", api.openapi_json)
    app.route("/favicon.ico", "GET", views.favicon)
    app.route("/static/<filename:path>", "GET", _static)
    if upload:
        indexer = UploadIndexer(index_dir)
        if upload.folder.is_dir():
            indexer.submit(str(upload.folder))  # what a stopped server left unindexed
        app.route("/api/documents", "POST", functools.partial(upload_document, index_dir, upload, indexer))
    else:
        app.route("/api/documents", "POST", _read_only)
    app.error(404)(_not_found)
    app.error(405)(_wrong_method)
    app.error(500)(_server_error)
    return app


def make_app(index_dir: Path, upload: UploadConfig | None = None, gates: Gates | None = None):
    """The WSGI app: the routes behind the URL check, every answer with the security headers."""
    return guarded(make_bottle(index_dir, upload, gates))


def make_server(
    index_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8080,
    upload: UploadConfig | None = None,
    limits: Limits = Limits(),
):
    """The app under waitress with every limit of search_app.serving; ``.run()`` serves, ``.close()`` stops."""
    if upload is not None:
        limits = Limits(**{**limits.__dict__, "body_bytes": upload.max_bytes + FRAMING_BYTES + 1})
    app = make_app(index_dir, upload, Gates(limits.threads))
    return create_server(app, host, port, limits, admission(upload))


def serve(
    index_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8080,
    threads: int = 8,
    upload_dir: Path | None = None,
) -> None:
    upload = UploadConfig.from_environment(upload_dir)
    if upload_dir is not None and upload is None:
        print("提示：未设置环境变量 JIANBAO_UPLOAD_TOKEN，上传接口未开启（服务只读）", file=sys.stderr)
    server = make_server(index_dir, host, port, upload, Limits(threads=threads))
    print(
        f"简报检索已启动：http://{host}:{port}/  （索引：{shown(index_dir)}；按 Ctrl+C 停止）",
        file=sys.stderr,
    )
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


__all__ = ["MAX_UPLOAD_BYTES", "UNAVAILABLE", "Unavailable", "make_app", "make_server", "serve"]
