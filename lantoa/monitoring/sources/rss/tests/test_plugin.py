import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.etree
import pytest

from lantoa.monitoring.sources import get_kind
from lantoa.monitoring.sources.base import DiscoveryError
from lantoa.monitoring.sources.rss.plugin import KIND

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FEEDS = "web/feeds"


def discover(body: bytes, base_url: str = "https://vnexpress.net/rss/tin-moi-nhat.rss") -> list:
    return list(KIND.discover(body, base_url, {}))


def test_it_is_registered_under_its_code() -> None:
    assert get_kind("rss") is KIND
    assert KIND.code == "rss"
    assert KIND.needs_url is True
    assert str(KIND.label)


# --- real feeds (../shared/data/web/feeds, see SOURCE.md there) ---------------------------------------------------


@pytest.mark.shared_data
def test_it_reads_the_vnexpress_feed_of_2017(shared_data: Path) -> None:
    items = discover((shared_data / FEEDS / "vnexpress_tin-moi-nhat_2017-02-18_extracted.xml").read_bytes())

    assert len(items) == 25
    first = items[0]
    assert first.url == "http://vnexpress.net/tin-tuc/phap-luat/giang-kim-dat-bi-de-nghi-tu-hinh-3543450.html"
    assert first.external_id == first.url
    assert first.title == "Giang Kim Đạt bị đề nghị tử hình"
    assert first.lead.startswith("Đại diện cơ quan công tố cho rằng")
    assert first.published == datetime(2017, 2, 18, 15, 16, 55, tzinfo=VIETNAM)
    for item in items:
        # The teacher's copy has newlines inside <title> and <link>: they must not leak into the values.
        assert item.url.startswith("http://") and item.url.strip() == item.url
        assert item.title and "\n" not in item.title
        assert "<" not in item.lead and item.lead
        assert item.published.utcoffset() == VIETNAM.utcoffset(item.published)
        assert item.kind == "article"
    # Sub-domain sections of 2017 (kinhdoanh.vnexpress.net) come through as they are.
    assert any(item.url.startswith("http://kinhdoanh.vnexpress.net/") for item in items)


@pytest.mark.shared_data
def test_it_reads_the_feed_that_is_not_well_formed_xml(shared_data: Path) -> None:
    body = (shared_data / FEEDS / "vnexpress_the-gioi_2025-02-06_1item.xml").read_bytes()
    with pytest.raises(lxml.etree.XMLSyntaxError):  # the premise: a raw "&" in the <enclosure url>
        lxml.etree.fromstring(body)

    [item] = discover(body, "https://vnexpress.net/rss/the-gioi.rss")

    assert item.url == "https://vnexpress.net/israel-noi-got-my-roi-hoi-dong-nhan-quyen-lhq-4846612.html"
    assert item.title == "Israel nối gót Mỹ rời Hội đồng Nhân quyền LHQ"
    assert item.lead == (
        "Ngoại trưởng Israel cho biết nước này sẽ rút khỏi Hội đồng Nhân quyền Liên Hợp Quốc, "
        "hưởng ứng quyết định tương tự của Mỹ."
    )
    assert item.published == datetime(2025, 2, 6, 20, 30, 48, tzinfo=VIETNAM)
    assert "&h=0&q=100" in item.extra["image"]


@pytest.mark.shared_data
def test_it_refuses_an_html_page_from_the_shared_data(shared_data: Path) -> None:
    body = (shared_data / "web/html/tracking_news-mcp/vnexpress_list.html").read_bytes()
    with pytest.raises(DiscoveryError, match="HTML"):
        discover(body, "https://vnexpress.net/kinh-doanh")


# --- self-contained -------------------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Báo Thái Nguyên</title><link>https://baothainguyen.vn/</link>
<item>
  <title>Phú Bình: khởi công &amp;apos;cầu mới&amp;apos;</title>
  <link>/xa-hoi/phu-binh-khoi-cong-cau-moi-123.html</link>
  <guid isPermaLink="false">bai-123</guid>
  <description><![CDATA[<a href="/x"><img src="/a.jpg"></a></br>Sáng 6/2, <b>UBND</b> xã&nbsp;Phú Bình
    khởi công.]]></description>
  <content:encoded><![CDATA[<p>Đoạn một.</p><p>Đoạn <em>hai</em>.</p><script>alert(1)</script>]]></content:encoded>
  <dc:creator>Ngọc Hà</dc:creator>
  <category>Xã hội</category><category>Giao thông</category>
  <pubDate>Thu, 06 Feb 2025 13:30:48 GMT</pubDate>
</item>
<item>
  <title>Giờ không ghi múi</title>
  <link>https://baothainguyen.vn/b-2.html</link>
  <pubDate>Thu, 06 Feb 2025 20:30:48</pubDate>
</item>
<item><title>Không có liên kết</title><guid isPermaLink="false">chi-co-guid</guid></item>
<item></item>
</channel></rss>
"""


def test_it_turns_entries_into_items() -> None:
    first, naive, no_link = discover(RSS.encode(), "https://baothainguyen.vn/rss/xa-hoi.rss")

    assert first.url == "https://baothainguyen.vn/xa-hoi/phu-binh-khoi-cong-cau-moi-123.html"
    assert first.external_id == "bai-123"
    assert first.title == "Phú Bình: khởi công 'cầu mới'"  # the double escaping undone
    assert first.lead == "Sáng 6/2, UBND xã Phú Bình khởi công."
    assert first.text == "Đoạn một.\nĐoạn hai."
    assert first.author == "Ngọc Hà"
    assert first.extra["tags"] == "Xã hội, Giao thông"
    # GMT in the feed: the same instant, shown in Vietnam's zone.
    assert first.published == datetime(2025, 2, 6, 20, 30, 48, tzinfo=VIETNAM)
    assert first.published.tzinfo == VIETNAM
    # No zone in the feed: Vietnamese local time (feedparser alone would say UTC).
    assert naive.published == datetime(2025, 2, 6, 20, 30, 48, tzinfo=VIETNAM)
    assert no_link.url is None
    assert no_link.external_id == "chi-co-guid"


def test_it_reads_atom() -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>Sở Y tế</title>
    <entry>
      <title type="html">&lt;b&gt;Tiêm chủng&lt;/b&gt; mở rộng</title>
      <link rel="alternate" href="/tin/tiem-chung-123.html"/>
      <id>tag:soyte.example.vn,2025:123</id>
      <updated>2025-02-06T13:30:48Z</updated>
      <author><name>Phòng Truyền thông</name></author>
      <summary type="html">&lt;p&gt;Tóm tắt &lt;em&gt;ngắn&lt;/em&gt;&lt;/p&gt;</summary>
      <content type="html">&lt;p&gt;Đoạn một.&lt;/p&gt;&lt;p&gt;Đoạn hai.&lt;/p&gt;</content>
    </entry></feed>"""

    [item] = discover(atom.encode(), "https://soyte.example.vn/feed.atom")

    assert item.url == "https://soyte.example.vn/tin/tiem-chung-123.html"
    assert item.external_id == "tag:soyte.example.vn,2025:123"
    assert item.title == "Tiêm chủng mở rộng"
    assert item.lead == "Tóm tắt ngắn"
    assert item.text == "Đoạn một.\nĐoạn hai."
    assert item.author == "Phòng Truyền thông"
    assert item.published == datetime(2025, 2, 6, 20, 30, 48, tzinfo=VIETNAM)


def test_it_gives_nothing_for_a_valid_feed_without_entries() -> None:
    assert discover('<rss version="2.0"><channel><title>Trống</title></channel></rss>'.encode()) == []


def test_it_refuses_an_empty_body() -> None:
    with pytest.raises(DiscoveryError, match="rỗng"):
        discover(b"  \n")


def test_it_refuses_html() -> None:
    page = b"<!DOCTYPE html><html><head><title>Tin</title></head><body><h3><a href='/a'>A</a></h3></body></html>"
    with pytest.raises(DiscoveryError, match="HTML"):
        discover(page)


@pytest.mark.parametrize(
    "body",
    [
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item><title>Cut",
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>&bogus;</channel>",
        b"plain text, not a feed",
        b'{"json": true}',
    ],
)
def test_it_refuses_malformed_xml_without_entries_with_the_parsers_reason(body: bytes) -> None:
    with pytest.raises(DiscoveryError, match=r"<unknown>:\d+:\d+"):
        discover(body)


def test_it_does_not_expand_a_billion_laughs() -> None:
    levels = "\n".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    bomb = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol0 "lol">
{levels}
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>https://a.vn/x</link><description>&lol9;</description></item></channel></rss>"""

    started = time.monotonic()
    try:
        items = discover(bomb.encode())
    except DiscoveryError:
        items = []
    assert time.monotonic() - started < 5
    for item in items:
        assert len(item.title) < 100 and len(item.lead) < 100
        assert "lollollol" not in item.title + item.lead


def test_it_never_opens_the_body_as_a_file_name(tmp_path: Path) -> None:
    feed = tmp_path / "secret.xml"
    feed.write_text(RSS, encoding="utf-8")
    # feedparser.parse(b"/path") would read that file: the plug-in must hand it the bytes as a stream.
    with pytest.raises(DiscoveryError):
        discover(str(feed).encode())
