"""A parser bug costs one file and leaves its traceback in the log, not just a one-line reason."""

from __future__ import annotations

import logging

import indexer.run.ingest
from indexer.run.ingest import Ingested, ingest
from indexer.run.workers import Job, run_jobs
from tests.conftest import corpus_texts


def test_a_parser_bug_is_one_failure_and_its_traceback_is_logged(monkeypatch, caplog):
    def broken_parse(text, meta):  # fault injection: a bug in parse, which no real input may trigger
        raise KeyError("issue_number")

    monkeypatch.setattr(indexer.run.ingest, "parse", broken_parse)
    with caplog.at_level(logging.ERROR, logger="indexer.run.ingest"):
        result = ingest(str(corpus_texts()[0]))
    assert result.error == "解析失败：KeyError: 'issue_number'"
    record = next(r for r in caplog.records if r.name == "indexer.run.ingest")
    assert record.exc_info and "broken_parse" in caplog.text and str(corpus_texts()[0]) in record.getMessage()


def raises(path: str) -> Ingested:
    raise RuntimeError("a bug outside ingest's own guard")


def test_an_unexpected_worker_error_keeps_the_remote_traceback(caplog):
    with caplog.at_level(logging.ERROR, logger="indexer.run.workers"):
        (result,) = run_jobs([Job("/x.txt", raises, ("/x.txt",))], 1, 60)
    assert result.error == "处理失败：RuntimeError: a bug outside ingest's own guard"
    assert "Traceback" in caplog.text and "raises" in caplog.text
