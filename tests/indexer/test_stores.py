"""Where an index lives: the store a location names, and what a folder store keeps beside its index."""

from __future__ import annotations

import pickle

import pytest

from indexer.engines import open_database, open_store
from indexer.engines.folder import FolderStore
from indexer.faults import CatalogMissing, IndexUnavailable


def test_a_dsn_names_a_database_and_anything_else_a_folder(tmp_path):
    database = open_store("postgresql://jianbao@127.0.0.1:5432/archive")
    assert database.folder is None and database.rebuilds_in_place
    assert database.engine_name() == "postgres"
    folder = open_store(tmp_path / "index")
    assert folder.folder == tmp_path / "index" and not folder.rebuilds_in_place
    assert folder.engine_name() is None  # nothing there yet


def test_a_mistyped_dsn_is_refused_without_its_password():
    with pytest.raises(ValueError) as refused:
        open_database("postgresq://reader:s3cret@db.example/archive")
    assert "--dsn" in str(refused.value) and "s3cret" not in str(refused.value)
    assert "reader:***@db.example" in str(refused.value)


def test_a_password_never_shows_in_a_database_store():
    store = open_store("postgresql://reader:s3cret@127.0.0.1:5432/archive")
    assert "s3cret" not in store.shown and "archive" in store.shown


def test_each_store_says_which_engines_it_can_hold(tmp_path):
    folder = open_store(tmp_path / "index")
    assert folder.engine_problem(None) is None and folder.engine_problem("tantivy") is None
    assert "--dsn" in (folder.engine_problem("postgres") or "")
    database = open_store("postgresql://jianbao@127.0.0.1/archive")
    assert database.engine_problem("postgres") is None
    assert "postgres" in (database.engine_problem("whoosh") or "")


def test_a_folder_store_is_one_key_whatever_spelling_named_it(tmp_path, monkeypatch):
    (tmp_path / "index").mkdir()
    monkeypatch.chdir(tmp_path)
    assert open_store("index").key == open_store(tmp_path / "index").key == open_store("./index/").key
    assert open_store("index").shown == "index"  # messages show the folder as the user gave it


def test_caches_live_beside_the_folder_hidden(tmp_path):
    store = open_store(tmp_path / "archive" / "index")
    assert store.cache_dir("ocr") == (tmp_path / "archive" / ".jianbao-ocr-cache")


def test_stores_travel_to_worker_processes(tmp_path):
    for store in (open_store(tmp_path / "index"), open_store("postgresql://u@127.0.0.1/a")):
        again = pickle.loads(pickle.dumps(store))
        assert again == store and again.key == store.key


def test_a_writer_refuses_an_index_whose_catalog_is_gone(tmp_path):
    store = open_store(tmp_path / "index")
    with store.writer(wait_seconds=1) as writer, store.catalog(writing=True) as catalog:
        writer.commit()
        catalog.commit()
    store.writer(wait_seconds=1).close()  # index and catalog together: a writer opens
    store.catalog_path.unlink()
    with pytest.raises(CatalogMissing):
        store.writer(wait_seconds=1)  # writing afresh would forget every source the index holds
    store.writer(wait_seconds=1, create=True).close()  # a rebuild starts afresh


def test_a_folder_store_rejects_a_database_engine_when_writing(tmp_path):
    with pytest.raises(IndexUnavailable, match="--dsn"):
        open_store(tmp_path / "index").writer(wait_seconds=1, engine="postgres")


def test_a_rebuild_aside_swaps_the_staging_folder_in(tmp_path):
    store = FolderStore(tmp_path / "index")
    with store.writer(wait_seconds=1, engine="tantivy") as writer:
        writer.commit()
    staging = store.staging()
    assert staging.folder.name == ".index.rebuilding" and staging.folder.is_dir()
    with staging.writer(wait_seconds=1, engine="whoosh") as writer:
        writer.commit()
    store.replace_with(staging)
    assert store.engine_name() == "whoosh"
    assert (
        FolderStore(store.replaced).engine_name() == "tantivy"
    )  # the old index, kept until the next rebuild
    assert not staging.folder.exists()
