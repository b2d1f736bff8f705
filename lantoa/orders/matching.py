"""Which published item (found by monitoring) is the product a press agency says it delivered?

Candidates: items of the order's outlet published within the order's period (a week of grace after its end, for
late publication), whose folded title shares enough words with the delivered title, or that contain one of the
order's keywords. Accent-insensitive (``vntext.fold``): agencies write titles with and without tone marks. The
officer confirms the link; nothing is linked automatically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from lantoa.monitoring.models import Item
from lantoa.orders.models import Order
from lantoa.vntext.normalize import fold

GRACE_DAYS = 7
MIN_SHARE = 0.5  # at least half of the delivered title's words
MAX_CANDIDATES = 5
SCAN_LIMIT = 2000  # an outlet publishes a few hundred items a month; the scan stays bounded
_WORD = re.compile(r"[0-9a-z]+")
# Frequent words that make two unrelated titles look alike.
_STOPWORDS = frozenset("va cua cac cho voi tai trong la co duoc nguoi nhung mot ve den tu tinh thai nguyen".split())


@dataclass
class Candidate:
    item: Item
    score: float
    keyword: str = ""


def words(text: str) -> set[str]:
    return {word for word in _WORD.findall(fold(text)) if len(word) > 1 and word not in _STOPWORDS}


def keywords_of(order: Order) -> list[str]:
    return [fold(word).strip() for word in order.keywords.split(",") if fold(word).strip()]


def suggest_items(order: Order, title: str, exclude: set[int] | None = None) -> list[Candidate]:
    wanted = words(title)
    keywords = keywords_of(order)
    if not wanted and not keywords:
        return []
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(order.starts_on, time.min), zone)
    end = timezone.make_aware(datetime.combine(order.ends_on + timedelta(days=GRACE_DAYS), time.max), zone)
    rows = (
        Item.objects.filter(outlet_id=order.outlet_id, published_at__range=(start, end))
        .exclude(pk__in=exclude or ())
        .only("id", "title", "url", "published_at", "outlet_name")
        .order_by("-published_at", "-id")[:SCAN_LIMIT]
    )
    found = []
    for item in rows:
        folded = fold(item.title)
        share = len(wanted & words(item.title)) / len(wanted) if wanted else 0.0
        keyword = next((word for word in keywords if word in folded), "")
        if share >= MIN_SHARE or keyword:
            found.append(Candidate(item, round(share, 2), keyword))
    found.sort(key=lambda candidate: (-candidate.score, -candidate.item.pk))
    return found[:MAX_CANDIDATES]
