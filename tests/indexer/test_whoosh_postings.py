"""The Whoosh writer's postings of our space-joined token strings are Whoosh's own."""

import pytest
from whoosh.formats import Frequency, Positions

from indexer.engines.whoosh import SpaceSplitFrequency, SpaceSplitPositions, SpaceTokenizer, build_schema
from indexer.run.ingest import ingest
from tests.conftest import SHARED

SEARCHED = ("title", "text", "title_cjk", "cjk", "title_chars", "chars")
CORPUS = SHARED / "corpus"


def token_strings() -> list[str]:
    """Every searched field of every article of the converter texts in the corpus."""
    values = []
    for path in sorted(CORPUS.glob("*.txt")):
        for fields in ingest(str(path), ocr=False).fields:
            values += [fields[name] for name in SEARCHED]
    return values


@pytest.mark.parametrize(
    ("fast", "plain"), [(SpaceSplitFrequency, Frequency), (SpaceSplitPositions, Positions)]
)
@pytest.mark.parametrize("boost", [1.0, 3.0])
def test_same_terms_frequencies_weights_and_bytes(fast, plain, boost):
    values = token_strings() + ["", " ", "a  b a", "聊城 市 聊城"]
    assert len(values) > 40
    analyzer = SpaceTokenizer()
    for value in values:
        ours = list(fast(field_boost=boost).word_values(value, analyzer, mode="index"))
        theirs = list(plain(field_boost=boost).word_values(value, analyzer, mode="index"))
        assert ours == theirs


def test_every_searched_text_field_writes_through_the_split_formats():
    schema = build_schema()
    assert {type(schema[name].format) for name in SEARCHED} == {SpaceSplitFrequency, SpaceSplitPositions}
    assert type(schema["cjk"].format) is SpaceSplitPositions  # the bigram field keeps its positions


def test_positions_decode_as_whooshs_own():
    ours, theirs = SpaceSplitPositions(), Positions()
    analyzer = SpaceTokenizer()
    for value in token_strings()[:400] + ["a  b a", "聊城 市 聊城"]:
        for _, _, _, encoded in ours.word_values(value, analyzer, mode="index"):
            assert ours.decode_positions(encoded) == theirs.decode_positions(encoded)


def _write(index_dir, writer_class, values: list[str], *, commits: int = 2, delete_every: int = 0):
    """``values`` as documents in ``commits`` commits (segments, as far as merges leave them); with
    ``delete_every``, each odd commit deletes every so many documents of the commit before it."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.create_in(str(index_dir), build_schema(), indexname="articles")
    size = -(-len(values) // commits)
    for start in range(0, len(values), size):
        writer = writer_class(ix)
        if delete_every and (start // size) % 2:
            for n in range(start - size, start, delete_every):
                writer.delete_by_term("id", f"d{n}")
        for n, value in enumerate(values[start : start + size], start):
            writer.add_document(
                id=f"d{n}", title=value[:40], text=value, cjk=value, chars=value, unit="聊城市,东昌府区"
            )
        writer.commit()
    return ix


def _term_stats(ix) -> list[tuple]:
    """Every segment's terms: postings and the length bounds its term info and blocks record."""
    out = []
    with ix.reader() as top:
        for reader, _ in top.leaf_readers():
            for fieldname, text in reader.all_terms():
                info = reader.term_info(fieldname, text)
                matcher = reader.postings(fieldname, text)
                bounds = []
                while matcher.is_active():
                    bounds.append((matcher.block_min_length(), matcher.block_max_length()))
                    matcher.skip_to(matcher.block_max_id() + 1)  # the next block
                postings = list(reader.postings(fieldname, text).items_as("weight"))
                out.append((fieldname, text, info.min_length(), info.max_length(), bounds, postings))
    return out


def _segment_bytes(ix) -> list[tuple]:
    """Every segment's document counts, and each term's key, info and postings as the bytes on disk."""
    from whoosh.codec.whoosh3 import W3TermInfo

    out = []
    with ix.reader() as top:
        for reader, _ in top.leaf_readers():
            terms = reader._terms
            rows = []
            for key, info_bytes in terms._tindex.items():
                info = W3TermInfo.from_bytes(info_bytes)
                raw = b""
                if not info.is_inlined():
                    offset, length = info.extent()
                    if isinstance(length, tuple):  # as W3TermInfo.from_bytes unpacks it
                        (length,) = length
                    raw = terms._postfile.get(offset, length)
                rows.append((key, info_bytes, raw))
            out.append((reader.doc_count_all(), reader.doc_count(), rows))
    return out


def _both(tmp_path, values: list[str], **how) -> tuple:
    from whoosh.writing import SegmentWriter

    written = []
    for name, writer_class in (("ours", _Recording), ("theirs", SegmentWriter)):
        (tmp_path / name).mkdir()
        written.append(_write(tmp_path / name, writer_class, values, **how))
    return tuple(written)


def _recording():
    from indexer.engines.whoosh.writer import TermWriter

    class Recording(TermWriter):
        """Ours, noting each merged segment: whether it had deleted documents."""

        merged: list[bool] = []

        def add_postings_to_pool(self, reader, startdoc, docmap):
            Recording.merged.append(docmap is not None)
            super().add_postings_to_pool(reader, startdoc, docmap)

    return Recording


_Recording = _recording()


def test_the_writer_records_the_same_lengths_as_whooshs_own(tmp_path):
    values = [v for v in token_strings() if v.strip()][:600]
    ours, theirs = (_term_stats(ix) for ix in _both(tmp_path, values))
    assert len(ours) > 1000
    assert ours == theirs


def test_the_writer_writes_whooshs_own_bytes(tmp_path):
    values = [v for v in token_strings() if v.strip()][:600]
    ours, theirs = (_segment_bytes(ix) for ix in _both(tmp_path, values))
    assert len(ours) == 2 and sum(len(rows) for _, _, rows in ours) > 1000
    assert ours == theirs


def test_merged_segments_are_written_as_whooshs_own_merge(tmp_path):
    """Twelve small commits make Whoosh merge segments (MERGE_SMALL), some with deleted documents."""
    values = [v for v in token_strings() if v.strip()][:480]
    _Recording.merged.clear()
    ours, theirs = _both(tmp_path, values, commits=12, delete_every=7)
    ours_bytes, theirs_bytes = _segment_bytes(ours), _segment_bytes(theirs)
    assert len(ours_bytes) < 12
    assert True in _Recording.merged and False in _Recording.merged  # with and without deletions
    assert ours_bytes == theirs_bytes


def test_an_optimized_index_is_whooshs_own(tmp_path):
    values = [v for v in token_strings() if v.strip()][:300]
    ours, theirs = _both(tmp_path, values, commits=3, delete_every=5)
    from whoosh.writing import SegmentWriter

    for ix, writer_class in ((ours, _Recording), (theirs, SegmentWriter)):
        writer_class(ix).commit(optimize=True)
    assert len(_segment_bytes(ours)) == 1
    assert _segment_bytes(ours) == _segment_bytes(theirs)


def test_a_commit_past_the_memory_bound_goes_through_whooshs_pool(tmp_path, monkeypatch):
    from indexer.engines.whoosh import writer as whoosh_writer

    monkeypatch.setattr(whoosh_writer, "MAX_POOLED", 5000)
    values = [v for v in token_strings() if v.strip()][:480]
    ours, theirs = _both(tmp_path, values, commits=12, delete_every=7)
    assert _segment_bytes(ours) == _segment_bytes(theirs)
