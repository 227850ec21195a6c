"""Which changed paths `jianbao watch` leaves alone."""

from indexer.engines import open_store
from indexer.run.watch import ignored


def test_the_index_folder_and_hidden_or_partial_files_are_ignored(tmp_path):
    index = tmp_path / "index"
    assert ignored(str((index / "catalog.sqlite").resolve()), open_store(index))
    assert ignored(str(tmp_path / "inbox" / ".draft.txt"), open_store(index))
    assert ignored(str(tmp_path / "inbox" / "简报.pdf.part"), open_store(index))
    assert not ignored(str(tmp_path / "inbox" / "简报.pdf"), open_store(index))


def test_an_index_in_postgresql_has_no_folder_to_ignore(tmp_path):
    dsn = "postgresql://jianbao@127.0.0.1:5432/archive"
    assert not ignored(str(tmp_path / "inbox" / "简报.pdf"), open_store(dsn))
    assert ignored(str(tmp_path / "inbox" / ".简报.pdf"), open_store(dsn))
