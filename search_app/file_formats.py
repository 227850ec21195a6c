"""The files a list is exported as: which writer makes each (CSV, Excel, the Word 台账) and its media type.
The web layer sends them (responses.export_file), the CLI writes them (jianbao search/statements --xlsx …).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from search_app.csv_export import table_chunks
from search_app.ledger_report import to_docx
from search_app.search import SearchError
from search_app.tables import Table
from search_app.xlsx_export import to_xlsx


@dataclass(frozen=True)
class FileFormat:
    extension: str
    media_type: str
    write: Callable[[Table], bytes | Iterable[bytes]]
    streamed: bool = False  # written row by row as it is sent (else built whole, its rows counted)
    report: bool = False  # a printed report by unit: only for a table grouped by one (the ledger's)


FORMATS = {
    "csv": FileFormat("csv", "text/csv; charset=utf-8", table_chunks, streamed=True),
    "xlsx": FileFormat("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
    "docx": FileFormat(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        to_docx,
        report=True,
    ),
}


@dataclass
class Written:
    body: bytes | Iterable[bytes]
    name: str  # the file's name: what it holds (Table.file_name)
    media_type: str
    rows: int | None  # None while a streamed body is still to be read


def written(table: Table, format: str) -> Written:
    """The table as the file asked for; a SearchError naming ``format`` for one it cannot be."""
    chosen = FORMATS.get(format)
    if chosen is None:
        raise SearchError("format", f"参数 format 无效：“{format}”，可选 {'、'.join(FORMATS)}")
    if chosen.report and table.group_by is None:
        raise SearchError("format", "参数 format=docx 只用于表态台账与承诺记分卡；本页可选 csv、xlsx")
    name = table.file_name(chosen.extension)
    if chosen.streamed:
        return Written(chosen.write(table), name, chosen.media_type, None)
    rows = list(table.rows)
    return Written(chosen.write(replace(table, rows=rows)), name, chosen.media_type, len(rows))
