"""Load on the public consultation site: 200 concurrent readers and 20 commenters for 60 s against `lantoa up`
(gunicorn, production settings) on loopback. Each commenter loads the form, posts a comment, reads its code from
the mail (an SMTP sink in this process), and verifies it. Reports p50/p95 latency of reads, posts and
verifications, the error counts, and checks in the database that every accepted comment is stored exactly once.

Run: `.venv/bin/python bench/consultation.py [--seconds 60] [--readers 200] [--commenters 20]`.

Each comment comes from its own address (X-Forwarded-For with LANTOA_PROXY_COUNT=1) and its own email, as a
crowd does; the per-address and per-contact rate limits are tested elsewhere, not measured here.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lantoa.testing.smtp import Mailbox, _Handler, _Server

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE_INPUT = re.compile(r'name="nonce" value="([^"]+)"')
ARTICLE_OPTION = re.compile(r'<option value="(\d+)"')


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Client:
    """One keep-alive connection with its cookies (enough for CSRF)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict[str, str] | None = None, headers: dict[str, str] | None = None
                ) -> tuple[int, dict[str, str], str, float]:  # fmt: skip
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        for attempt in range(2):
            try:
                self.connection.request(method, path, data, headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        elapsed = time.perf_counter() - started
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text, elapsed


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {"read": [], "post": [], "verify": []}
        self.errors: dict[str, int] = {}
        self.accepted: list[str] = []  # nonces of comments whose verification succeeded

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latency[kind].append(seconds)

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1


def reader(port: int, paths: list[str], stop: float, stats: Stats, index: int) -> None:
    client = Client(port)
    n = index
    while time.monotonic() < stop:
        path = paths[n % len(paths)]
        n += 1
        try:
            status, _, _, elapsed = client.request("GET", path)
        except OSError:
            stats.error("read: connection")
            continue
        if status == 200:
            stats.add("read", elapsed)
        else:
            stats.error(f"read: HTTP {status}")


def wait_for_code(mailbox: Mailbox, address: str, timeout: float = 30) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with mailbox.lock:
            for received in mailbox.messages:
                if address in received.recipients:
                    found = re.search(r"\b(\d{6})\b", received.message.get_content())
                    return found.group(1) if found else None
        time.sleep(0.05)
    return None


def commenter(port: int, consultation: int, mailbox: Mailbox, stop: float, stats: Stats, index: int) -> None:
    client = Client(port)
    form_path = f"/gop-y/{consultation}/gop-y/"
    n = 0
    while time.monotonic() < stop:
        n += 1
        try:
            status, _, page, elapsed = client.request("GET", form_path)
            if status != 200:
                stats.error(f"form: HTTP {status}")
                continue
            stats.add("read", elapsed)
            csrf, nonce = CSRF_INPUT.search(page), NONCE_INPUT.search(page)
            articles = ARTICLE_OPTION.findall(page)
            if not (csrf and nonce and articles):
                stats.error("form: unexpected page")
                continue
            email = f"bench-{index}-{n}-{uuid.uuid4().hex[:6]}@example.vn"
            body = {
                "csrfmiddlewaretoken": csrf.group(1), "nonce": nonce.group(1), "unit": articles[n % len(articles)],
                "text": f"Góp ý số {n} của người {index}: đề nghị làm rõ điều kiện sử dụng vỉa hè {uuid.uuid4().hex}",
                "name": f"Người góp ý {index}", "email": email, "consent": "1", "website": "",
            }  # fmt: skip
            forwarded = {"X-Forwarded-For": f"10.{index}.{n // 250 % 250}.{n % 250 + 1}"}
            status, headers, _, elapsed = client.request("POST", form_path, body, forwarded)
            if status != 302:
                stats.error(f"post: HTTP {status}")
                continue
            stats.add("post", elapsed)
            verify_path = urllib.parse.urlsplit(headers["location"]).path
            code = wait_for_code(mailbox, email)
            if code is None:
                stats.error("mail: no code")
                continue
            status, _, page, _ = client.request("GET", verify_path)
            csrf = CSRF_INPUT.search(page)
            if csrf is None:
                stats.error("verify: no form")
                continue
            status, _, page, elapsed = client.request(
                "POST", verify_path, {"csrfmiddlewaretoken": csrf.group(1), "code": code}, forwarded
            )
            if status == 200 and "da-xac-nhan" in page:
                stats.add("verify", elapsed)
                with stats.lock:
                    stats.accepted.append(body["nonce"])
            else:
                stats.error(f"verify: HTTP {status}")
        except OSError:
            stats.error("commenter: connection")


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--commenters", type=int, default=20)
    args = parser.parse_args()

    sink = _Server(("127.0.0.1", 0), _Handler)
    sink.mailbox = Mailbox(*map(str, sink.server_address[:2]))  # type: ignore[arg-type]
    sink.mailbox.port = int(sink.server_address[1])
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="lantoa-bench-consultation-") as var:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("LANTOA_") and k != "DATABASE_URL"}
        environ.pop("REDIS_URL", None)
        environ.update({
            "LANTOA_VAR_DIR": var, "LANTOA_ADMIN_PASSWORD": "bench-password-2026", "LANTOA_POLLING": "0",
            "LANTOA_SMTP_HOST": "127.0.0.1", "LANTOA_SMTP_PORT": str(sink.mailbox.port), "LANTOA_PROXY_COUNT": "1",
        })  # fmt: skip
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "lantoa", "up", "--port", str(port)], env=environ,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    status, _, _, _ = Client(port).request("GET", "/healthz")
                    if status in (200, 503):
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("lantoa up did not answer within 180 s")
                time.sleep(0.5)
            made = subprocess.run(
                [sys.executable, "-m", "lantoa", "consultation_demo"], env=environ, check=True, capture_output=True,
                text=True,
            )  # fmt: skip
            demo = json.loads(made.stdout.strip().splitlines()[-1])
            consultation = int(demo["id"])
            paths = ["/gop-y/", demo["path"], demo["path"], f"{demo['path']}gop-y/"]
            stats = Stats()
            stop = time.monotonic() + args.seconds
            threads = [threading.Thread(target=reader, args=(port, paths, stop, stats, i)) for i in range(args.readers)]
            threads += [
                threading.Thread(target=commenter, args=(port, consultation, sink.mailbox, stop, stats, i))
                for i in range(args.commenters)
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
        with sqlite3.connect(Path(var) / "lantoa.sqlite3") as db:
            stored = dict(db.execute(
                "SELECT nonce, COUNT(*) FROM consultation_comment "
                "WHERE consultation_id = ? AND verified_at IS NOT NULL GROUP BY nonce", (consultation,),
            ).fetchall())  # fmt: skip
            all_rows = db.execute("SELECT COUNT(*) FROM consultation_comment WHERE consultation_id = ?",
                                  (consultation,)).fetchone()[0]  # fmt: skip
    sink.shutdown()
    accepted = stats.accepted
    missing = [nonce for nonce in accepted if stored.get(nonce) != 1]
    extra = set(stored) - set(accepted)
    print(f"{args.readers} readers + {args.commenters} commenters for {elapsed:.1f} s, {os.cpu_count()} CPUs, "
          f"SQLite, `lantoa up` defaults (gunicorn {os.environ.get('LANTOA_WEB_WORKERS', '2')} workers)")  # fmt: skip
    for kind, values in stats.latency.items():
        print(f"{kind:>6}: {len(values):6d} requests, {len(values) / elapsed:7.1f}/s, "
              f"p50 {percentile(values, 0.5) * 1000:7.1f} ms, p95 {percentile(values, 0.95) * 1000:7.1f} ms, "
              f"max {max(values, default=0) * 1000:7.1f} ms")  # fmt: skip
    print(f"errors: {json.dumps(stats.errors, ensure_ascii=False) if stats.errors else 'none'}")
    print(f"accepted (verified) comments: {len(accepted)}; stored exactly once: {len(accepted) - len(missing)}; "
          f"missing or duplicated: {len(missing)}; verified rows not seen as accepted: {len(extra)}; "
          f"rows in all (incl. unverified at the end): {all_rows}")  # fmt: skip
    if missing or extra:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
