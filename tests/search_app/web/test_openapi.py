"""The OpenAPI document follows the facet registry and the shared kinds (no server)."""

from __future__ import annotations

from indexer.kinds import KIND_VALUES, STATEMENT_VALUES
from search_app.facets import FACETS
from search_app.web import openapi


def test_search_parameters_are_the_query_every_facet_and_the_paging():
    names = [p["name"] for p in openapi.SEARCH_PARAMS]
    assert names == ["q", *FACETS, "from", "to", "sort", "page", "size"]
    kind = next(p for p in openapi.SEARCH_PARAMS if p["name"] == "kind")
    assert kind["schema"] == {
        "type": "array",
        "items": {"type": "string", "enum": list(KIND_VALUES)},
    }


def test_kinds_and_types_are_enumerated_from_the_shared_vocabulary():
    schemas = openapi.document()["components"]["schemas"]
    assert schemas["Hit"]["properties"]["kind"]["enum"] == list(KIND_VALUES)
    assert {"briefing", "news", "notice", "other"} <= set(KIND_VALUES)
    assert schemas["Statement"]["properties"]["type"]["enum"] == list(STATEMENT_VALUES)
    ledger_type = next(p for p in openapi.STATEMENT_PARAMS if p["name"] == "type")
    assert ledger_type["schema"]["enum"] == ["directive", "commitment"]
