"""A real PostgreSQL 15 cluster for tests: initdb in a temp dir, loopback only, stopped and removed after.

As root, the server runs as the ``postgres`` user (PostgreSQL refuses to run as root),
with the temp dir handed to it. Streaming replicas are made with ``pg_basebackup -R``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

BIN_DIRS = ("/usr/lib/postgresql/15/bin",)


def bin_dir() -> Path | None:
    for folder in BIN_DIRS:
        if Path(folder, "initdb").exists():
            return Path(folder)
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True).stdout.strip()
        if out and Path(out, "initdb").exists():
            return Path(out)
    return None


def require_binaries() -> Path:
    found = bin_dir()
    if found is None:
        pytest.skip("PostgreSQL 15 binaries are not installed (make test installs postgresql-15)")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


CONFIG = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{sockets}'
shared_buffers = 64MB
fsync = off                 # tests stop the server cleanly; only clients are killed
full_page_writes = off
wal_level = replica
max_wal_senders = 4
hot_standby = on
random_page_cost = 1.1
log_min_messages = warning
"""

HBA = """
local all all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
"""


class Server:
    """One running cluster (a primary, or a replica made from one)."""

    def __init__(self, bindir: Path, root: Path, name: str):
        self.bindir, self.root = bindir, root
        self.data = root / name
        self.port = _free_port()
        self.log = root / f"{name}.log"

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        argv = _as_server_user([str(self.bindir / tool), *args])
        return subprocess.run(argv, capture_output=True, text=True, check=check, timeout=120)

    def init(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-E", "UTF8", "--locale=C", "--auth=trust"
        )
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(CONFIG.format(port=self.port, sockets=self.root))
        (self.data / "pg_hba.conf").write_text(HBA, encoding="utf-8")

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    def replica(self, name: str = "replica") -> Server:
        """A streaming replica of this server: pg_basebackup -R -X stream, started on its own port."""
        replica = Server(self.bindir, self.root, name)
        self._run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "-D", str(replica.data), "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        with open(replica.data / "postgresql.auto.conf", "a", encoding="utf-8") as conf:
            conf.write(f"port = {replica.port}\n")
        replica.start()
        return replica

    def wait_for_replay(self, replica: Server, seconds: float = 30.0) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + seconds
        with psycopg.connect(replica.dsn(), autocommit=True) as conn:
            while True:
                behind = conn.execute(
                    "SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn()) > 0", (target,)
                ).fetchone()[0]
                if not behind:
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError("replica did not replay the primary's WAL in time")
                time.sleep(0.05)


class Cluster:
    """A temp dir holding a primary and any replicas; ``close`` stops them all and removes it."""

    def __init__(self):
        bindir = require_binaries()
        self.root = Path(tempfile.mkdtemp(prefix="jianbao-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.servers: list[Server] = []
        self.primary = Server(bindir, self.root, "primary")
        self.servers.append(self.primary)
        try:
            self.primary.init()
            self.primary.start()
        except BaseException:
            self.close()
            raise

    def replica(self) -> Server:
        replica = self.primary.replica(f"replica{len(self.servers)}")
        self.servers.append(replica)
        return replica

    def close(self) -> None:
        for server in reversed(self.servers):
            server.stop()
        shutil.rmtree(self.root, ignore_errors=True)
