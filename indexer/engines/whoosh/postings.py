"""Whoosh: a term's postings a block at a time.

A Whoosh matcher hands out one posting per Python call (``id()``, ``weight()``, ``next()``);
its blocks already hold them as arrays. Reading those arrays whole is what lets the scorer
(``whoosh_scores``) and the sequence matcher (``whoosh_sequence``) work on a quarter of a
100k archive in milliseconds. Deleted documents are left out, as the segment's own matcher
leaves them out. Field lengths, which scoring and writing ask per posting, are read a
column at a time.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length


def leaf_matcher(reader, fieldname: str, text) -> tuple[W3LeafMatcher | None, frozenset | set]:
    """The segment's raw postings matcher of a term (None when the term is absent or the
    segment is not Whoosh 3's), and the deleted documents its filter would have left out."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return None, frozenset()
    deleted: frozenset | set = frozenset()
    if isinstance(matcher, FilterMatcher):
        deleted, matcher = reader.deleted_docs_set, matcher.child
    return (matcher if type(matcher) is W3LeafMatcher else None), deleted


def blocks(matcher: W3LeafMatcher, *, weights: bool = False, values: bool = False) -> Iterator[tuple]:
    """(ids, weights or None, values or None) of each block, the arrays its matcher steps through."""
    while matcher.is_active():
        matcher._read_ids()
        if weights:
            matcher._read_weights()
        if values:
            matcher._read_values()
        yield matcher._ids, matcher._weights if weights else None, matcher._values if values else None
        matcher._next_block()


def values_by_doc(reader, fieldname: str, text) -> dict[int, bytes]:
    """Every live posting of a term: document → its encoded value (positions, for a phrase)."""
    matcher, deleted = leaf_matcher(reader, fieldname, text)
    out: dict[int, bytes] = {}
    if matcher is None:
        try:
            walked = reader.postings(fieldname, text)
        except TermNotFound:
            return out
        while walked.is_active():
            out[walked.id()] = walked.value()
            walked.next()
        return out
    for ids, _, vals in blocks(matcher, values=True):
        out.update(zip(ids, vals))
    for doc in deleted:
        out.pop(doc, None)
    return out


def field_lengths(perdoc, fieldname: str, default: int) -> list[int]:
    """``perdoc.doc_field_length(doc, fieldname, default)`` for every document of a segment, from
    one read of its lengths column (a byte a document) instead of a column lookup each."""
    count = perdoc.doc_count_all()
    if type(perdoc) is not W3PerDocReader:
        return [perdoc.doc_field_length(doc, fieldname, default) for doc in range(count)]
    lenfield = f"_{fieldname}_len"
    if not perdoc.has_column(lenfield):
        return [default] * count
    column = perdoc.column_reader(lenfield, LENGTHS_COLUMN)
    raw = column._dbfile.get(column._basepos, column._count)[:count]
    raw += bytes(count - len(raw))
    return [byte_to_length(b) if b else default for b in raw]


class ReadOnceLengths:
    """A segment's field lengths as lists, each read once (a segment never changes): what
    the writer asks for every posting it writes (16 million times for 20k articles) and
    the scorer for every posting it scores."""

    def __init__(self, perdoc):
        self.perdoc = perdoc
        self._lists: dict[tuple[str, int], list[int]] = {}

    def of(self, fieldname: str, default: int) -> list[int]:
        lengths = self._lists.get((fieldname, default))
        if lengths is None:
            lengths = self._lists[(fieldname, default)] = field_lengths(self.perdoc, fieldname, default)
        return lengths

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        return self.of(fieldname, default)[docnum]
