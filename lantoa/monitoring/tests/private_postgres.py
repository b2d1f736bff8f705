"""A throwaway PostgreSQL cluster for fault tests that must restart the server (the shared one on 5432 serves
other people's tests and must not be restarted): initdb into a temporary directory, a free port on 127.0.0.1, trust
authentication, fsync off; stopped and removed afterwards.

initdb refuses to run as root; as root the cluster is created and run as the ``postgres`` user through
``runuser``, in a directory given to that user. ``unavailable()`` says why a cluster cannot be made here (the test
then skips with that reason).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

# Where Debian's packages put the server programs (not on PATH there); LANTOA_FAULT_PG_BIN names another place.
BIN_GLOB = "/usr/lib/postgresql/*/bin"
RUN_AS = "postgres"


def server_bin() -> Path | None:
    """The directory of initdb and pg_ctl: LANTOA_FAULT_PG_BIN, else the newest Debian version, else PATH."""
    candidates: list[Path] = []
    if named := os.environ.get("LANTOA_FAULT_PG_BIN"):
        candidates.append(Path(named))
    debian = sorted(Path("/").glob(BIN_GLOB.lstrip("/")), key=lambda path: _version(path.parent.name), reverse=True)
    candidates.extend(debian)
    if found := shutil.which("initdb"):
        candidates.append(Path(found).resolve().parent)
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _run_as() -> list[str] | None:
    """The command prefix that runs the server programs as a user initdb accepts; None when there is none."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    try:
        pwd.getpwnam(RUN_AS)
    except KeyError:
        return None
    return [runuser, "-u", RUN_AS, "--"] if runuser else None


def unavailable() -> str | None:
    """Why no private cluster can be made on this machine, or None."""
    if server_bin() is None:
        return (
            f"initdb and pg_ctl not found (looked in LANTOA_FAULT_PG_BIN, {BIN_GLOB} and PATH): "
            "install the PostgreSQL server package"
        )
    if _run_as() is None:
        return f"running as root, which initdb refuses, and no `runuser` or no `{RUN_AS}` user to run it as"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateCluster:
    """initdb + pg_ctl start on a free port; ``restart(mode)`` mid-test; ``stop()`` removes everything."""

    def __init__(self) -> None:
        directory, prefix = server_bin(), _run_as()
        if directory is None or prefix is None:
            raise RuntimeError(unavailable())
        self.bin, self.prefix = directory, prefix
        self.base = Path(tempfile.mkdtemp(prefix="lantoa-pg-"))
        if prefix:  # the server's user must own its directory (the socket and the log go there too)
            account = pwd.getpwnam(RUN_AS)
            os.chown(self.base, account.pw_uid, account.pw_gid)
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.port = 0
        self.started = False

    def _command(self, program: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(  # noqa: S603 - our own arguments
            [*self.prefix, str(self.bin / program), *args],
            capture_output=True, text=True, timeout=timeout, check=False, cwd=self.base,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"{program} {' '.join(args)}: exit {result.returncode}\n{result.stderr}{self.tail()}")
        return result

    def _options(self) -> str:
        # fsync off: a test cluster, and the restarts are the server's, not the machine's (no data at risk).
        return f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"

    def start(self) -> PrivateCluster:
        self._command("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                      "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        for attempt in range(3):  # another process may take the free port between the probe and the start
            self.port = free_port()
            try:
                self._command("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", self._options(), "start")
            except RuntimeError:
                if attempt == 2:
                    raise
                continue
            self.started = True
            return self
        raise AssertionError("unreachable")

    def restart(self, mode: str = "fast") -> None:
        """``pg_ctl restart -m MODE``: fast (clients disconnected, checkpoint) or immediate (crash recovery)."""
        self._command("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-m", mode, "-o", self._options(),
                      "restart")  # fmt: skip

    def shut_down(self) -> None:
        """``pg_ctl stop -m fast``: the server down (the cluster kept) until ``start_again``."""
        self._command("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")

    def start_again(self) -> None:
        self._command("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", self._options(), "start")

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def tail(self, lines: int = 20) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def stop(self) -> None:
        try:
            if self.started:
                self._command("pg_ctl", "-D", str(self.data), "-w", "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
