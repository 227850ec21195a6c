"""The other files of each hit's source: the same issue as .txt, .pdf, .docx… (indexer.versions)."""

from __future__ import annotations

from pathlib import Path

from indexer import versions
from indexer.catalog import Catalog


def with_versions(index_dir: Path, hits: list[dict]) -> list[dict]:
    """Each hit with ``versions``: [{path, format}] of the files that hold the same articles."""
    if not hits:
        return hits
    catalog = Catalog.beside(index_dir)
    try:
        found = versions.versions_of(catalog.db, sorted({h["source"]["path"] for h in hits}))
    finally:
        catalog.close()
    return [{**hit, "versions": found.get(hit["source"]["path"], [])} for hit in hits]
