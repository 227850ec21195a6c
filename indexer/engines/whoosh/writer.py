"""Whoosh: a segment's postings written a term at a time.

Whoosh's own writer puts every posting of a commit into a sorting pool, one tuple each;
past its memory limit the pool pickles sorted runs to disk and merges them back. A merge
of segments pours every posting of the merged segments through that same pool, and the
segment is then written one call per posting. At 100k articles the pool's runs and the
per-posting calls were two thirds of the single writer's time.

Here the new documents' postings are kept per field and term as they are added: documents
arrive in docnum order, so each term's list is already sorted. A merged segment is not
poured anywhere: at flush its postings are read a block at a time, in term order, and
appended after the new documents' (its documents were numbered after them, in the order
the segments were added). Each term is then written whole, a block at a time, with the
statistics Whoosh's writer computes per posting: the same segment, byte for byte (tested).

A commit too large to keep in memory (``MAX_POOLED`` postings) falls back to Whoosh's own
pool and path, as does anything this writer does not handle (vectors, spelling, a reader
that is not a segment's).
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

from whoosh.codec.whoosh3 import W3FieldWriter, W3LeafMatcher, W3PostingsWriter, W3TermsReader
from whoosh.reading import SegmentReader
from whoosh.writing import PostingPool, SegmentWriter

from indexer.engines.whoosh.postings import ReadOnceLengths, blocks

MAX_POOLED = 4_000_000  # postings of new documents held in memory (~0.4 GB) before Whoosh's disk pool


class TermPool:
    """The postings of the documents a writer adds: field → term → (docnums, weights, values).

    Takes Whoosh's pool items one by one (``add``), as ``SegmentWriter.add_document``
    hands them. Past ``MAX_POOLED`` postings it moves everything into Whoosh's own
    ``PostingPool`` (sorted runs on disk) and forwards to it from then on."""

    def __init__(self, tempstore, segment, limitmb: int):
        self.fields: dict[str, dict[bytes, tuple[list, list, list]]] = {}
        self.fieldnames: set[str] = set()
        self.count = 0
        self.spilled: PostingPool | None = None
        self._spill_args = (tempstore, segment, limitmb)

    def add(self, item) -> None:
        if self.spilled is not None:
            self.spilled.add(item)
            return
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        postings = terms.get(tbytes)
        if postings is None:
            postings = terms[tbytes] = ([], [], [])
        postings[0].append(docnum)
        postings[1].append(weight)
        postings[2].append(vbytes)
        self.count += 1
        if self.count > MAX_POOLED:
            self.spill()

    def spill(self) -> PostingPool:
        """Whoosh's own pool, holding every posting added so far."""
        if self.spilled is None:
            tempstore, segment, limitmb = self._spill_args
            pool = PostingPool(tempstore, segment, limitmb=limitmb)
            for fieldname, terms in self.fields.items():
                for tbytes, (docnums, weights, values) in terms.items():
                    for docnum, weight, vbytes in zip(docnums, weights, values):
                        pool.add((fieldname, tbytes, docnum, weight, vbytes))
            self.fields = {}
            self.spilled = pool
        return self.spilled

    def iter_postings(self):
        return self.spill().iter_postings()

    def cleanup(self) -> None:
        if self.spilled is not None:
            self.spilled.cleanup()


@dataclass
class MergedSegment:
    """A segment merged into the new one: its documents start at ``startdoc``, or are renumbered
    by ``docmap`` (old → new; a deleted document has no entry)."""

    segment: object
    startdoc: int
    docmap: dict[int, int] | None


class TermWriter(SegmentWriter):
    """Whoosh's ``SegmentWriter`` with the pool and the flush above; everything else is Whoosh's."""

    def __init__(self, ix, limitmb: int = 128, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb)
        self._merged: list[MergedSegment] = []
        if any(field.vector or field.separate_spelling() for _, field in self.schema.items()):
            self.pool.spill()

    def add_postings_to_pool(self, reader, startdoc, docmap):
        if self.pool.spilled is None and type(reader) is SegmentReader and _readable(reader):
            self._merged.append(MergedSegment(reader.segment(), startdoc, docmap))
            return
        self._pour_merged()
        super().add_postings_to_pool(reader, startdoc, docmap)

    def _pour_merged(self) -> None:
        """Into Whoosh's pool: what was kept here, and the segments merged so far."""
        self.pool.spill()
        merged, self._merged = self._merged, []
        for each in merged:
            reader = SegmentReader(self.storage, self.schema, each.segment)
            try:
                super().add_postings_to_pool(reader, each.startdoc, each.docmap)
            finally:
                reader.close()

    def _flush_segment(self):
        self.perdocwriter.close()
        perdoc = self.per_document_reader() if self.codec.length_stats else None
        lengths = ReadOnceLengths(perdoc) if perdoc else None
        if self.pool.spilled is not None:
            self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        else:
            readers = [SegmentReader(self.storage, self.schema, m.segment) for m in self._merged]
            try:
                write_terms(self.fieldwriter, self.schema, lengths, self.pool.fields, self._merged, readers)
            finally:
                for reader in readers:
                    reader.close()
        self.fieldwriter.close()
        if perdoc:
            perdoc.close()


def _readable(reader: SegmentReader) -> bool:
    return type(reader._terms) is W3TermsReader


def write_terms(
    fieldwriter: W3FieldWriter,
    schema,
    lengths: ReadOnceLengths | None,
    pooled: dict[str, dict[bytes, tuple[list, list, list]]],
    merged: list[MergedSegment],
    readers: list[SegmentReader],
) -> None:
    """Every term of the new segment, field by field and term by term in byte order, as
    ``FieldWriter.add_postings`` would write the same postings sorted. The merged segments'
    terms are read in step with the new ones (a merge of large segments holds no term list)."""
    fieldnames = set(pooled)
    for reader in readers:
        fieldnames.update(name for name in reader._terms.indexed_field_names() if name in schema)
    for fieldname in sorted(fieldnames):
        fieldobj = schema[fieldname]
        field_lengths = lengths.of(fieldname, 0) if lengths else None
        new_terms = pooled.get(fieldname, {})
        sources: list[Iterator[tuple]] = [((tbytes, -1, None) for tbytes in sorted(new_terms))]
        sources += [_field_terms(reader, fieldname, n) for n, reader in enumerate(readers)]
        started = False
        for tbytes, found in groupby(heapq.merge(*sources), key=itemgetter(0)):
            infos = [(n, info) for _, n, info in found if n >= 0]
            docnums, weights, values = _term_postings(new_terms.get(tbytes), infos, merged, readers, fieldobj)
            if not docnums:
                continue  # every posting of it was in deleted documents
            if not started:
                fieldwriter.start_field(fieldname, fieldobj)
                started = True
            fieldwriter.start_term(tbytes)
            _fill_blocks(fieldwriter._postwriter, docnums, weights, values, field_lengths)
            fieldwriter.finish_term()
        if started:
            fieldwriter.finish_field()


def _field_terms(reader: SegmentReader, fieldname: str, number: int) -> Iterator[tuple]:
    """(term, the segment's number, term info) of one field of a segment, in term order."""
    terms = reader._terms
    if fieldname not in terms._fieldmap:
        return
    for (name, tbytes), info in terms.items_from(fieldname, b""):
        if name != fieldname:
            return
        yield tbytes, number, info


def _term_postings(
    new: tuple[list, list, list] | None, infos: list[tuple[int, Any]], merged, readers, fieldobj
) -> tuple[list, list, list]:
    """A term's postings: the new documents' (numbered first), then each merged segment's, renumbered."""
    if not infos and new:
        return new
    docnums, weights, values = (list(new[0]), list(new[1]), list(new[2])) if new else ([], [], [])
    for number, info in infos:
        each, reader = merged[number], readers[number]
        for ids, ws, vs in _postings(reader, info, fieldobj.format):
            if each.docmap is None:
                docnums.extend(each.startdoc + d for d in ids)
                weights.extend(ws)
                values.extend(vs)
            else:
                docmap = each.docmap
                for d, w, v in zip(ids, ws, vs):
                    if d in docmap:
                        docnums.append(docmap[d])
                        weights.append(w)
                        values.append(v)
    return docnums, weights, values


def _postings(reader: SegmentReader, info, format_) -> Iterator[tuple]:
    """A term's postings in a segment, every document (deleted ones too), a block at a time."""
    matcher = reader._codec.postings_reader(reader._terms._postfile, info, format_)
    if type(matcher) is W3LeafMatcher:
        for ids, ws, vs in blocks(matcher, weights=True, values=True):
            yield ids, ws, vs
        return
    ids, ws, vs = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        ws.append(matcher.weight())
        vs.append(matcher.value())
        matcher.next()
    yield ids, ws, vs


def _fill_blocks(
    postwriter: W3PostingsWriter, docnums: list, weights: list, values: list, lengths: list[int] | None
) -> None:
    """The postings buffered and written as ``add_posting`` would, one by one: full blocks as the
    limit is reached, the last left for ``finish_postings`` (which may inline it)."""
    limit = postwriter._blocklimit
    count = len(docnums)
    for start in range(0, count, limit):
        if start:
            postwriter._write_block()
        end = start + limit
        ids = docnums[start:end]
        block_weights = weights[start:end]
        postwriter._ids = array("I", ids)
        postwriter._weights = array("f", block_weights)
        postwriter._values = [v for v in values[start:end] if v]
        postwriter._maxweight = max(0, max(block_weights))
        if lengths is not None:
            present = [length for length in map(lengths.__getitem__, ids) if length]
            if present:
                postwriter._minlength = min(present)
                postwriter._maxlength = max(present)
