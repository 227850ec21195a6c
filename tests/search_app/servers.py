"""A real jianbao server (make_server: every serving limit in force) on a free loopback port, and raw HTTP."""

from __future__ import annotations

import socket
from pathlib import Path

from indexer.engines import open_store
from search_app.web.app import make_server
from search_app.web.serving import Limits
from tests.search_app.conftest import LiveServer


class RunningServer(LiveServer):
    """LiveServer's thread and shutdown around the production server, with its limits."""

    def __init__(self, index_dir: Path, upload=None, limits: Limits = Limits(threads=4)):
        self.limits = limits
        super().__init__(index_dir, upload)

    def create(self, index_dir: Path, upload):
        return make_server(open_store(index_dir), "127.0.0.1", 0, upload, self.limits)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def raw_request(port: int, data: bytes, timeout: float = 10.0) -> bytes:
    """Send bytes as they are; the whole answer (until the server closes or the timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        return read_answer(sock)


def read_answer(sock: socket.socket) -> bytes:
    chunks = []
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
            if _complete(b"".join(chunks)):
                break
    except (TimeoutError, ConnectionResetError):
        pass
    return b"".join(chunks)


def _complete(data: bytes) -> bool:
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
