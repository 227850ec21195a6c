"""The other files of each hit's source: the same issue as .txt, .pdf, .docx… (indexer.store.versions)."""

from __future__ import annotations

import logging

from indexer.engines.base import Store
from indexer.faults import IndexUnavailable
from indexer.records import SearchHit

log = logging.getLogger(__name__)


def with_versions(store: Store, hits: list[SearchHit]) -> list[SearchHit]:
    """Each hit with ``versions``: [{path, format}] of the files that hold the same articles.
    The index keeps serving when the catalog cannot: the hits then name no versions."""
    if not hits:
        return hits
    try:
        catalog = store.catalog()
    except IndexUnavailable as error:  # missing, damaged or unreadable here (a read-only mount)
        log.warning("版本信息不可用：%s", error)
        return [{**hit, "versions": []} for hit in hits]
    try:
        found = catalog.versions_of(sorted({h["source"]["path"] for h in hits}))
    except IndexUnavailable as error:  # missing, damaged or unreadable here (a read-only mount)
        log.warning("版本信息不可用：%s", error)
        found = {}
    finally:
        catalog.close()
    return [{**hit, "versions": found.get(hit["source"]["path"], [])} for hit in hits]
