"""Query-string parameters → search-layer requests; bad values become SearchError (HTTP 400)."""

from __future__ import annotations

from search_app.facets import FACETS
from search_app.search import SearchError, SearchRequest

FILTER_PARAMS = tuple(FACETS)  # one URL parameter per facet of the registry
STATEMENT_PAGE_SIZE = 50


def integer(query, name: str, default: int) -> int:
    raw = query.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SearchError(name, f"参数 {name} 须为整数，收到“{raw}”") from None


def text(query, name: str) -> str | None:
    value = query.get(name, "").strip()
    return value or None


def filters(query) -> dict[str, list[str]]:
    chosen = {}
    for name in FILTER_PARAMS:
        values = [v.strip() for v in query.getall(name) if v.strip()]
        if values:
            chosen[name] = list(dict.fromkeys(values))
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


def wants_csv(query) -> bool:
    return query.get("format", "") == "csv"


def current():
    """The request's query string, decoded as UTF-8 (Bottle keeps raw values as Latin-1)."""
    from bottle import request

    return request.query.decode("utf-8")
