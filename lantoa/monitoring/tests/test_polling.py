"""Polling sources against a real local HTTP server: feed → articles → items; failures back off and flag."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from lantoa.core.http import HostThrottle, RobotsCache
from lantoa.monitoring import polling
from lantoa.monitoring.models import Item, ItemStatus, Quarantine, Source, SourceKind
from lantoa.monitoring.tests.test_pipeline import BODY

pytestmark = pytest.mark.django_db

ARTICLE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2025-08-15T09:00:00+07:00"></head>
<body><article><h1>{title}</h1><h2 class="sapo">Hội nghị sơ kết nông thôn mới của tỉnh.</h2>
<div class="detail-content" itemprop="articleBody">{paragraphs}<script>alert(1)</script></div>
</article></body></html>"""


def feed(entries: list[tuple[str, str]], base: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        "<pubDate>Fri, 15 Aug 2025 02:00:00 GMT</pubDate></item>"
        for path, title in entries
    )
    head = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin</title>'
    return f"{head}{items}</channel></rss>".encode()


class Site:
    """What the local server answers: path -> (status, content type, body); counts the hits."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str, bytes]] = {}
        self.hits: dict[str, int] = {}
        self.etag = '"v1"'


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.hits[self.path] = state.hits.get(self.path, 0) + 1
            if self.path == "/feed.rss" and self.headers.get("If-None-Match") == state.etag:
                self.send_response(304)
                self.end_headers()
                return
            status, content_type, body = state.pages.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if self.path == "/feed.rss":
                self.send_header("ETag", state.etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def local_fetching(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.FETCH_ALLOW_HOSTS = ["127.0.0.1"]
    monkeypatch.setattr(polling, "throttle", HostThrottle(0))
    monkeypatch.setattr(polling, "robots", RobotsCache())


def make_source(url: str, kind: str = SourceKind.RSS) -> Source:
    return Source.objects.create(name="Báo thử", kind=kind, url=url, poll_minutes=10)


def test_it_polls_a_feed_fetches_articles_and_skips_them_next_time(site: tuple[Site, str]) -> None:
    state, base = site
    paragraphs = "".join(f"<p>{sentence.strip()}.</p>" for sentence in BODY.split(".") if sentence.strip())
    entries = [("/a1.html", "Thái Nguyên sơ kết"), ("/a2.html", "Lỗi")]
    state.pages["/feed.rss"] = (200, "application/rss+xml", feed(entries, base))
    page = ARTICLE.format(title="Thái Nguyên sơ kết nông thôn mới", paragraphs=paragraphs)
    state.pages["/a1.html"] = (200, "text/html; charset=utf-8", page.encode())
    state.pages["/a2.html"] = (500, "text/plain", b"boom")
    source = make_source(f"{base}/feed.rss")

    result = polling.poll(source)
    assert result.error == ""
    assert result.counts.new == 1
    item = Item.objects.get()
    assert item.url == f"{base}/a1.html"
    assert item.relevant and item.status == ItemStatus.STORED
    assert "alert" not in item.body and "Phú Bình" in item.body
    assert "<p>" in item.html and "<script" not in item.html
    assert item.published_at is not None
    source.refresh_from_db()
    assert source.last_success_at is not None and source.etag == '"v1"'
    assert Quarantine.objects.get(stage="fetch", payload=f"{base}/a2.html").attempts == 1

    # Unchanged feed: a 304, nothing fetched again.
    again = polling.poll(Source.objects.get(pk=source.pk))
    assert again.not_modified
    assert state.hits["/a1.html"] == 1
    # A changed feed lists a1 again: recognised by its key, not fetched, not doubled.
    state.etag = '"v2"'
    polling.poll(Source.objects.get(pk=source.pk))
    assert state.hits["/a1.html"] == 1
    assert Item.objects.count() == 1
    assert Quarantine.objects.get(stage="fetch", payload=f"{base}/a2.html").attempts == 2


@pytest.mark.parametrize(
    ("path", "status", "body", "problem"),
    [
        ("/broken.rss", 200, b"<rss><channel><item><title>x</ti", ""),
        ("/empty.rss", 200, b"", ""),
        ("/html.rss", 200, b"<html><body>Not a feed</body></html>", ""),
        ("/missing.rss", 404, b"", "HTTP 404"),
    ],
)
def test_a_bad_feed_is_an_error_on_the_source(
    site: tuple[Site, str], path: str, status: int, body: bytes, problem: str
) -> None:
    state, base = site
    state.pages[path] = (status, "application/rss+xml", body)
    source = make_source(f"{base}{path}")
    kept = Item.objects.create(source=source, key="id:earlier", title="Tin đã lưu", status=ItemStatus.STORED)
    result = polling.poll(source)
    assert result.error
    assert problem in result.error
    source.refresh_from_db()
    assert source.consecutive_failures == 1 and source.last_error
    assert source.next_poll_at is not None and source.next_poll_at > timezone.now()
    # Nothing already stored is touched.
    assert list(Item.objects.values_list("pk", "title", "status")) == [(kept.pk, "Tin đã lưu", ItemStatus.STORED)]


def test_private_addresses_are_refused_and_repeated_failures_flag_the_source() -> None:
    for url in ("http://10.0.0.1/feed.rss", "http://169.254.169.254/latest/meta-data/"):
        source = make_source(url)
        for _ in range(polling.FLAG_AFTER_FAILURES):
            polling.poll(Source.objects.get(pk=source.pk))
        source.refresh_from_db()
        assert source.flagged
        assert source.consecutive_failures == polling.FLAG_AFTER_FAILURES
        assert "10.0.0.1" in source.last_error or "169.254.169.254" in source.last_error
        # Backed off, not dropped: it is still active, with a later next poll.
        assert source.is_active and source.next_poll_at is not None


def test_a_source_pointing_at_this_machine_is_refused_unless_allowed(settings: Any, site: tuple[Site, str]) -> None:
    state, base = site
    state.pages["/feed.rss"] = (200, "application/rss+xml", feed([], base))
    settings.FETCH_ALLOW_HOSTS = []
    source = make_source(f"{base}/feed.rss")
    result = polling.poll(source)
    assert "127.0.0.1" in result.error
    assert state.hits.get("/feed.rss") is None


def test_the_scheduler_polls_due_sources_once(site: tuple[Site, str], settings: Any) -> None:
    from lantoa.monitoring.tasks import schedule_due_sources

    settings.MONITORING_POLLING = True
    state, base = site
    state.pages["/feed.rss"] = (200, "application/rss+xml", feed([], base))
    due = make_source(f"{base}/feed.rss")
    make_source(f"{base}/paused.rss").__class__.objects.filter(url=f"{base}/paused.rss").update(is_active=False)
    Source.objects.create(name="Tệp", kind=SourceKind.FILE, url="", is_active=True)
    # The queue runs tasks immediately in tests (LANTOA_HUEY_IMMEDIATE): the poll happens inside this call.
    assert schedule_due_sources.call_local() == 1
    due.refresh_from_db()
    assert due.last_success_at is not None and due.next_poll_at is not None and due.next_poll_at > timezone.now()
    assert state.hits["/feed.rss"] == 1
    assert schedule_due_sources.call_local() == 0  # not due again before its interval
    settings.MONITORING_POLLING = False
    Source.objects.update(next_poll_at=None)
    assert schedule_due_sources.call_local() == 0  # switched off: nothing polled


def test_an_unreachable_robots_txt_is_reported_as_such_not_as_a_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    from lantoa.core.http import FetchError, FetchTimeout

    def hangs(url: str) -> object:
        raise FetchTimeout(f"no answer within 20 s ({url})", url=url)

    monkeypatch.setattr(polling, "robots", RobotsCache(fetcher=hangs))
    with pytest.raises(FetchError, match=r"robots.txt of news.test unreachable \(FetchTimeout"):
        polling.polite_fetch("https://news.test/tin-moi")
