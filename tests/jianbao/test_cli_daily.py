"""The command in daily use: Chinese usage errors, JSON errors, exit codes cron can rely on,
progress lines in a log, and `jianbao watch` indexing files as they arrive."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.parse.docnumbers import normalize_doc_number
from tests.conftest import CORPUS, REPO, corpus_texts

ENV = {**os.environ, "PYTHONPATH": str(REPO)}
STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ")


def jianbao(*args: str) -> subprocess.CompletedProcess:
    """The command with no terminal anywhere: stdin, stdout and stderr are pipes, as under cron."""
    return subprocess.run(
        [sys.executable, "-m", "jianbao", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env=ENV,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["search", "--limit", "x"], ["参数 --limit", "无效的整数值"]),
        (["serch"], ["无效的选项", "'serch'"]),
        (["search", "--kind", "memo"], ["无效的选项", "可选"]),
        (["index", "--bogus"], ["无法识别的参数"]),
        (["watch"], ["缺少必需的参数"]),
    ],
)
def test_usage_errors_are_in_chinese(args, words):
    done = jianbao(*args)
    assert done.returncode == 2
    assert "用法：" in done.stderr and "usage:" not in done.stderr
    for word in words:
        assert word in done.stderr
    assert done.stdout == ""


def test_help_is_in_chinese():
    done = jianbao("index", "--help")
    assert done.returncode == 0 and "用法：" in done.stdout and "显示帮助并退出" in done.stdout


@pytest.mark.parametrize(
    ("args", "code", "kind"),
    [
        (["search", "--limit", "x", "--json"], 2, "usage"),
        (["search", "创城", "--index", "/etc/hostname", "--json"], 1, "index"),  # a file, not an index folder
        (["search", '"未闭合', "--index", "{index}", "--json"], 2, "usage"),
        (["extract", "/nonexistent.pdf", "--json"], 1, "input"),
        (["show", "no-such-id", "--index", "{index}", "--json"], 1, "not_found"),
    ],
)
def test_with_json_an_error_is_a_json_object_on_stdout_too(args, code, kind, corpus_index):
    done = jianbao(*[a.replace("{index}", str(corpus_index)) for a in args])
    assert done.returncode == code
    error = json.loads(done.stdout)
    assert error["kind"] == kind and error["exit_code"] == code
    assert error["error"] and error["error"] in done.stderr


def test_index_exits_1_while_a_failing_file_still_fails(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really a pdf")
    good = tmp_path / "good.txt"
    shutil.copy(corpus_texts()[0], good)
    index = str(tmp_path / "index")
    first = jianbao("index", str(tmp_path), "--index", index, "--quiet")
    assert first.returncode == 1 and "broken.pdf" in first.stderr
    again = jianbao("index", str(tmp_path), "--index", index, "--json", "--quiet")
    summary = json.loads(again.stdout)
    assert again.returncode == 1, "an unchanged failing file keeps the alert on"
    assert summary["still_failed"] == 1 and summary["failed"] == []
    assert "仍有 1 个文件此前失败" in again.stderr and "退出码 1" in again.stderr
    broken.unlink()
    healed = jianbao("index", str(tmp_path), "--index", index, "--prune", "--quiet")
    assert healed.returncode == 0, healed.stderr


def test_a_cron_run_leaves_progress_lines_in_its_log(tmp_path):
    """`jianbao index … 2>log` with no terminal: a start line, a line every few seconds, a last line."""
    archive = tmp_path / "archive"
    archive.mkdir()
    for text in corpus_texts():
        shutil.copy(text, archive / text.name)
    shutil.copy(CORPUS / "pdf" / "002-scanned.pdf", archive / "002-scanned.pdf")
    log = tmp_path / "log"
    with open(log, "w") as err:
        done = subprocess.run(
            [sys.executable, "-m", "jianbao", "index", str(archive), "--index", str(tmp_path / "index")],
            cwd=REPO,
            env=ENV,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            timeout=600,
        )
    assert done.returncode == 0
    dated = log.read_text(encoding="utf-8").splitlines()
    assert all(STAMP.match(line) for line in dated), "every line of a log says when"
    lines = [STAMP.sub("", line) for line in dated]
    progress = [line for line in lines if line.startswith("索引进度：")]
    assert lines[0].startswith("开始索引：4 个文件")
    assert progress[-1].startswith("索引进度：4/4 个文件（约 100%）")
    assert "篇文章" in progress[-1] and "已用" in progress[-1]
    assert len(progress) >= 2, "the scanned PDF takes long enough for a line in between"
    assert any("预计还需" in line for line in progress[:-1])
    assert "\r" not in log.read_text(encoding="utf-8"), "no bar redraws in a log"


def test_a_run_with_nothing_to_do_adds_one_dated_line(tmp_path):
    index = str(tmp_path / "index")
    assert jianbao("index", str(corpus_texts()[0]), "--index", index).returncode == 0
    again = jianbao("index", str(corpus_texts()[0]), "--index", index)
    assert again.returncode == 0
    [line] = again.stderr.splitlines()
    assert STAMP.match(line) and "没有需要索引的新文件或改动（未变 1 个文件" in line


def test_quiet_silences_progress(tmp_path):
    done = jianbao("index", str(corpus_texts()[0]), "--index", str(tmp_path / "index"), "--quiet")
    assert done.returncode == 0
    assert "索引进度" not in done.stderr and "开始索引" not in done.stderr
    assert "新增 1 个文件" in done.stderr


def test_progress_weighs_scanned_pages_more():
    from indexer.run.progress import OCR_WEIGHT, page_weight

    digital = page_weight(str(CORPUS / "pdf" / "002-digital.pdf"))
    scanned = page_weight(str(CORPUS / "pdf" / "002-scanned.pdf"))
    assert scanned == pytest.approx(digital * OCR_WEIGHT)
    assert page_weight(str(CORPUS / "pdf" / "002-scanned.pdf"), ocr=False) == digital


def _indexed(index: Path) -> dict[str, str]:
    import sqlite3

    if not (index / "catalog.sqlite").exists():
        return {}
    db = sqlite3.connect(index / "catalog.sqlite")
    try:
        return {Path(p).name: s for p, s in db.execute("SELECT path, status FROM sources")}
    except sqlite3.OperationalError:
        return {}
    finally:
        db.close()


def _wait_for(condition, seconds: float = 120.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_watch_indexes_files_as_they_arrive_and_forgets_deleted_ones(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(corpus_texts()[0], inbox / "first.txt")
    index = tmp_path / "index"
    log = open(tmp_path / "watch.log", "w")
    watcher = subprocess.Popen(
        [sys.executable, "-m", "jianbao", "watch", str(inbox), "--index", str(index), "--debounce", "1"],
        cwd=REPO,
        env=ENV,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        assert _wait_for(lambda: _indexed(index).get("first.txt") == "indexed"), "the catch-up run"
        partial = inbox / "second.txt"
        with open(partial, "w", encoding="utf-8") as handle:  # arrives in two writes: one batch
            text = corpus_texts()[1].read_text(encoding="utf-8")
            handle.write(text[: len(text) // 2])
            handle.flush()
            time.sleep(0.3)
            handle.write(text[len(text) // 2 :])
        (inbox / ".hidden.txt").write_text("不应索引", encoding="utf-8")
        assert _wait_for(lambda: _indexed(index).get("second.txt") == "indexed")
        (inbox / "first.txt").unlink()
        assert _wait_for(lambda: "first.txt" not in _indexed(index))
        assert ".hidden.txt" not in _indexed(index)
        done = jianbao("search", "--index", str(index), "--json")
        assert json.loads(done.stdout)["total"] > 0
    finally:
        watcher.send_signal(signal.SIGINT)
        code = watcher.wait(timeout=30)
        log.close()
    assert code == 0
    text = (tmp_path / "watch.log").read_text(encoding="utf-8")
    assert "监视" in text and "已停止监视" in text and "新增 1 个文件" in text


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        (["崔忠", "垃圾分类"], "崔忠 垃圾分类"),
        (["创城", "-交通"], "创城 -交通"),
        (["-交通", "创城", "--limit", "3"], "-交通 创城"),
        (["创城", "--", "-traffic"], "创城 -traffic"),
    ],
)
def test_search_takes_several_words_and_words_to_exclude_as_one_query(typed, query, corpus_index):
    done = jianbao("search", "--index", str(corpus_index), "--json", *typed)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["query"] == query


def test_an_unknown_double_dash_option_is_still_a_usage_error(corpus_index):
    done = jianbao("search", "创城", "--bogus", "--index", str(corpus_index))
    assert done.returncode == 2 and "无法识别的参数：--bogus" in done.stderr


def test_the_readme_query_examples_find_articles_in_the_demo_archive(tmp_path):
    """Every `query` in the README's query paragraph, typed after `jianbao search` in a shell, hits the
    archive `make run` builds: several words are one query, -WORD excludes; an example with options
    (`专项行动 --kind notice`) is run with them, and its hits are of the kinds it names."""
    import re
    import shlex

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    paragraph = readme.split("Queries (", 1)[1].split("\n\n", 1)[0]
    examples = re.findall(r"`([^`]+)`", paragraph)
    examples = [e for e in examples if "make" not in e]
    assert len(examples) >= 13
    typed = [e.removeprefix("jianbao search ") for e in re.findall(r"`(jianbao search [^-`][^`]*)`", readme)]
    assert {"崔忠 垃圾分类", "创城 -交通"} <= set(typed)
    examples += typed
    demo = tmp_path / "demo"
    made = subprocess.run(
        [sys.executable, "scripts/make_demo_archive.py", str(demo), "--gold", str(tmp_path / "gold.jsonl")],
        cwd=REPO,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    index = str(tmp_path / "index")
    jianbao("index", str(demo), "--index", index, "--no-ocr", "--quiet")
    for example in examples:
        args = shlex.split(example)  # as a shell hands it over: `jianbao search 创城 -交通`
        files = [tmp_path / args[i + 1] for i, arg in enumerate(args) if arg in ("--csv", "--xlsx")]
        args = [
            str(tmp_path / arg) if i and args[i - 1] in ("--csv", "--xlsx") else arg
            for i, arg in enumerate(args)
        ]
        done = jianbao("search", *args, "--index", index, "--json")
        assert done.returncode == 0, done.stderr
        if files:  # the hits went to the files it names
            assert all(f.stat().st_size > 0 for f in files), example
            csvs = [f for f in files if f.suffix == ".csv"]
            assert all(len(f.read_text(encoding="utf-8-sig").splitlines()) > 1 for f in csvs), (
                example
            )  # hits, not a header alone
            continue
        answer = json.loads(done.stdout)
        assert answer["total"] > 0, example
        kinds = [args[i + 1] for i, arg in enumerate(args) if arg == "--kind"]
        assert not kinds or {h["kind"] for h in answer["hits"]} <= set(kinds), example
        for number in re.findall(r"docno:(\S+)", example):
            assert any(h["doc_number"] == normalize_doc_number(number) for h in answer["hits"]), example


def test_watch_says_when_it_refuses_a_prune_and_goes_on_through_a_file_that_fails(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    body = corpus_texts()[0].read_text(encoding="utf-8")
    for n in range(10):
        (inbox / f"n{n}.txt").write_text(body + f"\n第{n}份补充材料。\n", encoding="utf-8")
    index = tmp_path / "index"
    log_path = tmp_path / "watch.log"
    log = open(log_path, "w")
    watcher = subprocess.Popen(
        [sys.executable, "-m", "jianbao", "watch", str(inbox), "--index", str(index), "--debounce", "1"],
        cwd=REPO,
        env=ENV,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        assert _wait_for(lambda: len(_indexed(index)) == 10), "the catch-up run"
        for n in range(6):
            (inbox / f"n{n}.txt").unlink()
        assert _wait_for(lambda: "清理未执行" in log_path.read_text(encoding="utf-8"), 60), (
            log_path.read_text()
        )
        assert len(_indexed(index)) == 10  # the half rule kept them, and said so
        (inbox / "loop-a.txt").symlink_to(inbox / "loop-b.txt")
        (inbox / "loop-b.txt").symlink_to(inbox / "loop-a.txt")
        (inbox / "n6.txt").unlink()  # a deletion walks the folder again, through the loop
        assert _wait_for(lambda: "循环" in log_path.read_text(encoding="utf-8"), 60), log_path.read_text()
        (inbox / "late.txt").write_text(body + "\n迟到的材料。\n", encoding="utf-8")
        assert _wait_for(lambda: _indexed(index).get("late.txt") == "indexed"), "still watching"
    finally:
        watcher.send_signal(signal.SIGINT)
        code = watcher.wait(timeout=30)
        log.close()
    text = log_path.read_text(encoding="utf-8")
    assert code == 0 and "Traceback" not in text
    assert "拒绝清理" in text and "循环" in text
