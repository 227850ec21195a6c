"""Facets: one small class per facet, each knowing its filter and how it orders its values.

Counts come from the ``facets`` column (one JSON value per article), decoded
once per reader, so counting a large result set never touches stored fields.
"""

from __future__ import annotations

import json
from collections import Counter

from whoosh import query as q

from indexer.vocabulary import normalize_unit


class Facet:
    name: str
    field: str
    by_value = False  # order by value (newest first) instead of by count

    def clean(self, value: str) -> str:
        return value.strip()

    def filter(self, values: list[str]) -> q.Query | None:
        terms = [q.Term(self.field, self.clean(v)) for v in values if v.strip()]
        if not terms:
            return None
        return terms[0] if len(terms) == 1 else q.Or(terms)

    def ordered(self, counts: Counter, limit: int | None) -> list[dict]:
        if self.by_value:
            items = sorted(counts.items(), key=lambda kv: kv[0], reverse=True)
        else:
            items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return [{"value": value, "count": count} for value, count in items[:limit]]


class UnitFacet(Facet):
    name, field = "unit", "unit"

    def clean(self, value: str) -> str:
        return normalize_unit(value.strip())


class YearFacet(Facet):
    name, field, by_value = "year", "year", True


class MonthFacet(Facet):
    name, field, by_value = "month", "month", True


class KindFacet(Facet):
    name, field = "kind", "kind"


class OfficialFacet(Facet):
    name, field = "official", "official"


class StatementTypeFacet(Facet):
    name, field = "type", "type"


FACETS: dict[str, Facet] = {
    f.name: f
    for f in (UnitFacet(), YearFacet(), MonthFacet(), KindFacet(), OfficialFacet(), StatementTypeFacet())
}


class FacetColumn:
    """Facet values of one reader. Small result sets are counted doc by doc; large ones by
    AND-ing bitsets (Python ints) of the matched docs with each value's docs, which stays fast
    when a query matches most of a large archive."""

    BITSET_FROM = 2000  # matched docs from which bitsets win

    def __init__(self, reader):
        self._column = reader.column_reader("facets")
        self._doc_count = reader.doc_count_all()
        self._cache: dict[int, dict] = {}
        self._bitsets: dict[str, dict[str, int]] | None = None

    def values(self, docnum: int) -> dict:
        cached = self._cache.get(docnum)
        if cached is None:
            cached = self._cache[docnum] = json.loads(self._column[docnum] or b"{}")
        return cached

    def count(self, docnums, facet: str) -> Counter:
        docnums = docnums if isinstance(docnums, list) else list(docnums)
        if len(docnums) < self.BITSET_FROM:
            counts: Counter = Counter()
            for docnum in docnums:
                counts.update(self.values(docnum).get(facet, ()))
            return counts
        matched = self._bitset(docnums)
        return Counter(
            {
                value: n
                for value, bits in self._value_bitsets(facet).items()
                if (n := (bits & matched).bit_count())
            }
        )

    def _bitset(self, docnums) -> int:
        buffer = bytearray((self._doc_count >> 3) + 1)
        for docnum in docnums:
            buffer[docnum >> 3] |= 1 << (docnum & 7)
        return int.from_bytes(buffer, "little")

    def _value_bitsets(self, facet: str) -> dict[str, int]:
        if self._bitsets is None:
            members: dict[str, dict[str, list[int]]] = {}
            for docnum in range(self._doc_count):
                for name, values in self.values(docnum).items():
                    for value in values:
                        members.setdefault(name, {}).setdefault(value, []).append(docnum)
            self._bitsets = {
                name: {value: self._bitset(docs) for value, docs in by_value.items()}
                for name, by_value in members.items()
            }
        return self._bitsets.get(facet, {})
