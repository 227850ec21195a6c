"""Progress in a log, without a server or a clock to wait on: dated lines, a heartbeat, a sane ETA."""

from __future__ import annotations

import io
import re
import threading

from indexer.run.progress import Progress, Stamped, Tally

STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ")


def test_every_line_of_a_log_is_dated():
    out = io.StringIO()
    log = Stamped(out)
    log.write("开始索引\n索引进度：1/2")
    log.write("，写入 3 篇文章\n")
    print("完成", file=log)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and all(STAMP.match(line) for line in lines)
    assert lines[1].endswith("索引进度：1/2，写入 3 篇文章")


def test_the_first_eta_leaves_out_the_start_up():
    """40 s of start-up (workers, OCR models), then a weight unit every second: the ETA is the time
    the remaining work takes, not the start-up spread over it."""
    tally = Tally(files_total=100, weight_total=100.0, started=0.0)
    tally.counted(1.0, now=41.0)
    assert tally.eta(41.0) is None  # one file shows no pace yet
    tally.counted(1.0, now=42.0)
    assert tally.eta(42.0) == 98.0
    tally.counted(8.0, now=50.0)
    assert tally.eta(50.0) == 90.0


def test_a_long_file_leaves_heartbeat_lines():
    """No file finishes while the heartbeat is due: a line says the run is still at work."""
    out = io.StringIO()
    beat = threading.Event()

    class Watching(io.StringIO):
        def write(self, text: str) -> int:
            out.write(text)
            if "仍在处理" in text:
                beat.set()
            return len(text)

    class Result:
        source = {"path": "/archive/scan.pdf"}
        records = ["one"]
        error = None

    def one_slow_file():
        assert beat.wait(120), "no heartbeat while the file was read"
        yield Result()

    progress = Progress({"/archive/scan.pdf": 250.0}, "lines", every=0.01, stream=Watching(), heartbeat=0.01)
    with progress:
        assert len(list(progress.track(one_slow_file()))) == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("开始索引：1 个文件")
    assert any(line.startswith("索引进度：0/1 个文件") and "（仍在处理）" in line for line in lines)
    assert lines[-1].startswith("索引进度：1/1 个文件（约 100%）")
