"""The index: the document an article becomes, and opening a store's index for search.

Documents are engine-neutral token strings made in the worker that parsed the file
(the expensive jieba pass runs in parallel under ``--jobs``); the engine of the store
(``indexer.engines``) writes and reads them.
"""

from __future__ import annotations

from indexer.engines.base import EngineReader, Store
from indexer.facet_registry import facet_values, keyword_values
from indexer.faults import index_empty
from indexer.lang import text as cjk_text
from indexer.records import ArticleRecord, IndexDocument, StoredRecord


def index_fields(record: ArticleRecord) -> IndexDocument:
    """The engine document of one article record; runs in the worker that parsed it."""
    title, text = record["title"], record["text"]
    whole = title + "\n" + text
    segmented = cjk_text.segments(text)  # the article's one jieba pass: words to index, boundaries to store
    return {
        "id": record["id"],
        "source_path": record["source"]["path"],
        "issue_key": record["issue_key"],
        "title": cjk_text.joined(cjk_text.words(title)),
        "text": cjk_text.joined([w for w, _, _ in cjk_text.searchable(segmented)]),
        "title_cjk": cjk_text.joined(cjk_text.bigrams(title)),
        "cjk": cjk_text.joined(cjk_text.bigrams(whole)),
        "title_chars": cjk_text.joined(cjk_text.characters(title)),
        "chars": cjk_text.joined(cjk_text.characters(whole)),
        "facets": facet_values(record),
        "keywords": keyword_values(record),
        "date": record.get("date") or "",
        "access": record.get("access") or "",
        "record": {**record, "_layout": cjk_text.layout(segmented)},
    }


def stamped(document: IndexDocument, access_token: str) -> IndexDocument:
    """The document with its source's access token (decided by the writer, after the worker made it)."""
    return {**document, "access": access_token, "record": {**document["record"], "access": access_token}}


# StoredRecord._layout: stored with the record in the engine only (never in the catalog or an answer)


def stored_record(stored: StoredRecord) -> tuple[ArticleRecord, str | None]:
    """A record as the engine stored it → the article record and its text's word layout."""
    record = stored.copy()
    return record, record.pop("_layout", None)


def open_for_search(store: Store, *, allow_empty: bool = False) -> EngineReader:
    """Open the index read-only; a missing, damaged or (unless allowed) empty index raises IndexUnavailable."""
    reader = store.open_reader()
    if not allow_empty and reader.doc_count() == 0:
        reader.close()
        raise index_empty(store.shown)
    return reader


__all__ = ["index_fields", "open_for_search", "stamped", "stored_record"]
