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
from collections.abc import Iterable, Iterator
from typing import cast

from indexer.follow_ups import FOLLOW_UPS_VERSION, Kept, Matcher, keys_of_statement
from indexer.records import FollowUpRow
from indexer.store.catalog import Catalog

MAX_DATE = "9999-12-31"

log = logging.getLogger(__name__)


def link(catalog: Catalog, written: Iterable[str]) -> int:
    """Follow-ups for the sources ``written`` in this run (all of them when the stored ones are of
    another version); the number of commitments whose follow-ups were stored again."""
    if catalog.follow_ups_version() != FOLLOW_UPS_VERSION:
        return _link_everything(catalog)
    changed = sorted(set(written))
    if not changed:
        return 0
    # A commitment that loses a kept follow-up may have others not kept: it is matched again.
    lost = catalog.followed_by(changed)
    catalog.drop_follow_ups(changed)  # idempotent: a file whose write was rolled back kept its old ones
    keys = [key for row in catalog.commitments() for key in keys_of_statement(row)]
    found = Kept()
    found.add(_matches(catalog, Matcher(keys), [p for p in changed if _holds_articles(catalog, p)]))
    fresh = [key for key in keys if key.source_path in set(changed) or (key.article_id, key.seq) in lost]
    if fresh:
        older = set(catalog.sources_with_articles_after(min(key.date for key in fresh))) - set(changed)
        found.add(_matches(catalog, Matcher(fresh), sorted(older)))
    touched = sorted(found.commitments())
    for rows in catalog.follow_ups_of(touched, MAX_DATE).values():  # those stored before, to be cut with them
        found.add(cast(FollowUpRow, row) for row in rows)
    catalog.replace_follow_ups_of(touched, found.rows())
    catalog.analyze()
    return len(touched)


def _link_everything(catalog: Catalog) -> int:
    log.info("跟进报道：按当前规则全部重新查找")
    catalog.drop_follow_ups()
    paths = [row.path for row in catalog.sources() if row.status != "duplicate" and row.article_ids]
    for (
        path
    ) in catalog.sources_not_listed():  # an older release's: statements' columns and articles, made now
        catalog.restate(path, catalog.records(path))
    keys = [key for row in catalog.commitments() for key in keys_of_statement(row)]
    found = Kept()
    found.add(_matches(catalog, Matcher(keys), paths))
    catalog.add_follow_ups(found.rows())
    catalog.set_follow_ups_version(FOLLOW_UPS_VERSION)
    catalog.analyze()
    return len(found.commitments())


def _holds_articles(catalog: Catalog, path: str) -> bool:
    row = catalog.source(path)
    return row is not None and row.status != "duplicate" and bool(row.article_ids)


def _matches(catalog: Catalog, matcher: Matcher, paths: list[str]) -> Iterator[FollowUpRow]:
    if not len(matcher):
        return
    for path in paths:
        for record in catalog.records(path):
            yield from matcher.follow_ups(record, path)
