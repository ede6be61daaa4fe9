"""Start and stop the servers a run needs; each in its own process group, stopped by its id."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path
    ready_path: str = "/"
    base: str = field(init=False)

    def __post_init__(self) -> None:
        self.base = f"http://127.0.0.1:{self.port}"

    def drain(self) -> None:
        """Wait until requests a load client left behind are done: sync gunicorn workers go on
        with accepted requests after the client hung up, which would slow the next load."""
        for _ in range(2):
            get(self.port, self.ready_path, timeout=600)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        # The server was started as the leader of a new session: its group is ours alone.
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def start(
    name: str, argv: list[str], env: dict[str, str], logs: Path, ready_path: str, port: int
) -> Server:
    log = logs / f"{name}.log"
    handle = log.open("wb")
    process = subprocess.Popen(
        argv,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        cwd=str(ROOT),
    )
    server = Server(name, port, process, log, ready_path)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited at start; see {log}:\n{log.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", ready_path)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status < 500:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"{name} did not answer on {port} within 120 s; see {log}")


def get(base_port: int, path: str, timeout: float = 120) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", base_port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()
