"""The one jieba segmenter of a process, with the unit vocabulary's words added at load time.

Clean (words split across a line break) and the index (tokens) share it: the
dictionary costs ~0.7 s and ~90 MB to load, once per process. The user words
(units, aliases, officials) come from indexer.vocabulary when the segmenter is
built, so extending units.tsv needs no generated dictionary file.
"""

from __future__ import annotations

import io
import logging
import threading
from functools import lru_cache

from indexer.vocabulary import dictionary_entries

_lock = threading.Lock()


@lru_cache(maxsize=1)
def segmenter():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _lock:
        jieba.dt.initialize()
        jieba.dt.load_userdict(io.StringIO("\n".join(dictionary_entries())))
    return jieba.dt
