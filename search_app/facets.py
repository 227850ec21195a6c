"""Facets for search: the registry's rows (``indexer.facet_registry``) and the filters they make."""

from __future__ import annotations

from indexer.engines.base import TermsFilter
from indexer.facet_registry import FACET_LIST, FACET_TITLES, FACETS, KEYWORDS, FacetSpec, not_a_choice


def facet_filter(name: str, values: list[str]) -> TermsFilter | None:
    """Articles holding any of the values (OR within a facet); None when no value is given."""
    facet = FACETS[name]
    cleaned = tuple(dict.fromkeys(x for v in values if v.strip() for x in facet.filter_values(v)))
    return TermsFilter(facet.field, cleaned) if cleaned else None


__all__ = ["FACETS", "FACET_LIST", "FACET_TITLES", "KEYWORDS", "FacetSpec", "facet_filter", "not_a_choice"]
