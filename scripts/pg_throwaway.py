"""Run a command against a throwaway PostgreSQL + PostGIS cluster on 127.0.0.1.

    python scripts/pg_throwaway.py -- pytest -q
    python scripts/pg_throwaway.py --check    # can a cluster start and create PostGIS and pg_trgm?

The cluster lives in a temporary folder, listens on a free loopback port, and is stopped and
deleted when the command ends, whatever its outcome. TUTELA_DATABASE_URL points the command at it.
PostgreSQL refuses to run as root, so as root the cluster is run as the ``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def postgres_bin() -> Path:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]),
    )
    if not candidates:
        found = shutil.which("initdb")
        if found:
            return Path(found).parent
        sys.exit(
            "pg_throwaway: PostgreSQL is not installed (no initdb); "
            "install the Debian package postgresql, or run `make setup-test`."
        )
    return Path(candidates[-1]).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_owner(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


# What the suite needs of the server: each extension, and the Debian package that provides it.
EXTENSIONS = {"postgis": "postgresql-{major}-postgis-3", "pg_trgm": "postgresql-{major}"}


def missing_extension(psql: list[str], major: str) -> str | None:
    """The sentence naming what to install when an extension cannot be created, else None."""
    for extension, package in EXTENSIONS.items():
        created = subprocess.run(
            [*psql, "-d", "template1", "-c", f"CREATE EXTENSION IF NOT EXISTS {extension};"],
            capture_output=True,
            text=True,
        )
        if created.returncode != 0:
            said = created.stderr.strip().splitlines() or ["no reason given"]
            return (
                f"PostgreSQL {major} cannot create the {extension} extension ({said[-1]}); "
                f"install the Debian package {package.format(major=major)}."
            )
    return None


def main(argv: list[str]) -> int:
    check_only = argv == ["--check"]
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv and not check_only:
        sys.exit("usage: pg_throwaway.py -- COMMAND [ARGS…] | pg_throwaway.py --check")
    bin_dir = postgres_bin()
    major = bin_dir.parent.name
    root = Path(tempfile.mkdtemp(prefix="tutela-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = 0
    started = False
    try:
        subprocess.run(
            as_owner(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "tutela",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # The port is free when probed, not necessarily when the server binds it (another
        # process's connection may take it in between): a refused start tries a new one.
        for attempt in range(1, 4):
            port = free_port()
            # Durability is pointless for a cluster deleted after the run; speed is not.
            options = (
                f"-h 127.0.0.1 -p {port} -k {sockets} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off"
            )
            start = subprocess.run(
                as_owner(
                    [
                        str(bin_dir / "pg_ctl"),
                        "-D",
                        str(data),
                        "-o",
                        options,
                        "-l",
                        str(log),
                        "-w",
                        "start",
                    ]
                ),
                stdout=subprocess.DEVNULL,
            )
            if start.returncode == 0:
                break
            if attempt == 3:
                if log.exists():
                    sys.stderr.write(log.read_text(errors="replace")[-4000:])
                print("pg_throwaway: PostgreSQL did not start (its log is above).", file=sys.stderr)
                return 1
            print(f"pg_throwaway: port {port} was taken; trying another", file=sys.stderr)
        started = True
        psql = [
            str(bin_dir / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "tutela",
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
        ]
        problem = missing_extension(psql, major)
        if problem:
            print(f"pg_throwaway: {problem}", file=sys.stderr)
            return 1
        if check_only:
            return 0
        subprocess.run([*psql, "-d", "postgres", "-c", "CREATE DATABASE tutela;"], check=True)
        environment = dict(os.environ)
        environment["TUTELA_DATABASE_URL"] = f"postgis://tutela@127.0.0.1:{port}/tutela"
        print(f"pg_throwaway: PostGIS on 127.0.0.1:{port} ({root})", file=sys.stderr)
        return subprocess.run(argv, env=environment).returncode
    except subprocess.CalledProcessError as error:
        if log.exists():
            sys.stderr.write(log.read_text(errors="replace")[-4000:])
        print(f"pg_throwaway: {' '.join(error.cmd)} failed ({error.returncode}).", file=sys.stderr)
        return 1
    finally:
        if started:
            subprocess.run(
                as_owner(
                    [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
                ),
                stdout=subprocess.DEVNULL,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
