"""The Whoosh writer's postings of our space-joined token strings are Whoosh's own."""

from pathlib import Path

import pytest
from whoosh.formats import Frequency, Positions

from indexer.engines.whoosh import SpaceSplitFrequency, SpaceSplitPositions, SpaceTokenizer, build_schema
from indexer.ingest import ingest

SEARCHED = ("title", "text", "title_cjk", "cjk", "title_chars", "chars")
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


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


def _write(index_dir, writer_class, values: list[str]):
    from whoosh import index as whoosh_index

    ix = whoosh_index.create_in(str(index_dir), build_schema(), indexname="articles")
    for start in (0, len(values) // 2):  # two commits, two segments
        writer = writer_class(ix)
        for n, value in enumerate(values[start : start + len(values) // 2]):
            writer.add_document(id=f"{start}-{n}", title=value[:40], text=value, cjk=value, chars=value)
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


def test_the_writer_records_the_same_lengths_as_whooshs_own(tmp_path):
    from whoosh.writing import SegmentWriter

    from indexer.engines.whoosh import _SegmentWriter

    values = [v for v in token_strings() if v.strip()][:600]
    (tmp_path / "ours").mkdir()
    (tmp_path / "theirs").mkdir()
    ours = _term_stats(_write(tmp_path / "ours", _SegmentWriter, values))
    theirs = _term_stats(_write(tmp_path / "theirs", SegmentWriter, values))
    assert len(ours) > 1000
    assert ours == theirs
