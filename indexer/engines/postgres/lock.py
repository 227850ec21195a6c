"""The index lock of a database: a session-level advisory lock on the writer's connection, released
when it closes, also when the process holding it is killed."""

from __future__ import annotations

import time

import psycopg

from indexer.engines import postgres as pg
from indexer.engines.base import IndexUnavailable
from indexer.store.lock import IndexBusy

LOCK_KEY = 0x6A69616E62616F  # "jianbao": one advisory lock per database


class AdvisoryLock:
    """The index lock on a database: a session-level advisory lock on the writer's connection."""

    def __init__(self, dsn: str):
        self.dsn = dsn
        self.conn: psycopg.Connection | None = None

    def acquire(self, wait_seconds: float) -> psycopg.Connection:
        conn = pg.open_writer_connection(self.dsn)
        standby = conn.execute("SELECT pg_is_in_recovery()").fetchone()
        if standby and standby[0]:
            pg.close_writer_connection(self.dsn, conn)
            raise IndexUnavailable(
                f"数据库 {pg.shown(self.dsn)} 是只读的流复制副本：索引须写入主库，副本只用于检索（jianbao serve --dsn）"
            )
        deadline = time.monotonic() + max(wait_seconds, 0)
        while True:
            got = conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
            conn.commit()  # the lock is the session's: no transaction stays open while waiting
            if got and got[0]:
                self.conn = conn
                return conn
            if time.monotonic() >= deadline:
                holder = self.holder(conn)
                pg.close_writer_connection(self.dsn, conn)
                raise IndexBusy(
                    f"索引正被另一写入进程占用（{holder}），已等待 {wait_seconds:g} 秒；请稍后再试"
                )
            time.sleep(0.2)

    @staticmethod
    def holder(conn: psycopg.Connection) -> str:
        row = conn.execute(
            "SELECT a.pid, a.client_addr, a.application_name, a.backend_start FROM pg_locks l"
            " JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.objid = %s LIMIT 1",
            (LOCK_KEY & 0xFFFFFFFF,),
        ).fetchone()
        conn.commit()
        if not row:
            return "未知进程"
        pid, addr, _, since = row
        return f"数据库会话 {pid}@{addr or 'local'}，自 {since:%Y-%m-%dT%H:%M:%S} 起"

    def release(self) -> None:
        if self.conn is not None:
            pg.close_writer_connection(self.dsn, self.conn)  # closing the session releases the lock
            self.conn = None
