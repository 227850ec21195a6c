"""The Whoosh index: schema, the one writer, and opening for search.

Fields that are searched arrive pre-tokenized (see ``analysis``); what pages show
is kept in one stored JSON record per article; what facets count is kept in a
column, so that counting never unpickles stored fields.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from indexer import analysis
from indexer.faults import IndexUnavailable, index_damaged, index_empty
from indexer.lock import IndexLock
from indexer.vocabulary import unit_ancestors

INDEX_NAME = "articles"
FACET_FIELDS = ("unit", "year", "month", "kind", "official", "type")


def build_schema() -> Schema:
    pretok = analysis.pretokenized_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        source_path=ID(stored=True),
        issue_key=ID(stored=True),
        # jieba words rank; exact sequences are the bigram fields' job, so no positions here
        title=TEXT(analyzer=pretok, field_boost=3.0, phrase=False),
        text=TEXT(analyzer=pretok, phrase=False),
        title_cjk=TEXT(analyzer=pretok, field_boost=3.0),
        cjk=TEXT(analyzer=pretok),
        unit=KEYWORD(commas=True, lowercase=False),
        official=KEYWORD(commas=True, lowercase=False),
        type=KEYWORD(commas=True, lowercase=False),
        kind=ID,
        year=ID,
        month=ID,
        date=ID(sortable=True),
        record=STORED,
        facets=COLUMN(VarBytesColumn()),
    )


def unit_tree(units: list[dict]) -> list[str]:
    """Every normalised unit of an article with its ancestors, so a filter on a district finds its streets."""
    tree: list[str] = []
    for unit in units:
        for name in unit_ancestors(unit["normalized"]):
            if name not in tree:
                tree.append(name)
    return tree


def facet_values(record: dict) -> dict:
    date = record.get("date") or ""
    return {
        "unit": unit_tree(record["units"]),
        "year": [date[:4]] if date else [],
        "month": [date[:7]] if date else [],
        "kind": [record["kind"]],
        "official": sorted({o["name"] for o in record["officials"]}),
        "type": sorted({s["type"] for s in record["statements"]}),
    }


def index_fields(record: dict) -> dict:
    """The Whoosh document of one article record; runs in the worker that parsed it."""
    title, text = record["title"], record["text"]
    facets = facet_values(record)
    return {
        "id": record["id"],
        "source_path": record["source"]["path"],
        "issue_key": record["issue_key"],
        "title": analysis.pretokenized(analysis.words(title)),
        "text": analysis.pretokenized(analysis.words(text)),
        "title_cjk": analysis.pretokenized(analysis.indexed_bigrams(title)),
        "cjk": analysis.pretokenized(analysis.indexed_bigrams(title + "\n" + text)),
        "unit": ",".join(facets["unit"]),
        "official": ",".join(facets["official"]),
        "type": ",".join(facets["type"]),
        "kind": record["kind"],
        "year": facets["year"][0] if facets["year"] else "",
        "month": facets["month"][0] if facets["month"] else "",
        "date": record.get("date") or "",
        "record": record,
        "facets": json.dumps(facets, ensure_ascii=False).encode("utf-8"),
    }


def exists(index_dir: Path) -> bool:
    return whoosh_index.exists_in(str(index_dir), indexname=INDEX_NAME)


def open_for_search(index_dir: Path, *, allow_empty: bool = False):
    """Open the index read-only; a missing, damaged (TOC or segment) or empty index raises IndexUnavailable."""
    index_dir = Path(index_dir)
    try:
        if not exists(index_dir):
            raise IndexUnavailable(f"索引不存在：{index_dir}（先运行 jianbao index）")
        ix = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME)
        with ix.reader() as reader:  # touches every segment: a lost file shows here, not mid-query
            empty = reader.doc_count() == 0
    except IndexUnavailable:
        raise
    except Exception as error:  # whoosh raises many kinds for a damaged index
        raise index_damaged(index_dir, f"{type(error).__name__}: {error}") from error
    if empty and not allow_empty:
        raise index_empty(index_dir)
    return ix


class IndexWriter:
    """The single writer: replaces a source's articles and commits in batches.

    Holds the index lock for its whole life so that overlapping runs (cron, a
    systemd timer) queue up instead of interleaving.
    """

    def __init__(self, index_dir: Path, *, wait_seconds: float = 30.0, rebuild: bool = False):
        self.index_dir = Path(index_dir)
        self.index_dir.mkdir(parents=True, exist_ok=True)
        self.lock = IndexLock(self.index_dir / "jianbao.lock")
        self.lock.acquire(wait_seconds)
        try:
            self.ix = self._open_or_create(rebuild)
        except BaseException:
            self.lock.release()
            raise
        self._writer = None

    def _open_or_create(self, rebuild: bool):
        if rebuild or not exists(self.index_dir):
            return whoosh_index.create_in(str(self.index_dir), build_schema(), indexname=INDEX_NAME)
        return open_for_search(self.index_dir, allow_empty=True)

    @property
    def writer(self):
        if self._writer is None:
            self._writer = self.ix.writer(limitmb=256)
        return self._writer

    def replace_source(self, path: str, documents: list[dict]) -> None:
        self.writer.delete_by_term("source_path", path)
        for document in documents:
            self.writer.add_document(**document)

    def delete_source(self, path: str) -> None:
        self.writer.delete_by_term("source_path", path)

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer = None

    def close(self) -> None:
        try:
            if self._writer is not None:
                self._writer.cancel()
                self._writer = None
        finally:
            self.ix.close()
            self.lock.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def default_index_dir() -> Path:
    return Path(os.environ.get("JIANBAO_INDEX", "archive/index"))
