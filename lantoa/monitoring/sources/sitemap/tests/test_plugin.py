import gzip
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from lantoa.monitoring.sources import get_kind
from lantoa.monitoring.sources.base import DiscoveryError
from lantoa.monitoring.sources.sitemap.plugin import KIND

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = "https://baothainguyen.vn/sitemap.xml"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def discover(body: bytes | str, options: dict[str, str] | None = None, base_url: str = BASE) -> list:
    data = body.encode() if isinstance(body, str) else body
    return list(KIND.discover(data, base_url, options or {}))


def urlset(*urls: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {NS} {NEWS_NS}>{"".join(urls)}</urlset>'


def test_it_is_registered_under_its_code() -> None:
    assert get_kind("sitemap") is KIND
    assert KIND.code == "sitemap"
    assert KIND.needs_url is True
    assert str(KIND.label)


def test_it_reads_urls_and_lastmod() -> None:
    items = discover(
        urlset(
            "<url><loc>https://baothainguyen.vn/a-1.html</loc><lastmod>2025-02-06T13:30:48Z</lastmod></url>",
            "<url><loc> https://baothainguyen.vn/b-2.html </loc><lastmod>2025-02-06</lastmod></url>",
            "<url><loc>https://baothainguyen.vn/c-3.html</loc></url>",
        )
    )

    assert [item.url for item in items] == [
        "https://baothainguyen.vn/a-1.html",
        "https://baothainguyen.vn/b-2.html",
        "https://baothainguyen.vn/c-3.html",
    ]
    assert items[0].published == datetime(2025, 2, 6, 20, 30, 48, tzinfo=VIETNAM)
    assert items[0].published.tzinfo == VIETNAM
    assert items[0].extra["lastmod"] == "2025-02-06T20:30:48+07:00"
    assert items[1].published == datetime(2025, 2, 6, tzinfo=VIETNAM)  # a date alone: Vietnamese midnight
    assert items[2].published is None
    assert {item.kind for item in items} == {"article"}


def test_it_reads_a_google_news_sitemap() -> None:
    [item] = discover(
        urlset(
            """<url><loc>https://baothainguyen.vn/xa-hoi/khoi-cong-123.html</loc>
            <news:news>
              <news:publication>
                <news:name>Báo Thái Nguyên</news:name><news:language>vi</news:language>
              </news:publication>
              <news:publication_date>2025-02-06T20:30:48+07:00</news:publication_date>
              <news:title>Phú Bình: khởi công cầu   mới &amp; đường</news:title>
              <news:keywords>Phú Bình, giao thông</news:keywords>
            </news:news>
            <lastmod>2025-02-07T08:00:00+07:00</lastmod></url>"""
        )
    )

    assert item.url == "https://baothainguyen.vn/xa-hoi/khoi-cong-123.html"
    assert item.title == "Phú Bình: khởi công cầu mới & đường"
    assert item.published == datetime(2025, 2, 6, 20, 30, 48, tzinfo=VIETNAM)  # publication, not modification
    assert item.extra == {
        "publication": "Báo Thái Nguyên",
        "language": "vi",
        "keywords": "Phú Bình, giao thông",
        "lastmod": "2025-02-07T08:00:00+07:00",
    }


def test_it_gives_the_sitemaps_of_an_index_for_the_caller_to_fetch() -> None:
    index = f"""<?xml version="1.0"?><sitemapindex {NS}>
      <sitemap><loc>https://baothainguyen.vn/sitemaps/2025-02.xml</loc><lastmod>2025-02-06</lastmod></sitemap>
      <sitemap><loc>/sitemaps/news.xml.gz</loc></sitemap>
    </sitemapindex>"""

    items = discover(index)

    assert [(item.url, item.kind) for item in items] == [
        ("https://baothainguyen.vn/sitemaps/2025-02.xml", "sitemap"),
        ("https://baothainguyen.vn/sitemaps/news.xml.gz", "sitemap"),
    ]
    assert items[0].published == datetime(2025, 2, 6, tzinfo=VIETNAM)


def test_it_skips_old_urls_and_sitemaps_with_max_age_days() -> None:
    now = datetime.now(VIETNAM)
    recent, old = (now - timedelta(days=1)).isoformat(), (now - timedelta(days=30)).isoformat()
    body = urlset(
        f"<url><loc>https://a.vn/recent</loc><lastmod>{recent}</lastmod></url>",
        f"<url><loc>https://a.vn/old</loc><lastmod>{old}</lastmod></url>",
        f"<url><loc>https://a.vn/old-but-news</loc><lastmod>{old}</lastmod>"
        f"<news:news><news:publication_date>{recent}</news:publication_date><news:title>T</news:title></news:news>"
        "</url>",
        "<url><loc>https://a.vn/undated</loc></url>",
    )
    index = f"""<sitemapindex {NS}><sitemap><loc>https://a.vn/s1.xml</loc><lastmod>{old}</lastmod></sitemap>
        <sitemap><loc>https://a.vn/s2.xml</loc><lastmod>{recent}</lastmod></sitemap></sitemapindex>"""

    assert [item.url for item in discover(body, {"max_age_days": "7"})] == [
        "https://a.vn/recent",
        "https://a.vn/old-but-news",
        "https://a.vn/undated",
    ]
    assert len(discover(body, {"max_age_days": ""})) == 4
    assert len(discover(body, {"max_age_days": "99999999999"})) == 4
    assert [item.url for item in discover(index, {"max_age_days": "7"})] == ["https://a.vn/s2.xml"]


@pytest.mark.parametrize("value", ["bảy", "-1", "1.5"])
def test_it_refuses_a_bad_max_age_days(value: str) -> None:
    with pytest.raises(DiscoveryError, match="max_age_days"):
        discover(urlset(), {"max_age_days": value})


def test_it_reads_a_gzipped_sitemap() -> None:
    body = gzip.compress(urlset("<url><loc>https://a.vn/x.html</loc></url>").encode())
    assert [item.url for item in discover(body)] == ["https://a.vn/x.html"]


def test_it_refuses_a_damaged_gzip() -> None:
    body = gzip.compress(urlset("<url><loc>https://a.vn/x.html</loc></url>").encode())
    with pytest.raises(DiscoveryError, match="gzip"):
        discover(body[:12] + b"\x00" * 40)


def test_it_tolerates_a_sitemap_without_namespace_and_keeps_urls_with_a_raw_ampersand() -> None:
    body = "<urlset><url><loc>https://a.vn/tim?q=1&page=2</loc></url><url><loc>https://a.vn/b</loc></url></urlset>"
    assert [item.url for item in discover(body)] == ["https://a.vn/tim?q=1&page=2", "https://a.vn/b"]


def test_it_drops_duplicates_and_what_is_not_a_web_address() -> None:
    body = urlset(
        "<url><loc>https://a.vn/x</loc></url>",
        "<url><loc>https://a.vn/x</loc></url>",
        "<url><loc>javascript:alert(1)</loc></url>",
        "<url><loc>mailto:toasoan@a.vn</loc></url>",
        "<url><loc></loc></url>",
        "<url></url>",
    )
    assert [item.url for item in discover(body)] == ["https://a.vn/x"]


def test_it_refuses_malformed_xml_with_the_parsers_reason() -> None:
    with pytest.raises(DiscoveryError, match="XML") as raised:
        discover(f"<urlset {NS}><url><loc>https://a.vn/x</loc></urlset>")
    assert "mismatch" in str(raised.value)


def test_it_refuses_an_empty_body() -> None:
    with pytest.raises(DiscoveryError, match="rỗng"):
        discover(b"")
    with pytest.raises(DiscoveryError, match="rỗng"):
        discover(b" \r\n ")


def test_it_refuses_a_document_that_is_not_a_sitemap() -> None:
    with pytest.raises(DiscoveryError, match="<rss>"):
        discover('<rss version="2.0"><channel><title>T</title></channel></rss>')
    with pytest.raises(DiscoveryError):
        discover("<!DOCTYPE html><html><body><p>Xin chào</body></html>")


def test_it_refuses_a_billion_laughs_without_expanding_it() -> None:
    levels = "\n".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    bomb = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY lol0 "lol">
{levels}
]>
<urlset {NS}><url><loc>https://a.vn/&lol9;</loc></url></urlset>"""

    started = time.monotonic()
    with pytest.raises(DiscoveryError, match=r"(?i)entity"):  # ours, or libxml2's amplification guard
        discover(bomb)
    assert time.monotonic() - started < 2


def test_it_refuses_an_external_entity(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("mat-khau", encoding="utf-8")
    body = f"""<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>
        <urlset {NS}><url><loc>https://a.vn/&xxe;</loc></url></urlset>"""

    with pytest.raises(DiscoveryError) as raised:
        discover(body)
    assert "mat-khau" not in str(raised.value)


def test_it_refuses_a_decompression_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lantoa.monitoring.sources.sitemap.plugin.MAX_BYTES", 1000)
    body = gzip.compress(urlset(*["<url><loc>https://a.vn/x</loc></url>"] * 100).encode())
    with pytest.raises(DiscoveryError, match="MB"):
        discover(body)


@pytest.mark.shared_data
def test_it_refuses_a_real_rss_feed(shared_data: Path) -> None:
    body = (shared_data / "web/feeds/vnexpress_tin-moi-nhat_2017-02-18_extracted.xml").read_bytes()
    with pytest.raises(DiscoveryError, match="<rss>"):
        discover(body, base_url="https://vnexpress.net/rss/tin-moi-nhat.rss")
