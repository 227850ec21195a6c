"""The one jieba segmenter of a process, with the user dictionary of units and officials loaded.

Clean (words split across a line break) and the index (tokens) share it: the
dictionary costs ~0.7 s and ~90 MB to load, once per process.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

USERDICT = Path(__file__).with_name("data") / "userdict.txt"
_lock = threading.Lock()


@lru_cache(maxsize=1)
def segmenter():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _lock:
        jieba.dt.initialize()
        if USERDICT.exists():
            jieba.dt.load_userdict(str(USERDICT))
    return jieba.dt
