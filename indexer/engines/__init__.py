"""Search engines behind one seam: which engine an index uses, opening it for reading and writing.

The engine is chosen when an index is created and recorded in ``engine.json`` in the
index folder; every later command reads it. An index folder without that file but
with Whoosh's files is a Whoosh index (made before engines could be chosen).

Nothing outside this package imports ``whoosh`` or ``tantivy``.
"""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path

from indexer.engines.base import EngineReader, EngineWriter, IndexUnavailable

ENGINES = ("whoosh", "tantivy")
DEFAULT_ENGINE = "whoosh"
ENGINE_FILE = "engine.json"


def _module(name: str):
    if name not in ENGINES:
        raise IndexUnavailable(f"未知的检索引擎：{name}（可选 {'、'.join(ENGINES)}）")
    return import_module(f"indexer.engines.{name}")


def engine_of(index_dir: Path) -> str | None:
    """The engine an index folder was made with; None when it holds no index."""
    meta = Path(index_dir) / ENGINE_FILE
    try:
        name = json.loads(meta.read_text(encoding="utf-8"))["engine"]
    except FileNotFoundError:
        return DEFAULT_ENGINE if _module(DEFAULT_ENGINE).exists(Path(index_dir)) else None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexUnavailable(f"索引的引擎记录无法读取：{meta}（{error}）") from error
    return str(name)


def record_engine(index_dir: Path, name: str) -> None:
    meta = Path(index_dir) / ENGINE_FILE
    tmp = meta.with_suffix(".tmp")
    tmp.write_text(json.dumps({"engine": name}) + "\n", encoding="utf-8")
    tmp.replace(meta)


def exists(index_dir: Path) -> bool:
    name = engine_of(index_dir)
    return name is not None and _module(name).exists(Path(index_dir))


def open_reader(index_dir: Path) -> EngineReader:
    index_dir = Path(index_dir)
    name = engine_of(index_dir)
    if name is None or not _module(name).exists(index_dir):
        raise IndexUnavailable(f"索引不存在：{index_dir}（先运行 jianbao index）")
    return _module(name).open_reader(index_dir)


def open_writer(index_dir: Path, engine: str | None = None, *, create: bool = False) -> EngineWriter:
    """The writer of an index; ``create`` (or a folder without an index) starts an empty one.

    Called with the index lock held. Creating with another engine than the folder's
    removes the old engine's files once the new one exists.
    """
    index_dir = Path(index_dir)
    current = engine_of(index_dir)
    name = engine or current or DEFAULT_ENGINE
    module = _module(name)
    if current is not None and name != current and not create:
        raise IndexUnavailable(
            f"索引 {index_dir} 使用 {current} 引擎；要改用 {name}，请运行 jianbao index --rebuild --engine {name}"
        )
    if create or current is None or not module.exists(index_dir):
        writer = module.create(index_dir)
        record_engine(index_dir, name)
        if current is not None and current != name:
            _module(current).destroy(index_dir)
        return writer
    return module.open_writer(index_dir)


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "EngineReader",
    "EngineWriter",
    "IndexUnavailable",
    "engine_of",
    "exists",
    "open_reader",
    "open_writer",
]
