"""waitress, configured to survive slow and many clients.

waitress reads requests in one asynchronous loop and hands only complete requests
to its threads, so a slow client costs a connection, never a thread. What this
module adds is what waitress leaves open:

- every connection must finish its request line and headers within
  ``Limits.header_seconds`` and then send its body at no less than
  ``Limits.min_body_rate`` bytes a second, or it is answered 408 and closed
  (a header line every 10 s or a body byte at a time otherwise holds a connection forever);
- a request is judged when its headers are in, before its body is read:
  ``admit`` (the app's rule) may refuse it (401 for a wrong upload token, 413 for a body
  where none belongs or a declared length over the limit), and a chunked body stops at
  the limit as it is crossed;
- when more than ``Limits.queue`` complete requests wait for a thread, the next is answered
  503 with Retry-After at once by a thread of its own, instead of waiting without bound;
- connections are counted to ``Limits.connections`` with ``poll`` (``select`` stops at 1,024
  descriptors), and the process's descriptor limit is raised to fit.

Errors answered here never reach the app: they carry a Chinese JSON body and the
same security headers as the app's answers.
"""

from __future__ import annotations

import json
import resource
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

import waitress
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.task import ThreadedTaskDispatcher
from waitress.utilities import Error

SECURITY_HEADERS = [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin")]


@dataclass(frozen=True)
class Limits:
    """What one server accepts; the defaults are the production values (README, 部署)."""

    threads: int = 8
    connections: int = 1000  # open connections; beyond it waitress stops accepting until some close
    queue: int = 32  # complete requests waiting for a thread before the next is refused with 503
    header_seconds: float = 20.0  # request line and headers must be in within this
    idle_seconds: float = 30.0  # a kept-alive connection with nothing to say is closed after this
    min_body_rate: int = 32 * 1024  # bytes/s a body must average once the header time is over
    header_bytes: int = 16 * 1024  # request line (the URL with its query string) and headers
    body_bytes: int = 201 * 1024 * 1024  # the largest body any route takes (an upload with its framing)
    retry_after: int = 5  # seconds a refused client is told to wait


class Refusal(Error):
    """A request refused before the app sees it, answered in Chinese as JSON."""

    def __init__(self, code: int, message: str, parameter: str | None = None, retry_after: int | None = None):
        super().__init__(message)
        self.code = code
        self.reason = _REASONS.get(code, "Error")
        self.parameter = parameter
        self.retry_after = retry_after

    def to_response(self, ident=None):
        body = json.dumps({"error": self.body, "parameter": self.parameter}, ensure_ascii=False).encode()
        headers = [("Content-Type", "application/json; charset=utf-8"), *SECURITY_HEADERS]
        if self.retry_after is not None:
            headers.append(("Retry-After", str(self.retry_after)))
        return f"{self.code} {self.reason}", headers, body


_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    405: "Method Not Allowed",
    408: "Request Timeout",
    411: "Length Required",
    413: "Content Too Large",
    429: "Too Many Requests",
    501: "Not Implemented",
    431: "Request Header Fields Too Large",
    503: "Service Unavailable",
}

# (method, path, headers as waitress keeps them, declared length or None when chunked) → a refusal or None
Admit = Callable[[str, str, dict, "int | None"], "tuple[Refusal | None, int]"]


def no_body_anywhere(method: str, path: str, headers: dict, length: int | None) -> tuple[Refusal | None, int]:
    """The rule of a read-only app: no route takes a body."""
    return None, 0


class GuardedParser(HTTPRequestParser):
    """waitress's parser, which asks ``admit`` once the headers are in and caps the body per request."""

    admit: Admit = staticmethod(no_body_anywhere)
    body_limit = 0
    error: Error | None = None

    def __init__(self, adj):
        super().__init__(adj)
        self.started = time.monotonic()

    def received(self, data: bytes) -> int:
        had_headers = self.headers_finished
        consumed = super().received(data)
        judged = self.headers_finished and not had_headers and not self.empty
        if judged and (self.error is None or self.error.code == 413):
            self._judge()  # the app's refusal (a wrong token) wins over waitress's length check
        if self.error is not None and not isinstance(self.error, Refusal):
            self.error = _in_chinese(self.error, self.adj)
        if not judged and self.error is None and self.body_rcv is not None:
            if self.body_bytes_received > self.body_limit:
                self._refuse(_too_large(self.body_limit))
        return consumed

    def _judge(self) -> None:
        length = None if self.chunked else self.content_length
        refusal, self.body_limit = self.admit(self.command, self.path, self.headers, length)
        if refusal is None and length is not None and length > self.body_limit:
            refusal = _too_large(self.body_limit)
        if refusal is not None:
            self._refuse(refusal)

    def _refuse(self, refusal: Refusal) -> None:
        self.error = refusal
        self.completed = True
        self.connection_close = True


def _in_chinese(error: Error, adj) -> Refusal:
    """waitress's own refusals (headers too large, bad framing), said in Chinese."""
    if error.code == 431:
        limit = adj.max_request_header_size // 1024
        return Refusal(431, f"请求头过大：请求行（含查询参数）与请求头合计不得超过 {limit} KB")
    if error.code == 413:
        return _too_large(adj.max_request_body_size)
    if error.code == 501:
        return Refusal(501, "不支持的传输编码：请求体只能原样或以 chunked 发送")
    if "URI" in str(error.body):
        return Refusal(400, "请求格式错误：地址含有未编码的字符，须按 UTF-8 百分号编码", "path")
    return Refusal(400, f"请求格式错误：{error.body}")


def _too_large(limit: int) -> Refusal:
    if limit == 0:
        return Refusal(413, "此请求不接受请求体：只有上传接口 POST /api/documents 可以带文件")
    return Refusal(413, f"请求体过大：上限为 {limit // (1024 * 1024)} MB", "file")


class GuardedChannel(HTTPChannel):
    """A connection that must keep pace: headers in time, then a body at a minimum rate."""

    limits: Limits = Limits()

    def readable(self) -> bool:
        if self.request is not None and not self.requests and not self.will_close:
            if self._too_slow(self.request, time.monotonic()):
                self._answer_timeout()
                return False
        return super().readable()

    def _too_slow(self, request, now: float) -> bool:
        elapsed = now - request.started
        if not request.headers_finished:
            return elapsed > self.limits.header_seconds
        late = elapsed - self.limits.header_seconds
        return late > 0 and request.body_bytes_received < late * self.limits.min_body_rate

    def _answer_timeout(self) -> None:
        """408 written straight to the socket: no thread is spent on a client that is too slow."""
        refusal = Refusal(408, "请求超时：请求头或请求体发送过慢，连接已关闭")
        status, headers, body = refusal.to_response()
        head = f"HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {len(body)}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
        payload = head.encode("latin-1") + body
        with self.outbuf_lock:
            self.outbufs[-1].append(payload)
            self.total_outbufs_len += len(payload)
        self.request = None
        self.close_when_flushed = True


class BoundedDispatcher(ThreadedTaskDispatcher):
    """waitress's thread pool with a bounded queue: a request beyond it gets 503 from a thread of its own."""

    def __init__(self, limits: Limits):
        super().__init__()
        self.limits = limits
        self.refuser = ThreadedTaskDispatcher()
        self.refuser.set_thread_count(1)

    def add_task(self, task) -> None:
        with self.lock:
            waiting = len(self.queue)
        requests = getattr(task, "requests", None)
        if waiting >= self.limits.queue and requests:
            requests[0].error = Refusal(
                503, "服务繁忙：等待处理的请求过多，请稍后重试", retry_after=self.limits.retry_after
            )
            self.refuser.add_task(task)
            return
        super().add_task(task)

    def shutdown(self, cancel_pending: bool = True, timeout: int = 5) -> bool:
        self.refuser.shutdown(cancel_pending, timeout)
        return super().shutdown(cancel_pending, timeout)


def raise_descriptor_limit(wanted: int) -> None:
    """Each connection holds a descriptor: lift the soft limit towards the hard one so ``wanted`` fit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def _server_name(host: str) -> str:
    return socket.getfqdn() if host in ("", "0.0.0.0", "::") else host


def create_server(app, host: str, port: int, limits: Limits = Limits(), admit: Admit = no_body_anywhere):
    """A waitress server for ``app`` on host:port with every limit above in force (not yet running)."""
    raise_descriptor_limit(limits.connections + 64)
    parser = type("Parser", (GuardedParser,), {"admit": staticmethod(admit)})
    channel = type("Channel", (GuardedChannel,), {"parser_class": parser, "limits": limits})
    dispatcher = BoundedDispatcher(limits)
    dispatcher.set_thread_count(limits.threads)
    server = waitress.create_server(
        app,
        host=host,
        port=port,
        _dispatcher=dispatcher,
        threads=limits.threads,
        connection_limit=limits.connections,
        channel_timeout=limits.idle_seconds,
        cleanup_interval=max(1, int(limits.idle_seconds // 3)),
        max_request_header_size=limits.header_bytes,
        max_request_body_size=limits.body_bytes,
        asyncore_use_poll=True,
        ident="jianbao",
        server_name=_server_name(host),  # SERVER_NAME of links (search_app.web.urls.public_base), not Host
    )
    server.channel_class = channel
    return server
