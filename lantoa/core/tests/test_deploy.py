"""The deployment files (deploy/) agree with the code: every variable they set is one Lantoa reads, every command
they run exists, exactly one process schedules, and nginx, the units and the image match what the app expects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
COMPOSE = DEPLOY / "docker-compose.yml"
OURS = re.compile(r"^(LANTOA_[A-Z0-9_]+|DATABASE_URL|REDIS_URL)$")


def variables_read_by_lantoa() -> set[str]:
    """Names read through envconfig's Env (settings, ``lantoa up``) or os.environ, in the package's own code."""
    names: set[str] = set()
    for path in (ROOT / "lantoa").rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for method, name in re.findall(r"\b(?:env|Env\(\))\.(\w+)\(\s*\"([A-Z0-9_]+)\"", text):
            names.add(name)
            if method == "secret":
                names.add(name + "_FILE")
        names.update(re.findall(r"environ\.get\(\s*\"([A-Z0-9_]+)\"", text))
    return names


def compose_services() -> dict[str, str]:
    """Each service of docker-compose.yml with its block of text (PyYAML is not a dependency), anchors expanded."""
    text = COMPOSE.read_text(encoding="utf-8")
    anchors: dict[str, str] = {}
    for name, _anchor, block in re.findall(r"^(x-[\w-]+): &([\w-]+)\n((?:  .*\n|\n)*)", text, re.M):
        anchors[name] = block
    common = "".join(anchors.values())
    services_text = text.split("\nservices:\n", 1)[1].split("\nvolumes:\n", 1)[0]
    blocks = re.split(r"^  ([\w-]+):\n", services_text, flags=re.M)[1:]
    services = {}
    for name, block in zip(blocks[::2], blocks[1::2], strict=True):
        services[name] = (common + block) if "<<: *lantoa" in block else block
    return services


def environment_of(block: str) -> dict[str, str]:
    """KEY: value pairs of a compose block (the last one wins, as a merge does)."""
    found: dict[str, str] = {}
    for name, value in re.findall(r"^\s+([A-Z][A-Z0-9_]+): (.*)$", block, re.M):
        found[name] = value.strip().strip('"')
    return found


def unit(name: str) -> str:
    return (SYSTEMD / name).read_text(encoding="utf-8")


def deploy_variables() -> dict[str, set[str]]:
    """Every variable each deploy file sets, by file."""
    found: dict[str, set[str]] = {}
    for path in sorted(DEPLOY.rglob("*")):
        if not path.is_file() or path.name == ".gitignore":
            continue
        text = path.read_text(encoding="utf-8")
        names = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", text, re.M))  # env files
        names |= set(re.findall(r"^Environment=([A-Z][A-Z0-9_]+)=", text, re.M))  # units
        names |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)\}", text)) if path.suffix == ".service" else set()
        if path == COMPOSE:
            for block in compose_services().values():
                names |= set(environment_of(block))
        found[str(path.relative_to(ROOT))] = names
    return found


def test_every_variable_the_deploy_files_set_is_one_lantoa_reads() -> None:
    known = variables_read_by_lantoa()
    assert {"DATABASE_URL", "LANTOA_SCHEDULER", "LANTOA_HTTPS", "LANTOA_SECRET_KEY_FILE"} <= known  # the reader works
    unknown = {
        path: sorted(name for name in names if OURS.match(name) and name not in known)
        for path, names in deploy_variables().items()
    }
    assert {path: names for path, names in unknown.items() if names} == {}
    assert any("LANTOA_PROXY_COUNT" in names for names in deploy_variables().values())


def commands_run(text: str) -> list[str]:
    """The lantoa commands a unit or a compose file runs."""
    found = re.findall(r"(?:/bin/|\"|\b)lantoa\"?,? \"?([a-z_]+)", text)
    return [name for name in found if name not in ("wsgi",)]


def test_every_command_the_deploy_files_run_exists() -> None:
    commands = get_commands()
    texts = [path.read_text(encoding="utf-8") for path in DEPLOY.rglob("*") if path.is_file()]
    run = {name for text in texts for name in commands_run(text)}
    assert {"run_huey", "backup", "migrate", "sync_roles", "collectstatic"} <= run
    assert sorted(name for name in run if name not in commands) == []
    for text in texts:  # gunicorn serves the WSGI application `lantoa up` serves
        for target in re.findall(r"gunicorn\"?,? \"?([\w.]+:\w+)", text):
            assert target == "lantoa.wsgi:application"


def test_exactly_one_process_schedules_periodic_tasks() -> None:
    assert re.findall(r"^Environment=LANTOA_SCHEDULER=(\d)$", unit("lantoa-scheduler.service"), re.M) == ["1"]
    assert re.findall(r"^Environment=LANTOA_SCHEDULER=(\d)$", unit("lantoa-worker@.service"), re.M) == ["0"]
    assert "LANTOA_SCHEDULER" not in unit("lantoa-web.service")
    assert "LANTOA_SCHEDULER" not in (SYSTEMD / "lantoa.env").read_text(encoding="utf-8")  # would override nothing
    services = compose_services()
    huey = {name: block for name, block in services.items() if "run_huey" in block}
    scheduling = [name for name, block in huey.items() if environment_of(block).get("LANTOA_SCHEDULER") == "1"]
    assert scheduling == ["scheduler"]
    assert set(huey) == {"worker", "scheduler"}
    assert "replicas" not in services["scheduler"]
    for block in services.values():  # the default is 1: a service without the variable would schedule too
        if "run_huey" in block:
            assert "LANTOA_SCHEDULER" in environment_of(block)


def test_the_compose_file_runs_postgresql_redis_and_the_platform() -> None:
    services = compose_services()
    assert {"db", "redis", "setup", "web", "worker", "scheduler"} <= set(services)
    for name in ("web", "worker", "scheduler", "setup"):
        environment = environment_of(services[name])
        assert environment["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"].startswith("redis://redis:6379/")
        assert "lantoa-var:/var/lib/lantoa" in services[name]
    assert "127.0.0.1:8000:8000" in services["web"]  # only the host's nginx reaches it
    assert "service_completed_successfully" in services["worker"]


def test_the_image_installs_what_the_platform_needs() -> None:
    dockerfile = (DEPLOY / "docker" / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("# ") and "FROM python:3.11-slim-bookworm" in dockerfile
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-noto-core", "espeak-ng", "gettext"):
        assert package in ci and re.search(rf"\s{re.escape(package)}\s", dockerfile), package
    assert "pip install -c requirements.lock ." in dockerfile
    assert "postgresql-client" in dockerfile  # pg_dump / pg_restore for lantoa backup / restore


def test_nginx_matches_the_web_unit_and_the_settings() -> None:
    nginx = (DEPLOY / "nginx" / "lantoa.conf").read_text(encoding="utf-8")
    web = unit("lantoa-web.service")
    environment = dict(re.findall(r"^([A-Z_]+)=(.*)$", (SYSTEMD / "lantoa.env").read_text(encoding="utf-8"), re.M))
    bind = re.search(r"--bind (\S+)", web)
    assert bind is not None and f"server {bind.group(1)} " in nginx
    assert "client_max_body_size 25m;" in nginx
    # settings.py: SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") with LANTOA_HTTPS=1.
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "proxy_set_header Host $host;" in nginx
    assert environment["LANTOA_HTTPS"] == "1" and environment["LANTOA_PROXY_COUNT"] == "1"
    assert "ssl_certificate " in nginx and "return 301 https://" in nginx
    static = re.search(r"alias (\S+);", nginx)
    assert static is not None and static.group(1).rstrip("/") == environment["LANTOA_VAR_DIR"] + "/static"
    assert re.search(r"proxy_read_timeout (\d+)s;", nginx) and "--timeout 120" in web


@pytest.mark.parametrize("name", sorted(path.name for path in SYSTEMD.glob("*.service")))
def test_units_run_as_the_lantoa_user_with_the_environment_file(name: str) -> None:
    text = unit(name)
    assert "User=lantoa" in text and "EnvironmentFile=/etc/lantoa/lantoa.env" in text
    assert "ReadWritePaths=/var/lib/lantoa" in text and "ProtectSystem=strict" in text
    executable = re.search(r"^ExecStart=(\S+)", text, re.M)
    assert executable is not None and executable.group(1).startswith("/opt/lantoa/venv/bin/")
