"""The one CSV writer (no server): BOM, CRLF, quoting, formula cells neutralised, streamed or whole."""

from __future__ import annotations

import csv
import io

from search_app.csv_export import csv_chunks, to_csv

HEADER = ["标题", "单位"]
ROWS = [['=HYPERLINK("http://x")', "东昌府区"], ["a,b", None], ["第“27”期\n下行", 27]]


def test_a_file_has_bom_crlf_and_quoted_cells():
    assert to_csv(["a", "b"], [["1", "x,y"]]) == '\ufeffa,b\r\n1,"x,y"\r\n'.encode("utf-8")


def test_the_stream_is_the_file_a_row_at_a_time():
    chunks = list(csv_chunks(HEADER, iter(ROWS)))
    assert len(chunks) == 1 + len(ROWS)
    assert chunks[0] == "\ufeff标题,单位\r\n".encode("utf-8")
    assert b"".join(chunks) == to_csv(HEADER, ROWS)


def test_a_spreadsheet_reads_back_every_cell_as_text():
    text = to_csv(HEADER, ROWS).decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert read[0] == HEADER
    assert read[1] == ['\'=HYPERLINK("http://x")', "东昌府区"]
    assert read[2] == ["a,b", ""]
    assert read[3] == ["第“27”期\n下行", "27"]


def test_nothing_is_read_before_the_stream_is():
    def rows():
        raise AssertionError("read too early")
        yield []

    csv_chunks(HEADER, rows())  # a generator: the rows are read as the response is sent
