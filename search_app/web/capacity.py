"""Costly requests bounded, so that a few of them cannot take every thread.

A ``Gate`` runs work in its own small pool of threads: at most ``slots`` at a time,
each waited for up to ``budget`` seconds. A request that finds every slot taken
(after ``queue_seconds``) or outlives its budget is answered 503 with Retry-After
(``Overloaded``); the server's own threads stay free for everyone else. Python
cannot stop a thread, so work over budget finishes in its slot and holds it
meanwhile: a flood of costly requests meets full slots and is refused at once.

``GatePlugin`` is how routes use them: a Bottle plugin that runs each route whose config
names a ``cost`` (``app.route(path, cost="heavy")``) through that gate.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar
from urllib.parse import parse_qs

import bottle

from search_app.web.params import EXPORT_FORMATS

T = TypeVar("T")


class Overloaded(Exception):
    """The work was refused or abandoned for lack of capacity; ``retry_after`` in seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Gate:
    def __init__(self, name: str, slots: int, budget: float, queue_seconds: float = 1.0):
        self.name, self.slots, self.budget, self.queue_seconds = name, slots, budget, queue_seconds
        self._free = threading.BoundedSemaphore(slots)
        self._pool = ThreadPoolExecutor(max_workers=slots, thread_name_prefix=f"jianbao-{name}")

    def run(self, work: Callable[[], T]) -> T:
        if not self._free.acquire(timeout=self.queue_seconds):
            raise Overloaded(f"服务繁忙：同时进行的{self.name}过多，请稍后重试", retry_after=5)
        try:
            future = self._pool.submit(work)
        except BaseException:
            self._free.release()
            raise
        future.add_done_callback(lambda _: self._free.release())
        try:
            return future.result(timeout=self.budget)
        except FutureTimeout:
            raise Overloaded(
                f"{self.name}耗时超过 {self.budget:g} 秒，已停止等待；请缩小查询或筛选范围后重试",
                retry_after=max(5, int(self.budget)),
            ) from None

    def in_every_thread(self, work: Callable[[], object], timeout: float = 60.0) -> None:
        """``work`` once in each of the gate's threads (a thread keeps its own engine reader): the runs wait
        for one another, so that no thread takes two and every thread is started."""
        together = threading.Barrier(self.slots)

        def each() -> None:
            together.wait(timeout)
            work()

        for future in [self._pool.submit(each) for _ in range(self.slots)]:
            future.result(timeout)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class Gates:
    """The two kinds of costly work: searches (pages and API) and heavy answers (exports, unit timelines)."""

    def __init__(self, threads: int, search_budget: float = 10.0, heavy_budget: float = 60.0):
        # searches may use all but two of the server's threads; heavy work a quarter of them
        self.search = Gate("检索", max(1, threads - 2), search_budget)
        self.heavy = Gate("导出或汇总", max(1, threads // 4), heavy_budget)

    def in_every_thread(self, work: Callable[[], object]) -> None:
        self.search.in_every_thread(work)
        self.heavy.in_every_thread(work)

    def close(self) -> None:
        self.search.close()
        self.heavy.close()


COSTS = (
    "search",
    "search*",
    "heavy",
)  # "search*": a search, heavy when it exports a file (every hit, not a page)


def gate_for(gates: Gates, cost: str, environ: dict) -> Gate:
    if cost == "heavy":
        return gates.heavy
    if (
        cost == "search*"
        and parse_qs(environ.get("QUERY_STRING", "")).get("format", [""])[-1] in EXPORT_FORMATS
    ):
        return gates.heavy
    return gates.search


class GatePlugin:
    """Bottle plugin (API 2): a route whose config has a ``cost`` runs through its gate, in the gate's thread
    with the request bound to it; a route without one runs in the server's thread, as it is."""

    name = "gates"
    api = 2

    def __init__(self, gates: Gates):
        self.gates = gates

    def apply(self, callback, route):
        cost = route.config.get("cost")
        if cost is None:
            return callback
        if cost not in COSTS:
            raise ValueError(f"unknown cost {cost!r} of route {route.rule}; known: {', '.join(COSTS)}")
        gates = self.gates

        def gated(*args, **kwargs):
            environ = bottle.request.environ

            def work():
                bottle.request.bind(environ)
                bottle.response.bind()
                return callback(*args, **kwargs)

            return gate_for(gates, cost, environ).run(work)

        return gated
