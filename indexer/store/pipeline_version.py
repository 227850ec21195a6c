"""The version of the pipeline that turns extracted pages into records: code version + data files.

Clean, parse and tokenization read the files under ``indexer/data/`` (unit aliases, word lists,
boilerplate patterns, the user dictionary). A source's records are only as current as the
version they were made with; ``jianbao index`` re-parses (from the stored pages, never OCR)
every source whose recorded version differs, and says which file or code change caused it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from indexer.lang.vocabulary import DATA_DIR


@dataclass(frozen=True)
class PipelineVersion:
    version: str  # "0.2.0+3f9a…": what the catalog records per source
    manifest: dict  # {"code": "0.2.0", "data": {"units.tsv": "<sha256>", …}}


def code_version() -> str:
    try:
        return metadata.version("jianbao")
    except metadata.PackageNotFoundError:
        return "0"


def data_hashes(folder: Path = DATA_DIR) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".") and "__pycache__" not in path.parts
    }


def current(folder: Path = DATA_DIR) -> PipelineVersion:
    """Hashed afresh each time (a few small files): an edit shows in the very next run."""
    manifest = {"code": code_version(), "data": data_hashes(folder)}
    digest = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode("utf-8")).hexdigest()
    return PipelineVersion(f"{manifest['code']}+{digest[:12]}", manifest)


def changed_files(old: dict | None, new: dict) -> list[str]:
    """The data files whose contents differ between two manifests (none known without an old one)."""
    before, after = (old or {}).get("data", {}), new["data"]
    return sorted(name for name in set(before) | set(after) if old and before.get(name) != after.get(name))


def what_changed(old: dict | None, new: dict) -> list[str]:
    """Why records made under ``old`` are out of date, in words; a source with no version is from before versions."""
    if old is None:
        return ["此前的记录没有流水线版本"]
    reasons = []
    if old.get("code") != new["code"]:
        reasons.append(f"程序版本 {old.get('code')} → {new['code']}")
    changed = changed_files(old, new)
    if changed:
        reasons.append("数据文件已改动：" + "、".join(changed))
    return reasons or ["流水线版本不同"]
