"""Any search as an Atom feed (RFC 4287): the same parameters as the page, newest first."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime

from indexer.engines.base import Store
from indexer.lang.text import xml_safe
from search_app import labels
from search_app.search import SearchAnswer, SearchRequest, search
from search_app.web.urls import QueryString

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 30


def _timestamp(day: str | None) -> str:
    """An article's date as an Atom date-time (the archive dates days, not moments)."""
    if day and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        return f"{day}T00:00:00Z"
    return "1970-01-01T00:00:00Z"


def title_of(request: SearchRequest) -> str:
    parts = [request.query.strip()] if request.query.strip() else []
    for name, values in request.filters.items():
        parts += [f"{labels.FACET_TITLES.get(name, name)}：{labels.facet_value(name, v)}" for v in values]
    if request.date_from:
        parts.append(f"起始日期：{request.date_from}")
    if request.date_to:
        parts.append(f"截止日期：{request.date_to}")
    return "简报检索 · " + ("，".join(parts) if parts else "全部文章")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    safe = {name: xml_safe(value) for name, value in attributes.items()}  # names and titles are data
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", safe)
    if text is not None:
        element.text = xml_safe(text)
    return element


def newest(store: Store, request: SearchRequest) -> SearchAnswer:
    """What the feed of a search holds: its newest ENTRIES matches."""
    return search(store, replace(request, sort="-date", page=1, size=ENTRIES, facets=False))


def atom(store: Store, request: SearchRequest, links: QueryString, base_url: str) -> bytes:
    """The newest ENTRIES matches of the search; links absolute under base_url."""
    result = newest(store, request)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    page_url = base_url + links.at("/", "page", "sort")
    self_url = base_url + links.at("/feed.atom", "page", "sort")
    _add(feed, "id", self_url)
    _add(feed, "title", title_of(request))
    _add(feed, "subtitle", f"共 {result['total']} 篇，列出最新 {len(result['hits'])} 篇")
    _add(feed, "updated", max((_timestamp(h.get("date")) for h in result["hits"]), default=_now()))
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=page_url)
    author = _add(feed, "author")
    _add(author, "name", "简报检索")
    _add(feed, "generator", "简报检索")
    for hit in result["hits"]:
        entry = _add(feed, "entry")
        url = base_url + links.article(hit["id"])
        _add(entry, "id", base_url + "/article/" + hit["id"])
        _add(entry, "title", hit["title"])
        _add(entry, "updated", _timestamp(hit.get("date")))
        _add(entry, "published", _timestamp(hit.get("date")))
        _add(entry, "link", rel="alternate", type="text/html", href=url)
        for unit in hit["units"][:20]:
            _add(entry, "category", term=unit, label=unit)
        issue = labels.issue(hit.get("issue"))
        summary = f"<p>{html.escape(issue)}</p>" if issue else ""
        _add(entry, "summary", summary + f"<p>{hit['snippet']}</p>", type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
