"""The access policy the catalog's tokens were made with (``indexer.access``), kept in its settings."""

from __future__ import annotations

import json

from indexer.access import Policy
from indexer.store.catalog import Catalog

POLICY_KEY = "access_policy"


def applied_policy(catalog: Catalog) -> Policy | None:
    """The policy the index's tokens were made with; None before any was applied (no token holds yet)."""
    value = catalog.setting(POLICY_KEY)
    return Policy.from_json(json.loads(value)) if value else None


def record_policy(catalog: Catalog, policy: Policy) -> None:
    catalog.set_setting(POLICY_KEY, json.dumps(policy.as_json(), ensure_ascii=False, sort_keys=True))
