"""A server warmed before it says it is ready, so that its first search answers like its hundredth.

A fresh process pays once for what every search reads: jieba's dictionary with the unit words
(about 2 s), the engine's modules and its reader, the catalog, the facet structures, the page
templates (compiled at their first use). ``warm`` pays for them before the server listens, by
rendering the search page for one query, once in this thread and then in each thread of the
server's gates (each thread keeps its own engine reader): nothing is written (no audit event, no
session) and the answers are thrown away.
"""

from __future__ import annotations

import functools
import time
import urllib.parse

import bottle

from indexer.engines.base import Store
from indexer.faults import IndexUnavailable
from search_app.web import views
from search_app.web.capacity import Gates

WARM_QUERY = "工作"  # a word every archive holds: the reader's postings, facets and snippets all run


def warm(store: Store, gates: Gates) -> str:
    """Load what the first search needs; the log line that says what was loaded and how long it took."""
    started = time.perf_counter()
    try:
        _render_search_page(store)  # alone first: jieba's dictionary loads once, not in every thread at once
        gates.in_every_thread(functools.partial(_render_search_page, store))
    except (IndexUnavailable, OSError) as error:  # a damaged index, a storage fault: answered 503, said here
        return f"预热未完成：{error}"
    return f"预热完成：分词词典、索引读取器（每个检索线程）、目录、筛选项与页面模板已载入（{time.perf_counter() - started:.1f} 秒）"


def _render_search_page(store: Store) -> None:
    """The search page of ``WARM_QUERY`` rendered as a request would render it, in this thread."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/",
        "QUERY_STRING": urllib.parse.urlencode({"q": WARM_QUERY}),
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
    }
    bottle.request.bind(environ)
    try:
        views.search_page(store)
    finally:
        bottle.request.bind({})


__all__ = ["warm"]
