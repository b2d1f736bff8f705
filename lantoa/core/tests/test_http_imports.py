"""Only lantoa/core/http talks HTTP to the outside: any other import of an HTTP client would bypass the SSRF guard.

The scan reads every module of the ``lantoa`` package (tests and lantoa/core/http excepted) with ``ast``, so that
``import httpx``, ``from urllib import request``, ``importlib.import_module("requests")`` and the like are all seen.
"""

from __future__ import annotations

import ast
from pathlib import Path

import lantoa

PACKAGE = Path(lantoa.__file__).resolve().parent
HTTP_PACKAGE = PACKAGE / "core" / "http"
FORBIDDEN = ("httpx", "httpcore", "requests", "urllib.request", "http.client", "aiohttp", "urllib3", "pycurl")
# Library functions that download by themselves, outside the guard (trafilatura and feedparser fetch URLs through
# urllib3/urllib when given one): Lantoa fetches with lantoa.core.http and hands them the bytes.
FORBIDDEN_NAMES = {"trafilatura": {"fetch_url", "fetch_response"}, "trafilatura.downloads": {"*"}}
# Allowed exceptions, each with its reason. Paths are relative to the repository.
WHITELIST = {
    "lantoa/core/management/commands/up.py": (
        {"http.client"},
        "`lantoa up` polls its own /healthz on 127.0.0.1 while the server starts; nothing outside is contacted",
    ),
}


def _is_forbidden(module: str) -> str | None:
    for name in FORBIDDEN:
        if module == name or module.startswith(name + "."):
            return name
    return None


def forbidden_imports(source: str) -> list[tuple[int, str]]:
    """``(line, module)`` for each import of an HTTP client in ``source``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # ``from urllib import request`` imports urllib.request; ``from http import client``, http.client.
            modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for alias in node.names:
                banned = FORBIDDEN_NAMES.get(node.module, set())
                if "*" in banned or alias.name in banned:
                    found.append((node.lineno, f"{node.module}.{alias.name}"))
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            if name in {"import_module", "__import__"} and isinstance(node.args[0].value, str):
                modules = [node.args[0].value]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            banned = FORBIDDEN_NAMES.get(node.value.id, set())
            if node.attr in banned:
                found.append((node.lineno, f"{node.value.id}.{node.attr}"))
        for module in modules:
            banned_module = _is_forbidden(module)
            if banned_module:
                found.append((node.lineno, banned_module))
    return sorted(set(found))


def _scanned_files() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "tests" not in path.relative_to(PACKAGE).parts and not path.is_relative_to(HTTP_PACKAGE)
    ]


def test_it_finds_no_http_client_outside_lantoa_core_http() -> None:
    repository = PACKAGE.parent
    problems: list[str] = []
    files = _scanned_files()
    assert len(files) > 20  # the scan really walks the package
    for path in files:
        relative = path.relative_to(repository).as_posix()
        allowed, _reason = WHITELIST.get(relative, (set(), ""))
        for line, module in forbidden_imports(path.read_text(encoding="utf-8")):
            if module not in allowed:
                problems.append(f"{relative}:{line} uses {module}")
    assert not problems, "fetch through lantoa.core.http (the SSRF guard) instead:\n" + "\n".join(problems)


def test_it_keeps_the_whitelist_honest() -> None:
    # An entry whose file is gone or no longer needs the exception is removed, not left to cover something new.
    repository = PACKAGE.parent
    for relative, (modules, reason) in WHITELIST.items():
        path = repository / relative
        assert path.is_file(), relative
        assert reason
        assert modules <= {module for _line, module in forbidden_imports(path.read_text(encoding="utf-8"))}


def test_it_recognises_every_way_of_importing_a_client() -> None:
    source = """
import httpx
import urllib.request as fetcher
from urllib import request
from http import client
from http.client import HTTPSConnection
import requests.adapters
import importlib
importlib.import_module("aiohttp")
__import__("urllib3")
from trafilatura import fetch_url, extract
import trafilatura
trafilatura.fetch_url("https://example.com")
import urllib.parse
from http import HTTPStatus
from trafilatura import extract as extract_again
"""
    assert forbidden_imports(source) == [
        (2, "httpx"),
        (3, "urllib.request"),
        (4, "urllib.request"),
        (5, "http.client"),
        (6, "http.client"),
        (7, "requests"),
        (9, "aiohttp"),
        (10, "urllib3"),
        (11, "trafilatura.fetch_url"),
        (13, "trafilatura.fetch_url"),
    ]
