"""Bounded HTTP load from a separate process: wrk (Debian's) cycling through a list of paths,
or, where wrk is missing, a small thread-per-connection client with keep-alive in its own
Python process. Both print one JSON line: requests, duration, bytes, errors, latency p50/p90/p99.

    python -m benchmarks.load --url http://127.0.0.1:8000 --paths FILE --connections 8 \
        --duration 10 [--client python]
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(
    url: str, paths: Path, connections: int, duration: float, timeout: float = 60,
    client: str = "auto", min_requests: int = 0,
) -> dict:  # fmt: skip
    """Run one bounded load in a child process and return its summary.

    ``min_requests`` (per connection) is for slow paths measured for latency: the run goes on
    past ``duration`` until that many answers came back (the Python client does that; wrk
    cannot), bounded by ``timeout`` per request."""
    wrk = shutil.which("wrk")
    if min_requests == 0 and (client == "wrk" or (client == "auto" and wrk)):
        threads = max(1, min(2, connections))
        argv = [
            wrk or "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration:g}s",
            "--timeout", f"{timeout:g}s", "-s", str(HERE / "wrk_cycle.lua"), url, "--",
            str(paths),
        ]  # fmt: skip
        tool = "wrk"
    else:
        argv = [
            sys.executable, "-m", "benchmarks.load", "--url", url, "--paths", str(paths),
            "--connections", str(connections), "--duration", str(duration),
            "--timeout", str(timeout), "--client", "python", "--min-requests", str(min_requests),
        ]  # fmt: skip
        tool = "python"
    finished = subprocess.run(
        argv, capture_output=True, text=True,
        timeout=duration + timeout * (1 + max(0, min_requests)) + 60, cwd=HERE.parent,
    )  # fmt: skip
    line = next((ln for ln in reversed(finished.stdout.splitlines()) if ln.startswith("{")), None)
    if finished.returncode != 0 or line is None:
        raise RuntimeError(
            f"load client failed ({finished.returncode}): {finished.stdout[-2000:]}"
            f"{finished.stderr[-2000:]}"
        )
    summary = json.loads(line)
    seconds = summary["duration_us"] / 1e6
    errors = sum(v for k, v in summary.items() if k.startswith("errors_"))
    ok = summary["requests"] - summary["errors_status"]
    return {
        "tool": tool,
        "connections": connections,
        "seconds": round(seconds, 3),
        "requests": summary["requests"],
        "errors": errors,
        "rps": round(ok / seconds, 2) if seconds else 0.0,
        "p50_ms": round(summary["p50_us"] / 1000, 2),
        "p90_ms": round(summary["p90_us"] / 1000, 2),
        "p99_ms": round(summary["p99_us"] / 1000, 2),
        "max_ms": round(summary["max_us"] / 1000, 2),
        "mean_bytes": round(summary["bytes"] / summary["requests"]) if summary["requests"] else 0,
    }


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(q / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def python_client(
    url: str, paths: list[str], connections: int, duration: float, timeout: float,
    min_requests: int = 0,
):  # fmt: skip
    host_port = url.split("://", 1)[1].rstrip("/")
    host, _, port = host_port.partition(":")
    latencies: list[list[float]] = [[] for _ in range(connections)]
    counters = [{"bytes": 0, "status": 0, "read": 0} for _ in range(connections)]
    started = time.perf_counter()
    deadline = started + duration

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(host, int(port or 80), timeout=timeout)
        position = index * 7
        while time.perf_counter() < deadline or len(latencies[index]) < min_requests:
            path = paths[position % len(paths)]
            position += 1
            begin = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                counters[index]["read"] += 1
                connection.close()
                connection = http.client.HTTPConnection(host, int(port or 80), timeout=timeout)
                continue
            latencies[index].append(time.perf_counter() - begin)
            counters[index]["bytes"] += len(body)
            if response.status >= 400:
                counters[index]["status"] += 1
        connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    merged = sorted(value for values in latencies for value in values)
    return {
        "requests": len(merged),
        "duration_us": int(elapsed * 1e6),
        "bytes": sum(c["bytes"] for c in counters),
        "errors_connect": 0,
        "errors_read": sum(c["read"] for c in counters),
        "errors_write": 0,
        "errors_status": sum(c["status"] for c in counters),
        "errors_timeout": 0,
        "p50_us": int(_percentile(merged, 50) * 1e6),
        "p90_us": int(_percentile(merged, 90) * 1e6),
        "p99_us": int(_percentile(merged, 99) * 1e6),
        "max_us": int((merged[-1] if merged else 0) * 1e6),
        "mean_us": (sum(merged) / len(merged) * 1e6) if merged else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--paths", type=Path, required=True)
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--client", default="python")
    parser.add_argument("--min-requests", type=int, default=0)
    options = parser.parse_args()
    paths = [p for p in options.paths.read_text().splitlines() if p]
    print(
        json.dumps(
            python_client(
                options.url,
                paths,
                options.connections,
                options.duration,
                options.timeout,
                options.min_requests,
            )  # fmt: skip
        )
    )


if __name__ == "__main__":
    main()
