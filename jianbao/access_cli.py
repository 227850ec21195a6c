"""``jianbao users``, ``jianbao audit`` and ``jianbao access``: accounts, the audit log and the access file.

Accounts live in the catalog of the index (``--index``/``--dsn``); a change is made under the index's
writer lock and written to the audit log with the operating-system user who made it. The CLI itself
reads the index directly, as an administrator: it is for those who hold the index's files.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from indexer.access import ROLES

ADMIN_NOTE = (
    "命令行直接读取索引文件，以管理员身份运行：能看到全部文档（含内部和定密文档），不受访问规则限制。"
)


def _operator() -> str:
    try:
        return f"命令行:{getpass.getuser()}"
    except Exception:
        return "命令行"


@contextmanager
def _writing(store, wait: float):
    """The catalog opened for writing under the index's writer lock; committed when the block ends well."""
    with store.writer(wait_seconds=wait) as writer, store.catalog(writing=True) as catalog:
        yield catalog
        writer.commit()
        catalog.commit()


def _password(args, prompt: str = "密码：") -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("再输入一次：") != first:
        raise ValueError("两次输入的密码不一致")
    return first


def _audited(catalog, target: str, detail: str) -> None:
    from indexer.store import audit

    audit.append(catalog, [audit.Event("account", actor=_operator(), target=target, detail=detail)])


def cmd_users(args, store_of: Callable[[Any], Any], emit: Callable[[Any], None]) -> int:
    from indexer.store.accounts import AccountError, Accounts, hash_password

    store = store_of(args)
    action = args.users_command
    try:
        if action == "list":
            with store.catalog() as catalog:
                listed = Accounts(catalog).all() if catalog.has_table("accounts") else []
            if args.json:
                emit([account.as_json() for account in listed])
            for account in listed if not args.json else []:
                state = "（已停用）" if account.disabled else ""
                groups = "、".join(account.groups) or "无"
                print(f"{account.name}  角色 {account.role}  组 {groups}{state}")
            if not listed and not args.json:
                print("尚无账号（jianbao users add 名称 --role admin）", file=sys.stderr)
            return 0
        password = None
        if (action == "add" and not args.no_password) or action == "passwd":
            password = hash_password(_password(args))
        with _writing(store, args.wait) as catalog:
            accounts = Accounts(catalog)
            if action == "add":
                accounts.add(args.name, args.role, args.group, password)
                _audited(catalog, args.name, f"添加，角色 {args.role}，组 {'、'.join(args.group) or '无'}")
                print(f"已添加账号 {args.name}（{args.role}）", file=sys.stderr)
            elif action == "passwd":
                assert password is not None
                accounts.set_password(args.name, password)
                _audited(catalog, args.name, "修改密码（已登录的会话全部退出）")
                print(f"已修改 {args.name} 的密码", file=sys.stderr)
            elif action in ("disable", "enable"):
                accounts.set_disabled(args.name, action == "disable")
                _audited(catalog, args.name, "停用（会话退出、令牌作废）" if action == "disable" else "启用")
                print(f"已{'停用' if action == 'disable' else '启用'}账号 {args.name}", file=sys.stderr)
            elif action == "set":
                groups = args.group if args.group or args.no_groups else None
                accounts.set_role_and_groups(args.name, args.role, [] if args.no_groups else groups)
                account = accounts.get(args.name)
                assert account is not None
                _audited(catalog, args.name, f"角色 {account.role}，组 {'、'.join(account.groups) or '无'}")
                print(
                    f"{args.name}：角色 {account.role}，组 {'、'.join(account.groups) or '无'}",
                    file=sys.stderr,
                )
            elif action == "token":
                token = accounts.new_token(args.name)
                _audited(catalog, args.name, "新建个人令牌")
                print(token)
                print("这是新令牌，只显示这一次；请求时使用 Authorization: Bearer 令牌", file=sys.stderr)
            elif action == "revoke-tokens":
                count = accounts.revoke_tokens(args.name)
                _audited(catalog, args.name, f"作废全部个人令牌（{count} 个）")
                print(f"已作废 {args.name} 的 {count} 个令牌", file=sys.stderr)
    except (AccountError, ValueError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    return 0


def cmd_audit(args, store_of: Callable[[Any], Any], emit: Callable[[Any], None]) -> int:
    from indexer.store import audit
    from indexer.store.catalog import AuditQuery
    from search_app.csv_export import to_csv

    query = AuditQuery(actor=args.user, action=args.action, start=args.date_from, end=args.date_to)
    with store_of(args).catalog() as catalog:
        found = audit.events(catalog, query, args.limit) if catalog.has_table("audit") else []
    if args.format == "json":
        emit([event.as_json() for event in found])
    elif args.format == "csv":
        columns = ["时间", "账号", "操作", "对象", "查询", "条数", "地址", "说明"]
        rows = [
            [
                e.at,
                e.actor or "",
                audit.ACTIONS.get(e.action, e.action),
                e.target or "",
                e.query or "",
                e.rows,
                e.address or "",
                e.detail or "",
            ]
            for e in found
        ]
        data = to_csv(columns, rows)
        binary = getattr(sys.stdout, "buffer", None)
        if binary is not None:
            sys.stdout.flush()
            binary.write(data)
        else:
            sys.stdout.write(data.decode("utf-8"))
    else:
        for e in found:
            rows = "" if e.rows is None else f"  {e.rows} 条"
            print(
                f"{e.at[:19].replace('T', ' ')}  {e.actor or '（未登录）'}  {audit.ACTIONS.get(e.action, e.action)}"
                f"  {e.target or ''}  {e.query or ''}{rows}  {e.address or ''}  {e.detail or ''}".rstrip()
            )
        print(f"共 {len(found)} 条", file=sys.stderr)
    return 0


def cmd_access(args, store_of: Callable[[Any], Any], emit: Callable[[Any], None]) -> int:
    from indexer import access
    from indexer.faults import IndexEmpty
    from indexer.run import access_apply
    from indexer.store import access_state

    store = store_of(args)
    policy = access_apply.current_policy(store)
    path = access.access_file(store.folder)
    if args.access_command == "apply":
        with store.writer(wait_seconds=args.wait) as writer, store.catalog(writing=True) as catalog:
            applied = access_apply.apply(catalog, writer, policy)
            from indexer.store import audit

            audit.append(
                catalog, [audit.Event("access", actor=_operator(), target=str(path), rows=applied.sources)]
            )
            writer.commit()
            catalog.commit()
        print(
            f"已应用访问规则 {path}：{applied.sources} 个文件（{applied.articles} 篇文章）的可见范围改变",
            file=sys.stderr,
        )
        return 0
    try:
        with store.catalog() as catalog:
            applied_policy = access_state.applied_policy(catalog)
            rows = catalog.sources()
    except IndexEmpty:  # nothing indexed yet: the file alone
        applied_policy, rows = None, []
    if args.access_command == "show":
        answer = {
            "file": str(path),
            "file_exists": path.exists(),
            "applied": applied_policy.as_json() if applied_policy else None,
            "file_rules": policy.as_json(),
            "up_to_date": applied_policy == policy,
        }
        if args.json:
            emit(answer)
            return 0
        print(
            f"访问规则文件：{path}{'' if path.exists() else '（不存在：所有目录对所有人开放，文档标记仍然生效）'}"
        )
        print(f"默认：{policy.default.shown()}")
        for rule in policy.rules:
            print(f"  {rule.glob} → {rule.audience.shown()}")
        for level, groups in policy.clearance.items():
            print(f"  {level}：{'、'.join(groups) or '无组'}")
        if applied_policy != policy:
            print("注意：文件与索引中已应用的规则不同；运行 jianbao access apply（或 jianbao index）使其生效")
        return 0
    wanted = {str(p) for p in args.paths}
    listed = []
    for row in rows:
        if wanted and not any(row.path == w or row.path.endswith("/" + w.lstrip("/")) for w in wanted):
            continue
        if row.status not in ("indexed", "duplicate", "failed"):
            continue
        marking = row.marking or "public"
        audience = policy.audience_of(row.path)
        listed.append(
            {
                "path": row.path,
                "marking": marking,
                "readers": audience.key,
                "applied": row.access == policy.token_of(row.path, marking),
            }
        )
    if args.json:
        emit(listed)
        return 0
    for item in listed:
        label = access.LEVEL_LABELS.get(item["marking"], item["marking"])
        note = "" if item["applied"] else "  （尚未应用）"
        print(f"{item['path']}  密级/标记 {label}  可见 {policy.audience_of(item['path']).shown()}{note}")
    return 0


def add_commands(sub, with_index, integer, number) -> list:
    """The users, audit and access commands, added to the CLI's parser; their parsers."""
    users = with_index(
        sub.add_parser("users", help="账号管理：添加、改密码、停用、列出、个人令牌", description=ADMIN_NOTE)
    )
    users_sub = users.add_subparsers(dest="users_command", required=True)
    users.add_argument("--wait", type=number, default=30.0, help="索引被占用时最多等待的秒数")
    p = users_sub.add_parser("add", help="添加账号")
    p.add_argument("name")
    p.add_argument(
        "--role",
        choices=ROLES,
        default="reader",
        help="reader 阅读；auditor 阅读并查看审计日志；admin 看到全部",
    )
    p.add_argument("--group", action="append", default=[], help="所属组（可重复），访问规则按组放行")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为密码（脚本用）")
    p.add_argument("--no-password", action="store_true", help="不设密码：只能经单点登录（代理头）登录")
    p = users_sub.add_parser("passwd", help="修改密码（该账号的会话全部退出）")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为密码")
    for name, text in (("disable", "停用账号（会话退出、令牌作废）"), ("enable", "重新启用账号")):
        p = users_sub.add_parser(name, help=text)
        p.add_argument("name")
    p = users_sub.add_parser("set", help="修改角色或组")
    p.add_argument("name")
    p.add_argument("--role", choices=ROLES)
    p.add_argument("--group", action="append", default=[], help="新的组（可重复；替换原有的组）")
    p.add_argument("--no-groups", action="store_true", help="移出全部组")
    p = users_sub.add_parser("token", help="新建个人 API 令牌（只显示一次）")
    p.add_argument("name")
    p = users_sub.add_parser("revoke-tokens", help="作废账号的全部个人令牌")
    p.add_argument("name")
    p = users_sub.add_parser("list", help="列出账号")
    p.add_argument("--json", action="store_true")
    users.set_defaults(command_impl=cmd_users)

    audit_parser = p = with_index(
        sub.add_parser("audit", help="审计日志：谁检索、查看、下载、导出、登录", description=ADMIN_NOTE)
    )
    p.add_argument("--user", help="只看这个账号")
    p.add_argument(
        "--action",
        help="只看这类操作：search view download export login login_failed logout upload account access",
    )
    p.add_argument("--from", dest="date_from", help="起始日期 YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="截止日期 YYYY-MM-DD（含当天）")
    p.add_argument("--format", choices=["text", "csv", "json"], default="text")
    p.add_argument("--limit", type=integer, default=None, help="最多列出多少条（最新的在前）")
    p.set_defaults(command_impl=cmd_audit)

    access = with_index(
        sub.add_parser("access", help="访问规则：查看、检查、应用 access.toml", description=ADMIN_NOTE)
    )
    access_sub = access.add_subparsers(dest="access_command", required=True)
    access.add_argument("--wait", type=number, default=30.0, help="索引被占用时最多等待的秒数")
    p = access_sub.add_parser("show", help="显示访问规则文件，以及是否已应用到索引")
    p.add_argument("--json", action="store_true")
    p = access_sub.add_parser("check", help="列出文件的标记（密级、内部）和可见范围")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--json", action="store_true")
    access_sub.add_parser("apply", help="立即应用访问规则（jianbao index 每次也会应用）")
    access.set_defaults(command_impl=cmd_access)
    return [users, audit_parser, access]
