"""The ``jianbao`` command: every stage from scripts.

Exit codes: 0 all well; 1 some inputs failed (each named, the rest done); 2 usage error.
``--json`` prints one JSON object on stdout; progress and messages go to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path

from indexer.kinds import STATEMENT_STATUSES, STATEMENT_VALUES, statement_label
from indexer.lang.text import one_line
from indexer.run.progress import Stamped
from jianbao import argparse_zh

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Commands cron, systemd or a log file run: with no terminal, each line of theirs on stderr is dated.
LOGGED_COMMANDS = ("index", "watch")


class UsageError(Exception):
    pass


argparse_zh.install()


def _integer(text: str) -> int:
    return int(text)


def _number(text: str) -> float:
    return float(text)


_integer.__name__, _number.__name__ = "整数", "数字"  # argparse names the type in its message

# Set by main() from argv: errors are then also a JSON object on stdout.
_JSON_ERRORS = False


def fail(message: str, code: int, kind: str) -> int:
    """A message on stderr, and with --json the same as {"error", "kind", "exit_code"} on stdout."""
    print(message, file=sys.stderr)
    if _JSON_ERRORS:
        _emit({"error": message, "kind": kind, "exit_code": code})
    return code


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        raise SystemExit(fail(f"用法错误：{message}", EXIT_USAGE, "usage"))


def _store(args):
    """Where the index lives: --index (a folder, or a DSN), --dsn, else JIANBAO_DSN / JIANBAO_INDEX."""
    from indexer.engines import default_location, open_database, open_store

    if args.index and args.dsn:
        raise UsageError("--index 与 --dsn 只能给出一个")
    if args.dsn:
        try:
            return open_database(args.dsn)
        except ValueError as error:
            raise UsageError(str(error)) from error
    return open_store(args.index or default_location())


def _emit(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def cmd_index(args) -> int:
    from indexer.run.batch import Options, run
    from indexer.run.rebuild import rebuild

    if args.jobs < 1 or args.commit_every < 1:
        raise UsageError("--jobs 和 --commit-every 须为正整数")
    if args.timeout <= 0 or args.wait < 0:
        raise UsageError("--timeout 须为正数，--wait 不能为负数")
    if args.ship_files and not args.cluster:
        raise UsageError("--ship-files 须与 --cluster 一起使用")
    if not args.paths and not args.rebuild:
        raise UsageError("请给出要索引的文件或目录（或使用 --rebuild）")
    if args.force and not (args.prune or args.rebuild):
        raise UsageError("--force 只与 --prune 或 --rebuild 一起使用")
    store = _store(args)
    problem = store.engine_problem(args.engine)
    if problem:
        raise UsageError(problem)
    options = Options(
        jobs=args.jobs,
        ocr=not args.no_ocr,
        prune=args.prune,
        force=args.force,
        wait_seconds=args.wait,
        timeout_seconds=args.timeout,
        commit_every=args.commit_every,
        progress=_progress_mode(args),
        engine=args.engine,
        cluster=args.cluster,
        ship_files=args.ship_files,
    )
    summary = (rebuild if args.rebuild else run)(args.paths, store, options)
    if args.json:
        _emit(summary.as_json(store))
    _print_index_summary(summary)
    return _index_exit(summary)


def _progress_mode(args) -> str | None:
    """A bar on a terminal; elsewhere (cron, systemd, a log file) a plain line every few seconds."""
    if args.quiet:
        return None
    return "bar" if sys.stderr.isatty() else "lines"


def _index_exit(summary) -> int:
    """1 while any given file fails, also one that failed before and was not retried (cron keeps alerting)."""
    return EXIT_FAILED if summary.failed or summary.still_failed or summary.prune_refused else EXIT_OK


def _print_index_summary(summary) -> None:
    err = sys.stderr
    if _nothing_done(summary):  # a cron run every few minutes: one line each, not a paragraph
        print(
            f"没有需要索引的新文件或改动（未变 {summary.unchanged} 个文件，用时 {summary.seconds:.2f} 秒）",
            file=err,
        )
        return
    print(
        f"新增 {summary.new} 个文件，更新 {summary.updated} 个，未变 {summary.unchanged} 个，"
        f"写入 {summary.articles} 篇文章，用时 {summary.seconds:.2f} 秒",
        file=err,
    )
    if summary.rebuilt_from == "catalog":
        print(f"已从目录库重建索引：{summary.rebuilt} 篇文章（未读源文件），新索引已替换旧索引", file=err)
    elif summary.rebuilt_from == "sources":
        print(f"已从源文件重建目录库和索引：{summary.rebuilt} 篇文章，新索引已替换旧索引", file=err)
    if summary.reparsed:
        print(
            f"重新解析 {summary.reparsed} 个文件（{'；'.join(summary.reparse_reasons)}），"
            f"页面取自目录库（或 OCR 缓存），未重新 OCR",
            file=err,
        )
    if summary.access_changed:
        print(
            f"已应用访问规则：{summary.access_changed} 个文件的可见范围改变（从目录库改写，未重读文件）",
            file=err,
        )
    if summary.pruned:
        print(f"已移除 {summary.pruned} 个已不存在的文件的文章", file=err)
    for refused in summary.prune_refused:
        print(f"清理未执行：{one_line(refused['path'])}：{refused['reason']}", file=err)
    for dup in summary.duplicates:
        print(
            f"重复：{one_line(dup['path'])} 与 {one_line(dup['duplicate_of'])} 内容相同，未重复索引", file=err
        )
    for skipped in summary.ocr_skipped:
        pages = "、".join(str(p) for p in skipped["pages"])
        print(f"未识别（--no-ocr）：{one_line(skipped['path'])} 第 {pages} 页无文字层，已跳过 OCR", file=err)
    if summary.still_failed:
        print(
            f"仍有 {summary.still_failed} 个文件此前失败且未改动，未重试（退出码 1；修复或移走这些文件后即恢复 0）",
            file=err,
        )
    for failed in summary.failed:
        print(f"失败：{one_line(failed['path'])}：{one_line(failed['reason'])}", file=err)


def _nothing_done(summary) -> bool:
    """Nothing read, written, removed or refused, and nothing failing: the run has no news."""
    return not (
        summary.new
        or summary.updated
        or summary.reparsed
        or summary.failed
        or summary.still_failed
        or summary.pruned
        or summary.prune_refused
        or summary.access_changed
        or summary.duplicates
        or summary.ocr_skipped
        or summary.rebuilt_from
    )


def _search_request(args):
    from indexer.facet_registry import FACET_LIST
    from search_app.search import SearchRequest

    filters = {f.name: getattr(args, f.name) for f in FACET_LIST if getattr(args, f.name)}
    return SearchRequest(
        query=" ".join(args.query),
        filters=filters,
        date_from=args.date_from,
        date_to=args.date_to,
        sort=args.sort,
        page=args.page,
        size=args.limit,
    )


def _file_options(p, report: bool = False) -> None:
    """--csv/--xlsx (and the ledger's --docx) FILE: every match written to a file, not only a page."""
    p.add_argument("--csv", metavar="FILE", help="全部结果写入 CSV 文件（不限于一页）")
    p.add_argument("--xlsx", metavar="FILE", help="全部结果写入 Excel 文件")
    if report:
        p.add_argument("--docx", metavar="FILE", help="全部结果写成 Word 台账（每个单位一张表）")


def _wanted_files(args) -> list[tuple[str, Path]]:
    return [(f, Path(getattr(args, f))) for f in ("csv", "xlsx", "docx") if getattr(args, f, None)]


def _write_files(table, files: list[tuple[str, Path]]) -> int:
    """Each file asked for, written whole; one that cannot be written fails naming it."""
    from dataclasses import replace

    from search_app.file_formats import written

    table = replace(table, rows=list(table.rows))  # read once, written as often as asked
    for format, path in files:
        made = written(table, format)
        try:
            with path.open("wb") as out:
                if isinstance(made.body, bytes):
                    out.write(made.body)
                else:
                    out.writelines(made.body)
        except OSError as error:
            return fail(f"失败：{one_line(str(path))}：无法写入（{error.strerror}）", EXIT_FAILED, "output")
        print(f"已写入 {len(table.rows)} 条：{path}（{made.name}）", file=sys.stderr)
    return EXIT_OK


def _export_links():
    """Links in files written here: on JIANBAO_PUBLIC_URL when set, else relative to the site."""
    from search_app.web.urls import ExportLinks, configured_base

    return ExportLinks(configured_base())


def cmd_search(args) -> int:
    from search_app.search import search

    files = _wanted_files(args)
    if files:
        from search_app.exports import search_table

        return _write_files(search_table(_store(args), _search_request(args), _export_links()), files)
    result = search(_store(args), _search_request(args))
    if result.get("notice"):  # the index holds nothing yet: not a failure
        print(result["notice"], file=sys.stderr)
    if args.json:
        _emit(result)
        return EXIT_OK
    print(f"共 {result['total']} 条结果（第 {result['page']} 页）")
    for hit in result["hits"]:
        issue = hit["issue"] or {}
        number = f" 第{issue['number']}期" if issue.get("number") else ""
        print(f"\n[{hit['id']}] {hit['title']}  {hit['date'] or ''}  {issue.get('series') or ''}{number}")
        print("    " + _plain(hit["snippet"]))
    return EXIT_OK


def _plain(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(html.replace("<mark>", "【").replace("</mark>", "】"))


def cmd_extract(args) -> int:
    from indexer.kinds import kind_label
    from indexer.records import to_json
    from indexer.run.batch import ingest_file
    from indexer.run.ingest import file_stat
    from indexer.run.workers import Job, run_jobs

    path = Path(args.file)
    if not path.is_file():
        return fail(f"失败：{one_line(str(path))}：文件不存在", EXIT_FAILED, "input")
    if args.timeout <= 0:
        raise UsageError("--timeout 须为正数")
    # in a worker process, as jianbao index reads: a file that runs past the bound is stopped, not waited on
    job = Job(str(path), ingest_file, (str(path), not args.no_ocr, None), file_stat(str(path)))
    result = next(run_jobs([job], 1, args.timeout))
    if result.error:
        return fail(f"失败：{one_line(str(path))}：{result.error}", EXIT_FAILED, "input")
    source = {k: v for k, v in result.source.items() if k != "mtime"}
    pages = iter(record["source"]["page"] for record in result.records)
    documents = []
    for document in result.documents:
        doc = to_json(document)
        for article in doc["articles"]:
            article["page"] = next(pages)
        documents.append(doc)
    if args.json:
        _emit({"source": source, "documents": documents})
    else:
        for doc in documents:
            kind = kind_label(doc["kind"])
            number = f" 第{doc['issue_number']}期" if doc.get("issue_number") else ""
            number += f" {doc['doc_number']}" if doc.get("doc_number") else ""
            title = doc.get("series") or doc.get("headline") or ""
            print(f"{kind}：{title}{number} {doc.get('date') or '日期不详'}")
            for article in doc["articles"]:
                print(f"  - {article['title']}（第 {article['page']} 页，{article['date']}）")
    return EXIT_OK


def cmd_show(args) -> int:
    from search_app import labels
    from search_app.search import article

    record = article(_store(args), args.article_id)
    if record is None:
        return fail(f"找不到文章：{args.article_id}", EXIT_FAILED, "not_found")
    if args.json:
        _emit(record)
    else:
        print(record["title"])
        print(f"{record.get('date') or ''}  {(record.get('issue') or {}).get('series') or ''}")
        for label, value in labels.gongwen_fields(record):
            print(f"{label}：{value}")
        if record["cited_by_total"]:
            print(f"被引用：{record['cited_by_total']} 篇")
            for item in record["cited_by"]:
                print(
                    f"  [{item['id']}] {labels.relation(item['relation'])} {item['title']} {item['date'] or ''}"
                )
        print()
        print(record["text"])
    return EXIT_OK


def cmd_units(args) -> int:
    from search_app.search import units

    listed = units(_store(args))
    if args.json:
        _emit({"units": listed})
    else:
        for item in listed:
            print(f"{item['count']:6d}  {item['value']}")
    return EXIT_OK


def cmd_statements(args) -> int:
    from search_app.ledger import LedgerRequest, statements

    request = LedgerRequest(
        q=args.q or "",
        unit=args.unit,
        type=args.type,
        status=args.status,
        date_from=args.date_from,
        date_to=args.date_to,
        sort=args.sort,
        page=args.page,
        size=args.limit,
        as_of=args.as_of,
    )
    files = _wanted_files(args)
    if files:
        from search_app.exports import ledger_table
        from search_app.ledger import rows

        store = _store(args)
        return _write_files(ledger_table(rows(store, request), request, _export_links()), files)
    result = statements(_store(args), request)
    if result.get("notice"):
        print(result["notice"], file=sys.stderr)
    if args.json:
        _emit(result)
    else:
        for s in result["statements"]:
            status = (
                f"  {s['status']}（到期 {s['due']}）"
                if s["status"] and s["due"]
                else f"  {s['status'] or ''}"
            )
            print(
                f"{s['date'] or '':10}  {statement_label(s['type'])}  {s['speaker'] or ''}  {s['unit'] or ''}{status}"
            )
            print(f"    {s['text']}")
            for follow in s["follow_ups"]:
                print(f"    后续：{follow['date'] or ''} {follow['title']}")
        print(f"共 {result['total']} 条（状态截至 {result['as_of']}）", file=sys.stderr)
    return EXIT_OK


def cmd_watch(args) -> int:
    from indexer.run.batch import Options
    from indexer.run.watch import watch

    if args.debounce <= 0:
        raise UsageError("--debounce 须为正数")
    folders = [p for p in args.paths if Path(p).is_dir()]
    if len(folders) != len(args.paths):
        missing = "、".join(p for p in args.paths if not Path(p).is_dir())
        raise UsageError(f"只能监视已存在的目录：{missing}")
    options = Options(
        jobs=args.jobs, ocr=not args.no_ocr, wait_seconds=args.wait, progress=_progress_mode(args)
    )
    print(
        f"监视 {'、'.join(folders)}：新文件或改动在静默 {args.debounce:g} 秒后索引（Ctrl+C 停止）",
        file=sys.stderr,
    )

    def report(summary) -> None:
        if summary.new or summary.updated or summary.failed or summary.pruned or summary.prune_refused:
            _print_index_summary(summary)

    watch(folders, _store(args), options, report, debounce=args.debounce)
    return EXIT_OK


def cmd_serve(args) -> int:
    from search_app.web.app import serve
    from search_app.web.signin import SignInConfig

    if (args.proxy_user_header is None) != (not args.trusted_proxy):
        raise UsageError("--proxy-user-header 与 --trusted-proxy 须一起给出（只信任代理转发来的用户名）")
    if args.session_idle <= 0 or args.audit_days < 0:
        raise UsageError("--session-idle 须为正数，--audit-days 不能为负数")
    signin = SignInConfig(
        proxy_header=args.proxy_user_header,
        trusted_proxies=frozenset(args.trusted_proxy),
        idle_seconds=int(args.session_idle * 60),
        audit_retention_days=args.audit_days,
    )
    try:
        serve(
            _store(args),
            host=args.host,
            port=args.port,
            threads=args.threads,
            upload_dir=args.upload_dir,
            signin=signin,
        )
    except ValueError as error:
        raise UsageError(str(error)) from error
    except OSError as error:
        print(
            f"错误：无法在 {args.host}:{args.port} 上启动服务：{error.strerror or error}"
            f"（端口被占用时可换 --port）",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from indexer.engines import ENGINES
    from indexer.facet_registry import FACET_LIST
    from jianbao import access_cli

    parser = _Parser(
        prog="jianbao",
        description="简报检索：索引、检索与浏览工作简报和新闻报道。" + access_cli.ADMIN_NOTE,
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def with_index(p):
        p.add_argument("--index", help="索引目录（默认 archive/index 或环境变量 JIANBAO_INDEX）")
        p.add_argument(
            "--dsn", help="PostgreSQL 数据库地址 postgresql://…（postgres 引擎；或环境变量 JIANBAO_DSN）"
        )
        return p

    p = with_index(sub.add_parser("index", help="索引文件或目录（增量）"))
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--jobs", type=_integer, default=1, help="并行处理的进程数")
    p.add_argument("--no-ocr", action="store_true", help="跳过 OCR（无文字层的页面记为未识别）")
    p.add_argument("--json", action="store_true", help="结果以 JSON 输出到标准输出")
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.add_argument(
        "--prune",
        action="store_true",
        help="移除已不存在的文件的文章（目录缺失、无法列出或超过一半文件不见时不移除）",
    )
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="在旁边重建索引后整体替换：目录库完好时从目录库重建；目录库损坏或缺失时从给出的文档目录重建",
    )
    p.add_argument("--force", action="store_true", help="与 --prune/--rebuild 同用：越过防止误删的限制")
    p.add_argument(
        "--engine",
        choices=ENGINES,
        help="新建（或 --rebuild 重建）索引所用的检索引擎，默认 whoosh；postgres 需 --dsn",
    )
    p.add_argument("--wait", type=_number, default=30.0, help="索引被占用时最多等待的秒数")
    p.add_argument("--timeout", type=_number, default=600.0, help="单个文件处理的最长秒数")
    p.add_argument(
        "--commit-every", type=_integer, default=200, help="每处理多少个文件提交一次（崩溃后最多重做这么多）"
    )
    p.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="在 Dask 集群上抽取、OCR、解析（调度器地址，如 tcp://scheduler:8786）；写入仍在本机",
    )
    p.add_argument(
        "--ship-files", action="store_true", help="把文件内容发给集群工作进程（工作进程看不到共享路径时）"
    )
    p.set_defaults(func=cmd_index)

    p = with_index(sub.add_parser("watch", help="监视目录，新文件或改动到达即索引"))
    p.add_argument("paths", nargs="+", metavar="FOLDER")
    p.add_argument("--jobs", type=_integer, default=1, help="并行处理的进程数")
    p.add_argument("--no-ocr", action="store_true", help="跳过 OCR")
    p.add_argument("--debounce", type=_number, default=2.0, help="最后一次改动后静默多少秒再索引")
    p.add_argument("--wait", type=_number, default=300.0, help="索引被占用时最多等待的秒数")
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.set_defaults(func=cmd_watch)

    p = with_index(sub.add_parser("search", help="检索", description=access_cli.ADMIN_NOTE))
    # several words are one query (`jianbao search 崔忠 垃圾分类`), and -WORD a word to exclude
    p.add_argument("query", nargs="*", metavar="QUERY", help="检索词（可多个，-词 表示排除）")
    for facet in FACET_LIST:  # one repeatable option per facet of the registry
        p.add_argument(
            f"--{facet.name}",
            action="append",
            default=[],
            choices=facet.choices or None,
            help=facet.description,
        )
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--sort", default="relevance", choices=["relevance", "date", "-date"])
    p.add_argument("--limit", type=_integer, default=10)
    p.add_argument("--page", type=_integer, default=1)
    p.add_argument("--json", action="store_true")
    _file_options(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("extract", help="抽取、清洗、解析单个文件（不写索引）")
    p.add_argument("file")
    p.add_argument("--no-ocr", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--timeout", type=_number, default=600.0, help="处理的最长秒数（超时即停止）")
    p.set_defaults(func=cmd_extract)

    p = with_index(sub.add_parser("show", help="显示一篇文章", description=access_cli.ADMIN_NOTE))
    p.add_argument("article_id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = with_index(sub.add_parser("units", help="单位目录及文章数", description=access_cli.ADMIN_NOTE))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_units)

    p = with_index(sub.add_parser("statements", help="指示与承诺台账", description=access_cli.ADMIN_NOTE))
    p.add_argument("--q", help="表态内容中的关键词")
    p.add_argument("--unit")
    p.add_argument("--type", choices=STATEMENT_VALUES)
    p.add_argument(
        "--status",
        choices=STATEMENT_STATUSES,
        help="承诺状态：未到期、已到期（有后续报道）、逾期（过了时限无后续报道）、无期限（没有时限）",
    )
    p.add_argument("--sort", choices=["date", "deadline", "unit"], default="date")
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--as-of", dest="as_of", help="判断到期与逾期的日期（默认今天）")
    p.add_argument("--limit", type=_integer, default=50)
    p.add_argument("--page", type=_integer, default=1)
    p.add_argument("--json", action="store_true")
    _file_options(p, report=True)
    p.set_defaults(func=cmd_statements)

    p = with_index(sub.add_parser("serve", help="启动网页服务"))
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="监听地址；本机以外的地址须先配置账号（jianbao users add）或单点登录",
    )
    p.add_argument("--port", type=_integer, default=8080)
    p.add_argument("--threads", type=_integer, default=8)
    p.add_argument(
        "--upload-dir",
        type=Path,
        help="开启上传接口 POST /api/documents，文件存入此目录（需环境变量 JIANBAO_UPLOAD_TOKEN）",
    )
    p.add_argument(
        "--proxy-user-header",
        metavar="HEADER",
        help="单点登录：信任反向代理在此请求头中给出的账号名（如 X-Remote-User；账号须已用 jianbao users add 添加）",
    )
    p.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="可信反向代理的地址（可重复，如 127.0.0.1）",
    )
    p.add_argument("--session-idle", type=_number, default=30.0, help="登录后多少分钟无操作即退出")
    p.add_argument("--audit-days", type=_integer, default=365, help="审计日志保留天数（0 为永久保留）")
    p.set_defaults(func=cmd_serve)

    for command in access_cli.add_commands(sub, with_index, _integer, _number):
        command.set_defaults(func=_access_command)
    return parser


def _access_command(args) -> int:
    return args.command_impl(args, _store, _emit)


def _join_dash_values(argv: list[str]) -> list[str]:
    """``--sort -date`` as the contract writes it: argparse would take -date for an option."""
    joined: list[str] = []
    for arg in argv:
        if joined and joined[-1] == "--sort" and arg == "-date":
            joined[-1] = "--sort=-date"
        else:
            joined.append(arg)
    return joined


def _excluding(word: str) -> bool:
    """-交通: a query word to exclude, which argparse took for an option (ours all start with --)."""
    return len(word) > 1 and word[0] == "-" and word[1] != "-"


def _in_typed_order(argv: list[str], words: list[str]) -> list[str]:
    """The query's words in the order they were typed (argparse set the excluded ones aside)."""
    left = Counter(words)
    typed = []
    for arg in argv[argv.index("search") + 1 :]:
        if left[arg] > 0:
            left[arg] -= 1
            typed.append(arg)
    return typed


def _log_to_stderr() -> None:
    """Warnings and errors (a parser bug's traceback) go to stderr; a caller's own logging setup wins."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    global _JSON_ERRORS
    argv = _join_dash_values(sys.argv[1:] if argv is None else argv)
    _JSON_ERRORS = "--json" in argv
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:
        if args.command != "search" or not all(_excluding(word) for word in extras):
            parser.error(f"无法识别的参数：{' '.join(extras)}")
        args.query = _in_typed_order(argv, [*args.query, *extras])
    given_stderr = sys.stderr
    if args.command in LOGGED_COMMANDS and not sys.stderr.isatty():
        sys.stderr = Stamped(sys.stderr)
    try:
        _log_to_stderr()
        return _run(args)
    finally:
        sys.stderr = given_stderr


def _run(args) -> int:
    from indexer.access import AccessFileError
    from indexer.faults import IndexUnavailable, RebuildRefused
    from indexer.run.cluster import ClusterUnavailable
    from indexer.store.lock import IndexBusy
    from search_app.query import QuerySyntaxError
    from search_app.search import SearchError

    try:
        return args.func(args)
    except (UsageError, SearchError, QuerySyntaxError) as error:
        return fail(f"用法错误：{error}", EXIT_USAGE, "usage")
    except (IndexUnavailable, IndexBusy, RebuildRefused, ClusterUnavailable, AccessFileError) as error:
        return fail(f"错误：{error}", EXIT_FAILED, "index")
    except KeyboardInterrupt:
        if args.command == "watch":
            print("已停止监视", file=sys.stderr)
            return EXIT_OK
        return fail("已中断", 130, "interrupted")
    except BrokenPipeError:
        # the reader left (`jianbao units | head`): nothing more to say, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
