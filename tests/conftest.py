"""Fixtures shared by the whole suite: the real corpus beside the repo, and indexes built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_texts() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """A real index of ../shared/corpus/*.txt, built once per session through the whole pipeline."""
    from indexer.batch import Options, run

    index_dir = tmp_path_factory.mktemp("corpus-index")
    summary = run([str(p) for p in corpus_texts()], index_dir, Options())
    assert not summary.failed, summary.failed
    return index_dir
