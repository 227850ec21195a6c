"""How a view answers: an HTML page from a template, JSON, a list as a file (CSV, Excel, Word), or an error in
either form."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import bottle

from indexer.kinds import DocumentKind, StatementType
from search_app import labels
from search_app.file_formats import written
from search_app.tables import Table
from search_app.web import identity, urls

PACKAGE = Path(__file__).resolve().parent
TEMPLATE_PATH = [str(PACKAGE / "templates")]
STATIC_ROOT = PACKAGE / "static"

TEMPLATE_HELPERS = {
    "labels": labels,
    "DocumentKind": DocumentKind,
    "StatementType": StatementType,
    "article_url": urls.article_url,
    "unit_url": urls.unit_url,
    "search_url": urls.search_url,
    "source_url": urls.source_url,
    "identity": identity.current,  # who the request comes from: the header's name and sign-out form
}


def page(template: str, status: int = 200, **values) -> bottle.HTTPResponse:
    body = bottle.template(template, template_lookup=TEMPLATE_PATH, **TEMPLATE_HELPERS, **values)
    return bottle.HTTPResponse(body, status=status, headers={"Content-Type": "text/html; charset=utf-8"})


def error_page(status: int, title: str, message: str) -> bottle.HTTPResponse:
    return page("error.tpl", status=status, title=title, message=message)


def as_json(data, status: int = 200) -> bottle.HTTPResponse:
    body = json.dumps(data, ensure_ascii=False)
    return bottle.HTTPResponse(
        body, status=status, headers={"Content-Type": "application/json; charset=utf-8"}
    )


def json_error(status: int, message: str, parameter: str | None = None) -> bottle.HTTPResponse:
    return as_json({"error": message, "parameter": parameter}, status=status)


class ExportFile(bottle.HTTPResponse):
    """A list sent as a file. ``rows``: how many it holds, known once it is written (a CSV is counted by
    the audit as it streams, so its own stays None)."""

    rows: int | None = None


def export_file(table: Table, format: str) -> ExportFile:
    """The list as the file asked for (file_formats), named for what it holds."""
    made = written(table, format)
    sent = ExportFile(
        made.body, headers={"Content-Type": made.media_type, "Content-Disposition": attachment(made.name)}
    )
    sent.rows = made.rows
    return sent


def attachment(name: str) -> str:
    """Content-Disposition for any file name (the one way every download is named): an ASCII fallback and
    the UTF-8 name (RFC 6266); a quote, a backslash or a line break in a name is data, never header syntax."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
