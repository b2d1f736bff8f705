"""``lantoa up``: everything needed to run the platform on one machine, in one command.

Migrates, loads reference data when missing, creates the first administrator, collects static files, then starts
the web server (gunicorn), the background worker with the scheduler (huey's consumer), prints the address once the
platform answers /healthz, and on Ctrl-C (or SIGTERM) stops them all and waits for them.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.accounts.models import User
from lantoa.accounts.roles import Role
from lantoa.accounts.services import do_create_user
from lantoa.envconfig import Env
from lantoa.org.reference import load_reference, reference_missing


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, receive SIGTERM when `lantoa up` dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


WILDCARD_HOSTS = {"0.0.0.0", "::", "[::]"}  # noqa: S104 - names to recognise, not to bind
STOP_GRACE_SECONDS = 20


class Command(BaseCommand):
    help = "Run the whole platform: migrations, reference data, web server, worker and scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        env = Env()
        parser.add_argument("--host", default=env.string("LANTOA_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env.integer("LANTOA_PORT", 8000, minimum=1, maximum=65535))
        parser.add_argument(
            "--web-workers", type=int, default=env.integer("LANTOA_WEB_WORKERS", 2, minimum=1, maximum=64),
            help="gunicorn worker processes (default 2)",
        )  # fmt: skip
        parser.add_argument("--no-worker", action="store_true", help="start the web server only")
        parser.add_argument("--ready-timeout", type=int, default=60, help="seconds to wait for /healthz")

    def handle(self, *args: Any, **options: Any) -> None:
        host: str = options["host"]
        port: int = options["port"]
        self.say(f"Lantoa: thư mục dữ liệu {settings.VAR_DIR}")
        self.prepare()
        children = self.start(host, port, options["web_workers"], start_worker=not options["no_worker"])
        stop_requested: list[int] = []

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop_requested.append(signum)

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        try:
            url = f"http://{host if host not in WILDCARD_HOSTS else '127.0.0.1'}:{port}/"
            if self.wait_ready(host, port, options["ready_timeout"], children, stop_requested):
                self.say(f"Lantoa đang chạy: {url}  (Ctrl-C để dừng)")
            while not stop_requested:
                for name, process in children.items():
                    if process.poll() is not None:
                        raise CommandError(f"{name} stopped unexpectedly (exit code {process.returncode})")
                time.sleep(0.5)
        finally:
            self.stop(children)
        self.say("Lantoa đã dừng.")

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    # --- before the servers ----------------------------------------------------------------------------------------
    def prepare(self) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if reference_missing():
            report = load_reference(settings.PROVINCE_CODE)
            self.say(f"Đã nạp dữ liệu tham chiếu: {report.summary()}")
        from lantoa.monitoring.management.commands.loadsources import load_default_sources
        from lantoa.monitoring.models import Source

        if not Source.objects.exists():
            self.say(f"Đã thêm {load_default_sources()} nguồn tin mặc định.")
        from lantoa.plans.models import Plan

        if not Plan.objects.exists():  # the plan's tasks per organisation: loaded by the worker once it runs
            from lantoa.plans.tasks import load_shipped_plan

            load_shipped_plan(str(settings.BASE_DIR / "plans" / "data" / "plan-2026.json"))
            self.say("Kế hoạch năm 2026 sẽ được nạp (lantoa/plans/data/plan-2026.json).")
        self.ensure_administrator()
        if not settings.STATIC_FROM_APPS:
            call_command("collectstatic", interactive=False, verbosity=0)

    def ensure_administrator(self) -> None:
        if User.objects.filter(is_superuser=True).exists():
            return
        env = Env()
        username = env.string("LANTOA_ADMIN_USER", "admin")
        given = env.secret("LANTOA_ADMIN_PASSWORD")
        password = given or secrets.token_urlsafe(12)
        do_create_user(
            None,
            username=username,
            password=password,
            full_name="Quản trị hệ thống",
            is_superuser=True,
            roles=[Role.ADMINISTRATOR],
        )
        if given:
            self.say(f"Đã tạo tài khoản quản trị “{username}” với mật khẩu trong LANTOA_ADMIN_PASSWORD.")
        else:
            self.say(
                f"Đã tạo tài khoản quản trị “{username}”, mật khẩu: {password}\n"
                "  (chỉ hiện một lần; hãy đổi mật khẩu sau khi đăng nhập)"
            )

    # --- the servers -------------------------------------------------------------------------------------------
    def start(
        self, host: str, port: int, web_workers: int, *, start_worker: bool
    ) -> dict[str, subprocess.Popen[bytes]]:
        env = dict(os.environ)
        env["LANTOA_VAR_DIR"] = str(settings.VAR_DIR)
        if host not in WILDCARD_HOSTS and "LANTOA_ALLOWED_HOSTS" not in env:
            env["LANTOA_ALLOWED_HOSTS"] = ",".join(dict.fromkeys([*settings.ALLOWED_HOSTS, host]))
        elif host in WILDCARD_HOSTS and "LANTOA_ALLOWED_HOSTS" not in env:
            self.stderr.write(
                "Lantoa: listening on all addresses; set LANTOA_ALLOWED_HOSTS to the names clients use, "
                "otherwise only 127.0.0.1 and localhost are answered."
            )
        bind = f"[{host.strip('[]')}]:{port}" if ":" in host else f"{host}:{port}"
        children: dict[str, subprocess.Popen[bytes]] = {}
        # New sessions: Ctrl-C reaches only this process, which then stops the children in order.
        children["web server"] = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            [
                sys.executable, "-m", "gunicorn", "lantoa.wsgi:application",
                "--bind", bind, "--workers", str(web_workers), "--threads", "4",
                "--access-logfile", "-", "--graceful-timeout", str(STOP_GRACE_SECONDS - 5), "--no-control-socket",
                "--forwarded-allow-ips", env.get("LANTOA_FORWARDED_ALLOW_IPS", "127.0.0.1"),
            ],
            env=env,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )  # fmt: skip
        if start_worker:
            children["worker"] = subprocess.Popen(
                [sys.executable, "-m", "lantoa", "run_huey"],
                env=env,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        return children

    def wait_ready(
        self,
        host: str,
        port: int,
        timeout: int,
        children: dict[str, subprocess.Popen[bytes]],
        stop_requested: list[int],
    ) -> bool:
        target = "127.0.0.1" if host in WILDCARD_HOSTS else host.strip("[]")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not stop_requested:
            for name, process in children.items():
                if process.poll() is not None:
                    raise CommandError(f"{name} did not start (exit code {process.returncode})")
            try:
                connection = http.client.HTTPConnection(target, port, timeout=2)
                connection.request("GET", "/healthz")
                status = connection.getresponse().status
                connection.close()
                if status == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.3)
        if not stop_requested:
            self.stderr.write(f"Lantoa: /healthz did not answer within {timeout} s; still waiting for it to start.")
        return False

    def stop(self, children: dict[str, subprocess.Popen[bytes]]) -> None:
        # SIGINT asks huey for a graceful stop (running tasks finish); SIGTERM is gunicorn's graceful stop.
        for name, process in children.items():
            if process.poll() is None:
                process.send_signal(signal.SIGINT if name == "worker" else signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in children.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
