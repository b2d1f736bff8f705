"""How long `lantoa up` takes on an empty var directory until /healthz reports everything ok (target: < 60 s).

Run: `make bench` or `.venv/bin/python bench/startup.py [runs]`. Prints one line per run and the median.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def one_run() -> tuple[float, float]:
    """(seconds to a 200 from /healthz, seconds until the worker is reported ok as well)."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="lantoa-bench-") as var:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("LANTOA_") and k != "DATABASE_URL"}
        environ.update({"LANTOA_VAR_DIR": var, "LANTOA_ADMIN_PASSWORD": "bench-password-2026", "LANTOA_POLLING": "0"})
        environ.pop("REDIS_URL", None)
        started = time.monotonic()
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "lantoa", "up", "--port", str(port)],
            env=environ,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        first_200 = None
        try:
            while time.monotonic() - started < 120:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                        report = json.loads(response.read())
                    first_200 = first_200 or time.monotonic() - started
                    if report["status"] == "ok":
                        return first_200, time.monotonic() - started
                except OSError:
                    pass
                time.sleep(0.1)
            raise SystemExit("lantoa up did not become healthy within 120 s")
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    healthz, all_ok = [], []
    for index in range(runs):
        first, ok = one_run()
        healthz.append(first)
        all_ok.append(ok)
        print(f"run {index + 1}: /healthz 200 after {first:.2f} s, database+queue+worker ok after {ok:.2f} s")
    print(
        f"median: /healthz 200 after {statistics.median(healthz):.2f} s (target < 60 s), "
        f"all ok after {statistics.median(all_ok):.2f} s, {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
