"""A throwaway PostgreSQL + PostGIS cluster on 127.0.0.1 for one benchmark run.

Uses the helpers of scripts/pg_throwaway.py (the one the test suite runs under), so the cluster
is made the same way: trust authentication, a free loopback port, durability off (fsync,
synchronous_commit, full_page_writes) because the cluster is deleted after the run.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _throwaway():
    spec = importlib.util.spec_from_file_location(
        "pg_throwaway", ROOT / "scripts" / "pg_throwaway.py"
    )
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@contextmanager
def cluster(shared_buffers: str = "1GB") -> Iterator[dict]:
    """Yield {"url", "port", "dsn_psql", "bin"}; stop and delete the cluster afterwards."""
    helpers = _throwaway()
    bin_dir = helpers.postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="tutela-bench-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = helpers.free_port()
    started = False
    try:
        subprocess.run(
            helpers.as_owner(
                [str(bin_dir / "initdb"), "-D", str(data), "-U", "tutela", "-A", "trust",
                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        options = (
            f"-h 127.0.0.1 -p {port} -k {sockets} -c fsync=off -c synchronous_commit=off "
            f"-c full_page_writes=off -c shared_buffers={shared_buffers} -c max_connections=100 "
            "-c max_wal_size=4GB -c checkpoint_timeout=30min"
        )
        subprocess.run(
            helpers.as_owner(
                [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w",
                 "start"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        started = True
        psql = [str(bin_dir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "tutela",
                "-v", "ON_ERROR_STOP=1", "-q"]  # fmt: skip
        subprocess.run([*psql, "-d", "template1", "-c", "CREATE EXTENSION postgis;"], check=True)
        subprocess.run([*psql, "-d", "postgres", "-c", "CREATE DATABASE tutela;"], check=True)
        yield {
            "url": f"postgis://tutela@127.0.0.1:{port}/tutela",
            "port": port,
            "psql": [*psql, "-d", "tutela"],
            "bin": bin_dir,
            "log": log,
        }
    finally:
        if started:
            subprocess.run(
                helpers.as_owner(
                    [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
                ),
                stdout=subprocess.DEVNULL,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)
