"""Items built directly (no pipeline): the trends only read stored items."""

from __future__ import annotations

from datetime import datetime
from itertools import count
from zoneinfo import ZoneInfo

from lantoa.monitoring.models import Item, ItemPlace, ItemStatus, Source, SourceKind, Story
from lantoa.org.models import Outlet
from lantoa.testing.factories import HOSTILE

VN = ZoneInfo("Asia/Ho_Chi_Minh")
_keys = count()


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VN)  # type: ignore[misc]


def source() -> Source:
    found, _ = Source.objects.get_or_create(name="Nguồn thử", kind=SourceKind.FILE, url="")
    return found


def make_item(
    published_at: datetime | None,
    *,
    title: str = f"Tin thử {HOSTILE}",
    lead: str = "",
    polarity: str = "neu",
    sector: str = "economy",
    relevant: bool = True,
    units: tuple[str, ...] = (),
    outlet: Outlet | None = None,
    outlet_name: str = "",
    story: Story | None = None,
    ingested_at: datetime | None = None,
    status: str = ItemStatus.STORED,
) -> Item:
    item = Item.objects.create(
        source=source(), key=f"k{next(_keys)}", title=title, lead=lead, published_at=published_at,
        ingested_at=ingested_at or published_at or local(2026, 1, 1), polarity=polarity, sector=sector,
        relevant=relevant, outlet=outlet, outlet_name=outlet_name, story=story, status=status,
    )  # fmt: skip
    for code in units:
        ItemPlace.objects.create(item=item, unit_code=code, mention_kind="xa", mention_code=code, mention_name=code)
    return item
