"""Where an index lives: a folder (Whoosh, tantivy) or a PostgreSQL database named by a DSN.

Commands pass the location on as they are given it; only the few places that open an
index, its catalog or its lock ask which of the two it is.
"""

from __future__ import annotations

import os
from pathlib import Path

DSN_SCHEMES = ("postgresql://", "postgres://")
DSN_ENV = "JIANBAO_DSN"

Location = Path | str


def is_dsn(location: object) -> bool:
    return isinstance(location, str) and location.startswith(DSN_SCHEMES)


def env_dsn() -> str | None:
    value = os.environ.get(DSN_ENV, "").strip()
    return value or None
