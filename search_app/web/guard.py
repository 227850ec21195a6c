"""The WSGI layer around the Bottle app: the URL checked before any route runs, and the
security headers on every answer.

Bottle decodes the query string lazily and raises on invalid UTF-8 deep inside a view
(a 500); here the path, every parameter name and every value are decoded once, strictly,
and a bad one is a 400 that names it.
"""

from __future__ import annotations

import json
from urllib.parse import unquote_to_bytes

from search_app.web.responses import error_page

MAX_PARAMETERS = 100
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
]
# C0 controls other than tab, LF and CR, and DEL: nothing a form or a link legitimately sends
_CONTROLS = {chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {"\x7f"}


class BadURL(ValueError):
    def __init__(self, parameter: str | None, message: str):
        super().__init__(message)
        self.parameter = parameter


def _decoded(raw: str, what: str, parameter: str | None) -> str:
    try:
        value = unquote_to_bytes(raw.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:
        raise BadURL(parameter, f"{what}不是有效的 UTF-8 编码") from None
    if any(c in _CONTROLS for c in value):
        raise BadURL(parameter, f"{what}含有控制字符")
    return value


def check_url(environ: dict) -> None:
    """Raise BadURL unless the path and every query parameter are clean UTF-8."""
    path = environ.get("PATH_INFO", "")
    try:
        decoded = path.encode("latin-1").decode("utf-8")
    except UnicodeError:
        raise BadURL("path", "路径不是有效的 UTF-8 编码") from None
    if any(c in _CONTROLS for c in decoded):
        raise BadURL("path", "路径含有控制字符")
    query = environ.get("QUERY_STRING", "")
    pairs = [pair for pair in query.split("&") if pair]
    if len(pairs) > MAX_PARAMETERS:
        raise BadURL(None, f"参数过多：最多 {MAX_PARAMETERS} 个，收到 {len(pairs)} 个")
    for pair in pairs:
        raw_name, _, raw_value = pair.partition("=")
        name = _decoded(raw_name, "参数名", None)
        _decoded(raw_value, f"参数 {name} 的值", name)


def _refusal(environ: dict, error: BadURL) -> tuple[str, list[tuple[str, str]], bytes]:
    message = f"请求有误：{error}"
    if environ.get("PATH_INFO", "").startswith("/api/"):
        body = json.dumps({"error": message, "parameter": error.parameter}, ensure_ascii=False).encode()
        return "400 Bad Request", [("Content-Type", "application/json; charset=utf-8")], body
    answer = error_page(400, "请求有误", str(error))
    return "400 Bad Request", [("Content-Type", "text/html; charset=utf-8")], answer.body.encode("utf-8")


def with_security_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    names = {name.lower() for name, _ in headers}
    added = [(name, value) for name, value in SECURITY_HEADERS if name.lower() not in names]
    content_type = next((value for name, value in headers if name.lower() == "content-type"), "")
    if content_type.startswith("text/html") and "content-security-policy" not in names:
        added.append(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
    return headers + added


def guarded(app):
    """``app`` behind the URL check, with the security headers added to everything it answers."""

    def wsgi(environ, start_response):
        def start(status, headers, exc_info=None):
            return start_response(status, with_security_headers(list(headers)), exc_info)

        try:
            check_url(environ)
        except BadURL as error:
            status, headers, body = _refusal(environ, error)
            start(status, headers + [("Content-Length", str(len(body)))])
            return [body]
        return app(environ, start)

    return wsgi
