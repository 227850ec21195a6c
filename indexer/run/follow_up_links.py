"""The ledger's follow-ups brought up to date at the end of an indexing run (``indexer.follow_ups`` says
what one is).

A run that wrote (or removed) some sources links:

- each article it wrote, against every commitment in the catalog (older ones and its own);
- each commitment it wrote, against the articles it did not write that are dated after it (few, in a
  run that adds recent files; one pass over the older sources for a backfill).

Together these are every pair that involves something written, and the catalog already dropped the
follow-ups of and by every source it rewrote or forgot. A catalog whose follow-ups were found by
another version of ``indexer.follow_ups`` (or never: an index made before they were stored) has its
statements' stored columns and its list of articles written again and every follow-up found anew, from
the stored records: no file is read or parsed again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from indexer.follow_ups import FOLLOW_UPS_VERSION, Matcher, keys_of_statement
from indexer.records import FollowUpRow
from indexer.store.catalog import Catalog

log = logging.getLogger(__name__)


def link(catalog: Catalog, written: Iterable[str]) -> int:
    """Follow-ups for the sources ``written`` in this run (all of them when the stored ones are of
    another version); the number of follow-ups added."""
    if catalog.follow_ups_version() != FOLLOW_UPS_VERSION:
        return _link_everything(catalog)
    keys = [key for row in catalog.commitments() for key in keys_of_statement(row)]
    changed = sorted(set(written))
    if not changed:
        return 0
    catalog.drop_follow_ups(changed)  # idempotent: a file whose write was rolled back kept its old ones
    indexed = [p for p in changed if _holds_articles(catalog, p)]
    rows = _matches(catalog, Matcher(keys), indexed)
    fresh = [key for key in keys if key.source_path in set(changed)]
    if fresh:
        older = set(catalog.sources_with_articles_after(min(key.date for key in fresh))) - set(changed)
        rows += _matches(catalog, Matcher(fresh), sorted(older))
    catalog.add_follow_ups(rows)
    return len(rows)


def _link_everything(catalog: Catalog) -> int:
    log.info("跟进报道：按当前规则全部重新查找")
    catalog.drop_follow_ups()
    paths = [row.path for row in catalog.sources() if row.status != "duplicate" and row.article_ids]
    for path in paths:  # an index of an older release: its statements' columns and its articles, made now
        catalog.restate(path, catalog.records(path))
    keys = [key for row in catalog.commitments() for key in keys_of_statement(row)]
    rows = _matches(catalog, Matcher(keys), paths)
    catalog.add_follow_ups(rows)
    catalog.set_follow_ups_version(FOLLOW_UPS_VERSION)
    return len(rows)


def _holds_articles(catalog: Catalog, path: str) -> bool:
    row = catalog.source(path)
    return row is not None and row.status != "duplicate" and bool(row.article_ids)


def _matches(catalog: Catalog, matcher: Matcher, paths: list[str]) -> list[FollowUpRow]:
    if not len(matcher):
        return []
    return [
        row for path in paths for record in catalog.records(path) for row in matcher.follow_ups(record, path)
    ]
