"""Polling a source: fetch its document (conditional GET, politely), discover items, fetch and extract the
articles that are new, and send them through the pipeline. Failures back the source off and, when repeated, flag
it for a person — a source is never dropped silently.

Resumable without bookkeeping rows: the source's validators (ETag, Last-Modified) are saved only after every
discovered item has been stored or quarantined, so a worker killed half-way sees the same entries next time, and
the items already stored are recognised by their key.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lantoa.core.http import FetchError, FetchResult, HostThrottle, RobotsCache, fetch
from lantoa.monitoring.analysis import Record, analyse
from lantoa.monitoring.extract import ExtractionError, extract_article
from lantoa.monitoring.ingest import record_from
from lantoa.monitoring.models import Quarantine, Source
from lantoa.monitoring.sources import get_kind
from lantoa.monitoring.sources.base import Discovered, DiscoveryError, SourceKind
from lantoa.monitoring.store import BatchCounts, existing_keys, outlet_lookup, store_batch
from lantoa.org.gazetteer import entries_from_registry, other_province_names
from lantoa.vntext.places import Gazetteer

logger = logging.getLogger(__name__)

MAX_ITEMS_PER_POLL = 200
MAX_CHILD_SITEMAPS = 5
QUARANTINE_AFTER_ATTEMPTS = 3
FLAG_AFTER_FAILURES = 5
MAX_BACKOFF = timedelta(hours=24)
STORE_CHUNK = 20

# Per worker process: robots.txt answers and the last request time per host.
robots = RobotsCache()
throttle = HostThrottle()


@dataclass
class PollResult:
    discovered: int = 0
    skipped: int = 0
    counts: BatchCounts = field(default_factory=BatchCounts)
    quarantined: int = 0
    error: str = ""
    not_modified: bool = False


def polite_fetch(url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
    """Fetch respecting robots.txt and the per-host minimum interval (waits in this worker thread)."""
    if not robots.allowed(url):
        entry = robots.entry(url)
        if entry.verdict == "disallow-all":
            # RFC 9309: an unreachable robots.txt (5xx, no answer) means "disallow all" until retried; say why, so
            # that an officer sees a network problem, not a publisher's refusal.
            raise FetchError(f"robots.txt of {urlsplit(url).hostname} unreachable ({entry.reason}); retried later")
        raise FetchError(f"robots.txt of {urlsplit(url).hostname} disallows {url}")
    host = urlsplit(url).hostname or ""
    delay = robots.crawl_delay(url)
    if delay:
        throttle.set_interval(host, min(float(delay), 60.0))
    throttle.wait(host)
    return fetch(url, etag=etag, last_modified=last_modified)


def poll(source: Source) -> PollResult:
    result = PollResult()
    now = timezone.now()
    Source.objects.filter(pk=source.pk).update(last_polled_at=now)
    try:
        kind = get_kind(source.kind)
        fetched = polite_fetch(source.url, etag=source.etag or None, last_modified=source.last_modified or None)
        if fetched.not_modified:
            result.not_modified = True
            _record_success(source, source.etag, source.last_modified)
            return result
        if not 200 <= fetched.status < 300:
            raise FetchError(f"HTTP {fetched.status} from {source.url}")
        options = {str(k): str(v) for k, v in (source.options or {}).items()}
        found = list(kind.discover(fetched.body, fetched.final_url, options))
        found = _expand_sitemaps(kind, found, options)
    except (FetchError, DiscoveryError, LookupError) as exc:
        _record_failure(source, str(exc))
        result.error = str(exc)
        return result
    result.discovered = len(found)
    _process(source, found[:MAX_ITEMS_PER_POLL], result)
    _record_success(source, fetched.etag or "", fetched.last_modified or "")
    return result


def _expand_sitemaps(kind: SourceKind, found: list[Discovered], options: dict[str, str]) -> list[Discovered]:
    """A sitemap index lists sitemaps: read the first few of them."""
    children = [item for item in found if item.kind == "sitemap" and item.url]
    if not children:
        return found
    expanded = [item for item in found if item.kind != "sitemap"]
    for child in children[:MAX_CHILD_SITEMAPS]:
        try:
            page = polite_fetch(child.url or "")
            expanded.extend(kind.discover(page.body, page.final_url, options))
        except (FetchError, DiscoveryError) as exc:
            logger.warning("sitemap %s: %s", child.url, exc)
    return expanded


def _process(source: Source, found: list[Discovered], result: PollResult) -> None:
    records = [record_from(item) for item in found]
    known = existing_keys(source, [record.key for record in records])
    gazetteer = Gazetteer(entries_from_registry(settings.PROVINCE_CODE), other_province_names(settings.PROVINCE_CODE))
    outlets = outlet_lookup()
    pairs = []
    for item, record in zip(found, records, strict=True):
        if record.key in known:
            result.skipped += 1
            continue
        try:
            complete = record if record.body else _fetch_article(item, record)
        except (FetchError, ExtractionError) as exc:
            result.quarantined += _quarantine(source, record.key, "fetch" if isinstance(exc, FetchError) else "extract",
                                              str(exc), item.url or "")  # fmt: skip
            continue
        pairs.append((complete, analyse(complete, gazetteer)))
        if len(pairs) >= STORE_CHUNK:
            result.counts.add(store_batch(source, pairs, outlets))
            pairs = []
    if pairs:
        result.counts.add(store_batch(source, pairs, outlets))


def _fetch_article(item: Discovered, record: Record) -> Record:
    page = polite_fetch(item.url or "")
    if not 200 <= page.status < 300:
        raise FetchError(f"HTTP {page.status} from {item.url}")
    decoded = page.text()
    article = extract_article(decoded.text, page.final_url, feed_published=item.published)
    record.title = record.title or article.title
    record.lead = record.lead or article.lead
    record.body = article.body
    record.html = article.html
    record.author = record.author or article.author
    record.published = article.published or record.published
    return record


def _quarantine(source: Source, key: str, stage: str, reason: str, payload: str) -> int:
    """Count a failed attempt; after QUARANTINE_AFTER_ATTEMPTS the item stops being retried. Returns 1 when the
    item is now quarantined for good."""
    with transaction.atomic():
        row, created = Quarantine.objects.get_or_create(
            source=source, key=key, stage=stage, defaults={"reason": reason, "payload": payload[:2000]}
        )
        if not created:
            Quarantine.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1, reason=reason)
            row.attempts += 1
    return 1 if row.attempts >= QUARANTINE_AFTER_ATTEMPTS else 0


def _record_success(source: Source, etag: str, last_modified: str) -> None:
    now = timezone.now()
    Source.objects.filter(pk=source.pk).update(
        etag=etag[:300], last_modified=last_modified[:100], last_success_at=now, consecutive_failures=0,
        flagged=False, next_poll_at=now + timedelta(minutes=max(1, source.poll_minutes)),
    )  # fmt: skip


def _record_failure(source: Source, error: str) -> None:
    now = timezone.now()
    failures = source.consecutive_failures + 1
    backoff = min(timedelta(minutes=max(1, source.poll_minutes)) * (2 ** min(failures, 10)), MAX_BACKOFF)
    Source.objects.filter(pk=source.pk).update(
        last_error=error[:2000], last_error_at=now, consecutive_failures=failures,
        flagged=failures >= FLAG_AFTER_FAILURES, next_poll_at=now + backoff,
    )  # fmt: skip
    logger.warning("source %s failed (%d in a row): %s", source.pk, failures, error)
