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
