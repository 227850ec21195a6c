"""The one write endpoint: scripts upload a document, which is saved into the archive and indexed.

Off unless configured: the server is read-only until both an upload folder
(``jianbao serve --upload-dir``) and a token (``JIANBAO_UPLOAD_TOKEN``) are given.
"""

from __future__ import annotations

import hmac
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import bottle

from indexer.batch import Options, run
from search_app.responses import as_json, json_error

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
TOKEN_VARIABLE = "JIANBAO_UPLOAD_TOKEN"
_UNSAFE = re.compile(r"[\x00-\x1f/\\]")


@dataclass(frozen=True)
class UploadConfig:
    folder: Path
    token: str

    @classmethod
    def from_environment(cls, folder: Path | None) -> UploadConfig | None:
        token = os.environ.get(TOKEN_VARIABLE, "")
        if folder is None or not token:
            return None
        if len(token) < 16:
            raise ValueError(f"环境变量 {TOKEN_VARIABLE} 太短：上传令牌至少 16 个字符")
        return cls(Path(folder), token)


def safe_name(filename: str) -> str | None:
    """The file's own name only: no folders, no hidden files, nothing that can leave the upload folder."""
    name = _UNSAFE.sub("_", os.path.basename(filename.replace("\\", "/"))).strip()
    if not name or name.startswith(".") or len(name.encode("utf-8")) > 200:
        return None
    return name


def _authorized(config: UploadConfig) -> bool:
    given = bottle.request.get_header("Authorization", "")
    expected = f"Bearer {config.token}"
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _destination(config: UploadConfig, name: str) -> Path:
    folder = config.folder / time.strftime("%Y-%m")
    folder.mkdir(parents=True, exist_ok=True)
    path, stem, suffix = folder / name, Path(name).stem, Path(name).suffix
    number = 1
    while path.exists():  # never overwrite what is already archived
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path


def upload_document(index_dir: Path, config: UploadConfig):
    if not _authorized(config):
        return json_error(401, "未授权：上传需要有效的令牌（Authorization: Bearer …）", "Authorization")
    if (bottle.request.content_length or 0) > MAX_UPLOAD_BYTES:
        return json_error(413, f"文件过大：上传上限为 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB", "file")
    upload = bottle.request.files.get("file")
    if upload is None:
        return json_error(400, "缺少文件：请以 multipart/form-data 的 file 字段上传", "file")
    name = safe_name(upload.raw_filename or "")
    if name is None:
        return json_error(400, f"文件名无效：“{upload.raw_filename}”", "file")
    path = _destination(config, name)
    upload.save(str(path))
    summary = run([str(path)], index_dir, Options(wait_seconds=60))
    body = {"path": str(path), **summary.as_json(index_dir)}
    return as_json(body, status=422 if summary.failed else 201)
