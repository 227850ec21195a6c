"""A small archive for access tests: a public briefing, an internal one (内部资料) and a secret notice
(秘密★1年), each naming a unit of its own, with an access file; indexed with any engine. Sentences
written for these tests."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PUBLIC_TEXT = """某市工作简报
第1期
某市创城办公室 2021年5月10日

古楼街道开展文明养犬宣传

5月9日，古楼街道开展文明养犬宣传活动。古楼街道党工委书记张明表示，将确保6月底前完成辖区犬只登记全覆盖。
"""

INTERNAL_TEXT = """内部资料 注意保存
某市工作简报
第2期
某市创城办公室 2021年6月10日

柳园街道推进河道整治

6月9日，柳园街道召开河道整治推进会。柳园街道办事处主任李强表示，将确保8月底前完成全部5条河道的清淤任务。
"""

SECRET_TEXT = """秘密★1年
某市人民政府办公室文件
某政办发〔2021〕3号

关于做好湖西街道防汛工作的通知

各街道办事处：
7月1日，湖西街道召开防汛工作会议。湖西街道办事处主任赵刚表示，将确保7月底前完成全部12处易涝点的排查整改。

某市人民政府办公室
2021年7月2日
"""

ACCESS_RULES = """
default = "signed"

[clearance]
"秘密" = ["保密"]

[[folders]]
glob = "公开/**"
readers = "public"
"""


@dataclass
class Archive:
    root: Path  # the documents and access.toml
    public: Path
    internal: Path
    secret: Path
    access_file: Path


def write_archive(root: Path) -> Archive:
    (root / "公开").mkdir(parents=True, exist_ok=True)
    (root / "密件").mkdir(parents=True, exist_ok=True)
    public = root / "公开" / "养犬.txt"
    internal = root / "公开" / "河道.txt"  # a public folder: the 内部资料 mark alone keeps it in
    secret = root / "密件" / "防汛.txt"
    public.write_text(PUBLIC_TEXT, encoding="utf-8")
    internal.write_text(INTERNAL_TEXT, encoding="utf-8")
    secret.write_text(SECRET_TEXT, encoding="utf-8")
    access_file = root / "access.toml"
    access_file.write_text(ACCESS_RULES, encoding="utf-8")
    return Archive(root, public, internal, secret, access_file)


@contextmanager
def access_file_set(path: Path):
    """JIANBAO_ACCESS names ``path`` while the block runs (a database's index has no folder beside it)."""
    before = os.environ.get("JIANBAO_ACCESS")
    os.environ["JIANBAO_ACCESS"] = str(path)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("JIANBAO_ACCESS", None)
        else:
            os.environ["JIANBAO_ACCESS"] = before


def index_archive(archive: Archive, location, engine: str):
    """The archive indexed at ``location`` (a folder, or a DSN) with ``engine``; its store."""
    from indexer.engines import open_store
    from indexer.run.batch import Options, run

    store = open_store(location)
    with access_file_set(archive.access_file):
        summary = run([str(archive.root)], store, Options(engine=engine, ocr=False))
    assert not summary.failed, summary.failed
    return store
