"""The ``jianbao`` command: every stage from scripts.

Exit codes: 0 all well; 1 some inputs failed (each named, the rest done); 2 usage error.
``--json`` prints one JSON object on stdout; progress and messages go to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"用法错误：{message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _index_dir(args) -> Path:
    from indexer.index import default_index_dir

    return Path(args.index) if args.index else default_index_dir()


def _emit(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def cmd_index(args) -> int:
    from indexer.batch import Options, run

    if args.jobs < 1 or args.commit_every < 1:
        raise UsageError("--jobs 和 --commit-every 须为正整数")
    if args.timeout <= 0 or args.wait < 0:
        raise UsageError("--timeout 须为正数，--wait 不能为负数")
    if args.ship_files and not args.cluster:
        raise UsageError("--ship-files 须与 --cluster 一起使用")
    if not args.paths and not args.rebuild:
        raise UsageError("请给出要索引的文件或目录（或使用 --rebuild）")
    index_dir = _index_dir(args)
    options = Options(
        jobs=args.jobs,
        ocr=not args.no_ocr,
        prune=args.prune,
        rebuild=args.rebuild,
        wait_seconds=args.wait,
        timeout_seconds=args.timeout,
        commit_every=args.commit_every,
        progress=sys.stderr.isatty() and not args.json,
        cluster=args.cluster,
        ship_files=args.ship_files,
    )
    summary = run(args.paths, index_dir, options)
    if args.json:
        _emit(summary.as_json(index_dir))
    _print_index_summary(summary)
    return EXIT_FAILED if summary.failed else EXIT_OK


def _print_index_summary(summary) -> None:
    err = sys.stderr
    print(
        f"新增 {summary.new} 个文件，更新 {summary.updated} 个，未变 {summary.unchanged} 个，"
        f"写入 {summary.articles} 篇文章，用时 {summary.seconds:.2f} 秒",
        file=err,
    )
    if summary.rebuilt:
        print(f"已从目录库重建 {summary.rebuilt} 篇文章", file=err)
    if summary.pruned:
        print(f"已移除 {summary.pruned} 个已不存在的文件的文章", file=err)
    for dup in summary.duplicates:
        print(f"重复：{dup['path']} 与 {dup['duplicate_of']} 内容相同，未重复索引", file=err)
    for skipped in summary.ocr_skipped:
        pages = "、".join(str(p) for p in skipped["pages"])
        print(f"未识别（--no-ocr）：{skipped['path']} 第 {pages} 页无文字层，已跳过 OCR", file=err)
    if summary.still_failed:
        print(f"另有 {summary.still_failed} 个此前失败且未改动的文件未重试", file=err)
    for failed in summary.failed:
        print(f"失败：{failed['path']}：{failed['reason']}", file=err)
    if not summary.new and not summary.updated and not summary.failed:
        print("没有需要索引的新文件或改动", file=err)


def _search_request(args):
    from search_app.search import SearchRequest

    filters = {}
    for name, values in (
        ("unit", args.unit),
        ("kind", [args.kind] if args.kind else []),
        ("year", args.year),
        ("month", args.month),
        ("official", args.official),
        ("type", [args.type] if args.type else []),
    ):
        if values:
            filters[name] = values
    return SearchRequest(
        query=args.query,
        filters=filters,
        date_from=args.date_from,
        date_to=args.date_to,
        sort=args.sort,
        page=args.page,
        size=args.limit,
    )


def cmd_search(args) -> int:
    from search_app.search import search

    result = search(_index_dir(args), _search_request(args))
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
    from indexer.ingest import ingest
    from indexer.records import to_json

    path = Path(args.file)
    if not path.is_file():
        print(f"失败：{path}：文件不存在", file=sys.stderr)
        return EXIT_FAILED
    result = ingest(str(path), ocr=not args.no_ocr)
    if result.error:
        print(f"失败：{path}：{result.error}", file=sys.stderr)
        return EXIT_FAILED
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
            kind = {"briefing": "简报", "news": "新闻"}.get(doc["kind"], "其他")
            number = f" 第{doc['issue_number']}期" if doc.get("issue_number") else ""
            title = doc.get("series") or doc.get("headline") or ""
            print(f"{kind}：{title}{number} {doc.get('date') or '日期不详'}")
            for article in doc["articles"]:
                print(f"  - {article['title']}（第 {article['page']} 页，{article['date']}）")
    return EXIT_OK


def cmd_show(args) -> int:
    from search_app.search import article

    record = article(_index_dir(args), args.article_id)
    if record is None:
        print(f"找不到文章：{args.article_id}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        _emit(record)
    else:
        print(record["title"])
        print(f"{record.get('date') or ''}  {(record.get('issue') or {}).get('series') or ''}")
        print()
        print(record["text"])
    return EXIT_OK


def cmd_units(args) -> int:
    from search_app.search import units

    listed = units(_index_dir(args))
    if args.json:
        _emit({"units": listed})
    else:
        for item in listed:
            print(f"{item['count']:6d}  {item['value']}")
    return EXIT_OK


def cmd_statements(args) -> int:
    from search_app.search import statements

    result = statements(
        _index_dir(args),
        unit=args.unit,
        type=args.type,
        date_from=args.date_from,
        date_to=args.date_to,
        page=args.page,
        size=args.limit,
    )
    if args.json:
        _emit(result)
    else:
        label = {"directive": "指示", "commitment": "承诺"}
        for s in result["statements"]:
            print(
                f"{s['date'] or '':10}  {label.get(s['type'], s['type'])}  {s['speaker'] or ''}  {s['unit'] or ''}"
            )
            print(f"    {s['text']}")
    return EXIT_OK


def cmd_serve(args) -> int:
    from search_app.app import serve

    try:
        serve(
            _index_dir(args), host=args.host, port=args.port, threads=args.threads, upload_dir=args.upload_dir
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
    parser = _Parser(prog="jianbao", description="简报检索：索引、检索与浏览工作简报和新闻报道")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def with_index(p):
        p.add_argument("--index", help="索引目录（默认 archive/index 或环境变量 JIANBAO_INDEX）")
        return p

    p = with_index(sub.add_parser("index", help="索引文件或目录（增量）"))
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--jobs", type=int, default=1, help="并行处理的进程数")
    p.add_argument("--no-ocr", action="store_true", help="跳过 OCR（无文字层的页面记为未识别）")
    p.add_argument("--json", action="store_true")
    p.add_argument("--prune", action="store_true", help="移除已不存在的文件的文章")
    p.add_argument("--rebuild", action="store_true", help="从目录库重建索引")
    p.add_argument("--wait", type=float, default=30.0, help="索引被占用时最多等待的秒数")
    p.add_argument("--timeout", type=float, default=600.0, help="单个文件处理的最长秒数")
    p.add_argument(
        "--commit-every", type=int, default=200, help="每处理多少个文件提交一次（崩溃后最多重做这么多）"
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

    p = with_index(sub.add_parser("search", help="检索"))
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--unit", action="append", default=[])
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--kind", choices=["briefing", "news", "other"])
    p.add_argument("--year", action="append", default=[])
    p.add_argument("--month", action="append", default=[])
    p.add_argument("--official", action="append", default=[])
    p.add_argument("--type", choices=["directive", "commitment"])
    p.add_argument("--sort", default="relevance", choices=["relevance", "date", "-date"])
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("extract", help="抽取、清洗、解析单个文件（不写索引）")
    p.add_argument("file")
    p.add_argument("--no-ocr", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_extract)

    p = with_index(sub.add_parser("show", help="显示一篇文章"))
    p.add_argument("article_id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = with_index(sub.add_parser("units", help="单位目录及文章数"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_units)

    p = with_index(sub.add_parser("statements", help="指示与承诺台账"))
    p.add_argument("--unit")
    p.add_argument("--type", choices=["directive", "commitment"])
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_statements)

    p = with_index(sub.add_parser("serve", help="启动网页服务"))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument(
        "--upload-dir",
        type=Path,
        help="开启上传接口 POST /api/documents，文件存入此目录（需环境变量 JIANBAO_UPLOAD_TOKEN）",
    )
    p.set_defaults(func=cmd_serve)
    return parser


def _join_dash_values(argv: list[str]) -> list[str]:
    """``--sort -date`` as the contract writes it: argparse would take -date for an option."""
    joined: list[str] = []
    for arg in argv:
        if joined and joined[-1] == "--sort" and arg == "-date":
            joined[-1] = "--sort=-date"
        else:
            joined.append(arg)
    return joined


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(_join_dash_values(sys.argv[1:] if argv is None else argv))
    from indexer.cluster import ClusterUnavailable
    from indexer.index import IndexUnavailable
    from indexer.lock import IndexBusy
    from search_app.query import QuerySyntaxError
    from search_app.search import SearchError

    try:
        return args.func(args)
    except (UsageError, SearchError, QuerySyntaxError) as error:
        print(f"用法错误：{error}", file=sys.stderr)
        return EXIT_USAGE
    except (IndexUnavailable, IndexBusy, ClusterUnavailable) as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader left (`jianbao units | head`): nothing more to say, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
