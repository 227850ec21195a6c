"""Progress of a batch, weighed in pages: a bar on a terminal, a plain line every few seconds elsewhere.

In a log (cron, systemd, ``2>log``) every line carries the date and time (``Stamped``), and a file that
takes long (a scan of many pages) still leaves a line every HEARTBEAT_SECONDS while it is read.

A page that must be OCR'd costs about as much as OCR_WEIGHT text pages, so a long scanned PDF
moves the bar (and the ETA) as it is read, not in one jump at the end. Weights are estimated
before ingest from each PDF's page count and whether its pages carry a text layer.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

OCR_WEIGHT = 25  # measured: OCR 2.6–3.6 s a page against ~0.1 s for extract+parse of a text page
TEXT_BYTES_PER_PAGE = 3000  # a page of Chinese text in a txt/html/docx file, for the weight
LINE_SECONDS = 5.0  # a plain line at most this often (cron logs, systemd's journal)
HEARTBEAT_SECONDS = 30.0  # with no file finished for this long, a line says the run is still at work
MODES = ("bar", "lines")


def page_weight(path: str, ocr: bool = True) -> float:
    """Estimated work of one file in text-page units."""
    if path.lower().endswith(".pdf"):
        return _pdf_weight(path, ocr)
    try:
        size = os.path.getsize(path)
    except OSError:
        return 1.0
    return max(1.0, size / TEXT_BYTES_PER_PAGE)


def _pdf_weight(path: str, ocr: bool) -> float:
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(path)
    except Exception:
        return 1.0  # unreadable: it will fail fast
    try:
        weight = 0.0
        for number in range(len(document)):
            page = document[number]
            has_text = page.get_textpage().count_chars() > 0
            weight += 1.0 if has_text or not ocr else OCR_WEIGHT
        return max(weight, 1.0)
    finally:
        document.close()


def duration(seconds: float) -> str:
    """75 → 1分15秒"""
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}时{minutes:02d}分{secs:02d}秒"
    if minutes:
        return f"{minutes}分{secs:02d}秒"
    return f"{secs}秒"


@dataclass
class Tally:
    files_total: int
    weight_total: float
    files: int = 0
    weight: float = 0.0
    articles: int = 0
    failed: int = 0
    started: float = 0.0
    first_at: float | None = None  # when the first file finished, and the weight it carried
    first_weight: float = 0.0

    def counted(self, weight: float, now: float) -> None:
        self.files += 1
        self.weight += weight
        if self.first_at is None:
            self.first_at, self.first_weight = now, self.weight

    def eta(self, now: float) -> float | None:
        """Time left at the pace since the first file finished: the time before it (worker processes
        starting, OCR models loading) is paid once, and counting it would make a first ETA many times
        the run. None until a second file has shown the pace."""
        if self.first_at is None or self.weight >= self.weight_total:
            return None
        done = self.weight - self.first_weight
        if done <= 0 or now <= self.first_at:
            return None
        return (now - self.first_at) * (self.weight_total - self.weight) / done

    def line(self, now: float) -> str:
        share = 100 * self.weight / self.weight_total if self.weight_total else 100.0
        eta = self.eta(now)
        parts = [
            f"索引进度：{self.files}/{self.files_total} 个文件（约 {share:.0f}%）",
            f"写入 {self.articles} 篇文章",
        ]
        if self.failed:
            parts.append(f"失败 {self.failed} 个")
        parts.append(f"已用 {duration(now - self.started)}")
        if eta is not None:
            parts.append(f"预计还需 {duration(eta)}")
        return "，".join(parts)


class Progress:
    """One report over a whole run, fed by one or more result streams (read, re-parse, prune)."""

    def __init__(
        self,
        weights: dict[str, float],
        mode: bool | str | None,
        every: float = LINE_SECONDS,
        stream=None,
        heartbeat: float = HEARTBEAT_SECONDS,
    ):
        mode = "bar" if mode is True else mode  # Options.progress was a bool: True meant the bar
        self.weights = weights
        self.tally = Tally(len(weights), sum(weights.values()), started=time.monotonic())
        self.report: _Bar | _Lines | None = None
        if mode in MODES and weights:
            out = stream or sys.stderr
            self.report = (
                _Bar(self.tally, out) if mode == "bar" else _Lines(self.tally, out, every, heartbeat)
            )

    @classmethod
    def of(
        cls, read: list[str], light: list[str], mode: bool | str | None, ocr: bool = True, **kw
    ) -> Progress:
        """``read``: files to extract (a PDF's scanned pages weigh OCR_WEIGHT); ``light``: files re-parsed
        from stored pages (one unit each)."""
        weights = {path: 1.0 for path in light}
        if mode:
            weights.update({path: page_weight(path, ocr) for path in read})
        else:
            weights.update({path: 1.0 for path in read})
        return cls(weights, mode, **kw)

    def track(self, results: Iterable) -> Iterator:
        """Yield each ingest result unchanged, counting it."""
        for result in results:
            if self.report is not None:
                self._count(result)
            yield result

    def _count(self, result) -> None:
        tally = self.tally
        path = result.source["path"]
        if path not in self.weights:  # a file the plan did not list (a prune's re-read)
            self.weights[path] = 1.0
            tally.files_total += 1
            tally.weight_total += 1.0
        tally.counted(self.weights[path], time.monotonic())
        tally.articles += len(result.records) if not result.error else 0
        tally.failed += 1 if result.error else 0
        assert self.report is not None
        self.report.update()

    def close(self) -> None:
        if self.report is not None:
            self.report.close()
            self.report = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def track(
    results: Iterable,
    paths: list[str],
    mode: bool | str | None,
    ocr: bool = True,
    every: float = LINE_SECONDS,
    stream=None,
) -> Iterator:
    """Yield each result of ``paths`` unchanged, reporting as they pass (one stream, one report)."""
    with Progress.of(paths, [], mode, ocr, every=every, stream=stream) as progress:
        yield from progress.track(results)


class _Lines:
    """Plain lines: a start line, one at most every ``every`` seconds as files finish, a heartbeat while
    none does for ``heartbeat`` seconds, and a last line."""

    def __init__(self, tally: Tally, out, every: float, heartbeat: float = HEARTBEAT_SECONDS):
        self.tally, self.out, self.every, self.heartbeat = tally, out, every, heartbeat
        self.last = tally.started
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.say(
            f"开始索引：{tally.files_total} 个文件，约 {tally.weight_total:.0f} 个页面当量（扫描页按 {OCR_WEIGHT} 计）"
        )
        self.beating = threading.Thread(target=self._beat, name="progress-heartbeat", daemon=True)
        self.beating.start()

    def say(self, line: str) -> None:
        with self.lock:
            print(line, file=self.out, flush=True)
            self.last = time.monotonic()

    def update(self) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.say(self.tally.line(now))

    def _beat(self) -> None:
        while not self.stopped.wait(min(self.heartbeat, self.every)):
            now = time.monotonic()
            if now - self.last >= self.heartbeat:
                self.say(self.tally.line(now) + "（仍在处理）")

    def close(self) -> None:
        self.stopped.set()
        self.beating.join()
        self.say(self.tally.line(time.monotonic()))


class Stamped:
    """A text stream for a log: every line it is given starts with the local date and time."""

    def __init__(self, out):
        self.out = out
        self.at_line_start = True

    def write(self, text: str) -> int:
        stamped = []
        for piece in text.splitlines(keepends=True):
            if self.at_line_start:
                stamped.append(time.strftime("%Y-%m-%d %H:%M:%S "))
            stamped.append(piece)
            self.at_line_start = piece.endswith("\n")
        self.out.write("".join(stamped))
        return len(text)

    def flush(self) -> None:
        self.out.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self.out.fileno()


class _Bar:
    def __init__(self, tally: Tally, out):
        from tqdm import tqdm

        self.tally = tally
        self.bar = tqdm(
            total=round(tally.weight_total, 1),
            unit="页",
            desc="索引",
            file=out,
            dynamic_ncols=True,
            bar_format="{desc} {percentage:3.0f}%|{bar}| {postfix} [{elapsed}<{remaining}]",
        )
        self._postfix()

    def _postfix(self) -> None:
        t = self.tally
        failed = f"，失败 {t.failed}" if t.failed else ""
        self.bar.set_postfix_str(f"文件 {t.files}/{t.files_total}，文章 {t.articles}{failed}", refresh=False)

    def update(self) -> None:
        self._postfix()
        self.bar.update(round(self.tally.weight - self.bar.n, 1))

    def close(self) -> None:
        self.bar.close()
