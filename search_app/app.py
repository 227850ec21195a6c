"""The web app: routes of the pages and the JSON API, served by waitress.

``make_app(index_dir)`` builds the Bottle app; the index is opened by the search
layer on the first request, so the app starts (and says why in Chinese) even
when the index is missing or damaged.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import bottle

from indexer.index import IndexUnavailable
from indexer.location import is_dsn
from search_app import api, ledger_views, views
from search_app.query import QuerySyntaxError
from search_app.responses import STATIC_ROOT, error_page, json_error
from search_app.search import SearchError
from search_app.upload import MAX_UPLOAD_BYTES, UploadConfig, upload_document


def _is_api() -> bool:
    return bottle.request.path.startswith("/api/")


def answer_errors(callback):
    """Bad parameters → 400, missing index → 503; as JSON under /api/, as a Chinese page elsewhere."""

    @functools.wraps(callback)
    def wrapper(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except SearchError as error:
            return _bad_request(str(error), error.parameter)
        except QuerySyntaxError as error:
            return _bad_request(str(error), "q")
        except IndexUnavailable as error:
            if _is_api():
                return json_error(503, f"索引不可用：{error}")
            return error_page(503, "索引暂不可用", f"{error}。请先建立索引（jianbao index），或联系管理员。")

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


def make_app(index_dir: Path, upload: UploadConfig | None = None) -> bottle.Bottle:
    """Read-only unless ``upload`` is configured; then POST /api/documents takes files from token holders."""
    index_dir = index_dir if is_dsn(index_dir) else Path(index_dir)
    app = bottle.Bottle()
    app.install(answer_errors)
    routes = [
        ("/", views.search_page, True),
        ("/article/<article_id>", views.article_page, True),
        ("/source/<article_id>", views.source_file, True),
        ("/units", views.units_page, True),
        ("/units/<name:path>/commitments", ledger_views.scorecard_page, True),
        ("/units/<name:path>", views.unit_page, True),
        ("/statements", ledger_views.statements_page, True),
        ("/original/<article_id>", views.original_page, True),
        ("/original/<article_id>/page/<number>.png", views.page_image, True),
        ("/feed.atom", views.feed_atom, True),
        ("/api/suggest", views.suggest_json, True),
        ("/favicon.ico", views.favicon, False),
        ("/api/search", api.search_json, True),
        ("/api/articles/<article_id>", api.article_json, True),
        ("/api/units", api.units_json, True),
        ("/api/units/<name:path>/commitments", ledger_views.scorecard_json, True),
        ("/api/units/<name:path>", api.unit_json, True),
        ("/api/statements", ledger_views.statements_json, True),
        ("/api/openapi.json", api.openapi_json, False),
        ("/static/<filename:path>", _static, False),
    ]
    for path, view, needs_index in routes:
        app.route(path, "GET", functools.partial(view, index_dir) if needs_index else view)
    app.route(
        "/api/documents",
        "POST",
        functools.partial(upload_document, index_dir, upload) if upload else _read_only,
    )
    app.error(404)(_not_found)
    app.error(405)(_wrong_method)
    app.error(500)(_server_error)
    return app


def serve(
    index_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8080,
    threads: int = 8,
    upload_dir: Path | None = None,
) -> None:
    import waitress

    upload = UploadConfig.from_environment(upload_dir)
    if upload_dir is not None and upload is None:
        print("提示：未设置环境变量 JIANBAO_UPLOAD_TOKEN，上传接口未开启（服务只读）", file=sys.stderr)
    print(f"简报检索已启动：http://{host}:{port}/  （索引：{index_dir}；按 Ctrl+C 停止）", file=sys.stderr)
    waitress.serve(
        make_app(index_dir, upload),
        host=host,
        port=port,
        threads=threads,
        max_request_body_size=MAX_UPLOAD_BYTES + 1024 * 1024,
    )
