"""Query-string parameters → search-layer requests; every malformed value is a SearchError (HTTP 400)
naming its parameter.

The bounds, and why:

- at most ``MAX_FILTER_VALUES`` (20) values per filter: the pages add one value per click, and an
  auditor comparing units picks a handful; each value is one more term to match and one more
  facet pass, so 20 keeps the widest filter within the cost of a few ordinary searches
  (measured in the README), where 2,000 ``unit=`` values took 20 s of CPU;
- ``q`` at most ``MAX_QUERY_CHARS`` (500) characters: a pasted title or sentence fits many times
  over; the query language caps its own terms, ORs and exclusions on top of this;
- every other value at most ``MAX_VALUE_CHARS`` (100) characters: the longest unit names are
  about 30;
- ``year`` is four digits, ``month`` a real YYYY-MM, ``page``/``size`` plain ASCII digits.
"""

from __future__ import annotations

import re

from search_app import timeline
from search_app.facets import FACETS
from search_app.file_formats import FORMATS as FILE_FORMATS
from search_app.search import SearchError, SearchRequest

FILTER_PARAMS = tuple(FACETS)  # one URL parameter per facet of the registry
DATE_PARAMS = ("from", "to")
STATEMENT_PAGE_SIZE = 50
MAX_FILTER_VALUES = 20
MAX_QUERY_CHARS = 500
MAX_VALUE_CHARS = 100
EXPORT_FORMATS = tuple(FILE_FORMATS)  # a list as a file: csv, xlsx, docx (the ledger's printed report)
FORMATS = ("", "html", "json", *EXPORT_FORMATS)

_DIGITS = re.compile(r"[0-9]{1,9}")
_LONG_VALUES = {"q": MAX_QUERY_CHARS}


def integer(query, name: str, default: int) -> int:
    raw = query.get(name, "").strip()
    if not raw:
        return default
    if not _DIGITS.fullmatch(raw):
        raise SearchError(name, f"参数 {name} 须为正整数，收到“{raw[:20]}”")
    return int(raw)


def text(query, name: str) -> str | None:
    value = query.get(name, "").strip()
    return value or None


def _checked_value(name: str, value: str) -> str:
    why = FACETS[name].check(value)
    if why:
        raise SearchError(name, why)
    return value


def filters(query) -> dict[str, list[str]]:
    chosen = {}
    for name in FILTER_PARAMS:
        values = list(dict.fromkeys(v.strip() for v in query.getall(name) if v.strip()))
        if len(values) > MAX_FILTER_VALUES:
            raise SearchError(
                name, f"参数 {name} 最多可给 {MAX_FILTER_VALUES} 个值，收到 {len(values)} 个；请缩小筛选范围"
            )
        if values:
            chosen[name] = [_checked_value(name, v) for v in values]
    return chosen


def search_request(query) -> SearchRequest:
    """The SearchRequest a query string asks for (validated by the search layer itself)."""
    return SearchRequest(
        query=query.get("q", ""),
        filters=filters(query),
        date_from=text(query, "from"),
        date_to=text(query, "to"),
        sort=query.get("sort", "").strip() or "relevance",
        page=integer(query, "page", 1),
        size=integer(query, "size", 10),
    )


def unit_selection(unit: str, query) -> timeline.Selection:
    """The part of a unit's timeline a query string asks for."""
    return timeline.Selection(
        unit=unit,
        type=text(query, "type"),
        year=text(query, "year"),
        page=integer(query, "page", 1),
        size=integer(query, "size", timeline.PAGE_SIZE),
    ).validate()


def export_format(query) -> str | None:
    """The file a list is asked for as (csv, xlsx, docx), or None for the page or its JSON."""
    wanted = query.get("format", "")
    return wanted if wanted in EXPORT_FORMATS else None


def check_shape(query) -> None:
    """Bounds every route shares: value lengths, values per filter, a known export format."""
    for name, value in query.allitems():
        limit = _LONG_VALUES.get(name, MAX_VALUE_CHARS)
        if len(value) > limit:
            raise SearchError(name, f"参数 {name} 过长：最多 {limit} 个字符，收到 {len(value)} 个")
    for name in FILTER_PARAMS:
        values = {v.strip() for v in query.getall(name) if v.strip()}
        if len(values) > MAX_FILTER_VALUES:
            raise SearchError(
                name, f"参数 {name} 最多可给 {MAX_FILTER_VALUES} 个值，收到 {len(values)} 个；请缩小筛选范围"
            )
        for value in values:  # checked here, before a page shows any of them back
            _checked_value(name, value)
    if query.get("format", "") not in FORMATS:
        raise SearchError(
            "format", f"参数 format 无效：“{query.get('format')}”，可选 {'、'.join(EXPORT_FORMATS)}"
        )


def current():
    """The request's query string, decoded as UTF-8 (Bottle keeps raw values as Latin-1) and bounded.

    The URL itself was checked for valid UTF-8 before the app saw it (search_app.web.guard)."""
    from bottle import request

    query = request.query.decode("utf-8")
    check_shape(query)
    return query
