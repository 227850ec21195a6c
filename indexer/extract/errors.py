"""The one exception extract raises, and the shape each format module returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.records import Page


class ExtractError(Exception):
    """A source file that cannot be read. `reason` is Chinese first, for people."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):
        # Picklable, so an indexer running extract() in worker processes gets it back whole.
        return (type(self), (self.path, self.reason))


@dataclass
class FormatResult:
    """What one format module makes of a file, before extract() adds hashes."""

    format: str
    pages: list[Page]
    ocr_skipped_pages: list[int] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
