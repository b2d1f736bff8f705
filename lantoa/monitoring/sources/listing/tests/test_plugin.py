import json
import re
import unicodedata
from pathlib import Path

import pytest

from lantoa.monitoring.sources import get_kind
from lantoa.monitoring.sources.base import DiscoveryError
from lantoa.monitoring.sources.listing.plugin import KIND

HTML = "web/html"
# Category pages of meth04/tracking_news-mcp; expected.json holds what that repository's tests assert about them.
LISTING_PAGES = [
    "tracking_news-mcp/vnexpress_list.html",
    "tracking_news-mcp/tuoitre_list.html",
    "tracking_news-mcp/dantri_list.html",
    "tracking_news-mcp/baochinhphu_list.html",
    "tracking_news-mcp/vietnamnet_list.html",
    "tracking_news-mcp/nld_list.html",
    "tracking_news-mcp/cafef_list.html",
    "tracking_news-mcp/baodautu_list.html",
]
# Articles per page with the default selector and an article-id pattern: counted by hand on the saved pages.
ARTICLE_ID = r"\d{6,}\.(html?|chn)$"
ARTICLES = {
    "vnexpress_list.html": 50,
    "tuoitre_list.html": 15,
    "dantri_list.html": 49,
    "baochinhphu_list.html": 34,
    "vietnamnet_list.html": 31,
    "nld_list.html": 37,
    "cafef_list.html": 24,
    "baodautu_list.html": 26,
}


def discover(body: bytes | str, base_url: str = "https://baothainguyen.vn/xa-hoi", **options: str) -> list:
    data = body.encode() if isinstance(body, str) else body
    return list(KIND.discover(data, base_url, options))


def test_it_is_registered_under_its_code() -> None:
    assert get_kind("listing") is KIND
    assert KIND.code == "listing"
    assert KIND.needs_url is True
    assert str(KIND.label)


# --- real pages (../shared/data/web/html, see SOURCE.md and expected.json there) ------------------------------------


@pytest.mark.shared_data
@pytest.mark.parametrize("page", LISTING_PAGES)
def test_it_finds_the_articles_of_a_real_listing_page(shared_data: Path, page: str) -> None:
    expected = json.loads((shared_data / HTML / "expected.json").read_text(encoding="utf-8"))["listing_pages"][page]
    asserted, base_url = expected["asserted"], expected["base_url"]
    body = (shared_data / HTML / page).read_bytes()

    items = discover(body, base_url)

    urls = [item.url for item in items]
    assert len(urls) >= 15
    assert urls[0].startswith(asserted["first_url_startswith"])
    assert len(urls) == len(set(urls))  # "unique"
    assert not any("#" in url for url in urls)  # "no_fragment_urls"
    assert base_url not in urls  # "excludes_base_url"
    host = base_url.split("/")[2]
    assert all(url.split("/")[2] == host for url in urls)
    assert all(item.title and item.title == unicodedata.normalize("NFC", item.title) for item in items)
    # Only articles, once an article-id pattern is configured; it also gives expected.json's "all_end_with".
    articles = [item.url for item in discover(body, base_url, url_pattern=ARTICLE_ID)]
    assert len(articles) == ARTICLES[page.split("/")[1]]
    if "all_end_with" in asserted:
        assert all(url.endswith(asserted["all_end_with"]) for url in articles)


@pytest.mark.shared_data
def test_it_gives_the_headline_not_the_comment_count_for_a_link_repeated_with_a_fragment(shared_data: Path) -> None:
    body = (shared_data / HTML / "tracking_news-mcp/vnexpress_list.html").read_bytes()
    items = {item.url: item.title for item in discover(body, "https://vnexpress.net/kinh-doanh")}
    url = "https://vnexpress.net/cach-cac-nuoc-doi-pho-cu-soc-nang-luong-tu-trung-dong-5047363.html"
    assert items[url] == "Cách các nước đối phó cú sốc năng lượng từ Trung Đông"


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("page", "at_least"),
    [("dantri_home_2013.html", 20), ("dantri_home_2017.html", 30), ("dantri_home_2019.html", 35)],
)
def test_it_finds_the_articles_of_a_real_homepage(shared_data: Path, page: str, at_least: int) -> None:
    body = (shared_data / HTML / "homepages" / page).read_bytes()

    items = discover(body, "https://dantri.com.vn/", url_pattern=ARTICLE_ID)

    assert len(items) >= at_least
    # Pages of 2013–2019 link with http:// and to sub-domains: the same site all the same.
    assert all(re.match(r"https?://([a-z0-9-]+\.)?dantri\.com\.vn/", item.url) for item in items)
    assert all(item.title for item in items)


@pytest.mark.shared_data
def test_it_takes_a_selector_for_one_outlet(shared_data: Path) -> None:
    body = (shared_data / HTML / "tracking_news-mcp/baodautu_list.html").read_bytes()
    base_url = "https://baodautu.vn/tai-chinh-chung-khoan-d6/"

    selector = ".news_focus, .list_news_home, .news_top_box, .list_thumb_square"  # the origin repository's

    items = discover(body, base_url, selector=selector, url_pattern=r"-d\d+\.html$")

    assert len(items) == 26
    # A "most read" box links each article twice: first a picture with its rank ("1"), then the headline.
    assert all(len(item.title.split()) >= 3 for item in items)
    assert [item.url for item in items] == [item.url for item in discover(body, base_url, url_pattern=ARTICLE_ID)]
    # Without the pattern, the default selector also takes the section link of an article card.
    assert "https://baodautu.vn/dau-tu-tai-chinh-d6/" in [item.url for item in discover(body, base_url)]


# --- self-contained -------------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Xã hội</title></head><body>
<header><h2><a href="/xa-hoi">Xã hội</a></h2></header>
<article>
  <a href="/xa-hoi/phu-binh-khoi-cong-cau-moi-123.html"><img src="/a.jpg" alt="ảnh"></a>
  <h3><a href="/xa-hoi/phu-binh-khoi-cong-cau-moi-123.html">  Phú Bình:
      khởi công cầu mới </a></h3>
  <a href="/xa-hoi/phu-binh-khoi-cong-cau-moi-123.html#binh-luan">12</a>
</article>
<h3><a href="xa-hoi/dai-tu-456.html?utm=1#top">Đại Từ đón bằng công nhận</a></h3>
<h3><a href="#top">Lên đầu trang</a></h3>
<h3><a href="javascript:void(0)">Xem thêm</a></h3>
<h3><a href="mailto:toasoan@baothainguyen.vn">Liên hệ</a></h3>
<h3><a href="tel:02083855489">Gọi</a></h3>
<h3><a href="https://www.baothainguyen.vn/kinh-te/gia-che-789.html">Giá chè tăng</a></h3>
<h3><a href="https://m.baothainguyen.vn/the-thao/bong-da-1.html">Bóng đá</a></h3>
<h3><a href="https://vnexpress.net/bai-khac-999.html">Bài của báo khác</a></h3>
<h3><a href="https://baothainguyen.vn.evil.example/lua-dao.html">Trang giả</a></h3>
<h3><a>Không có href</a></h3>
<div class="tin-moi"><a href="/tin-moi/a-1.html" title="Tin mới A"><img src="/x.jpg"></a></div>
</body></html>"""


def test_it_keeps_same_site_links_once_with_their_headline() -> None:
    items = discover(PAGE)

    assert [(item.url, item.title) for item in items] == [
        ("https://baothainguyen.vn/xa-hoi/phu-binh-khoi-cong-cau-moi-123.html", "Phú Bình: khởi công cầu mới"),
        ("https://baothainguyen.vn/xa-hoi/dai-tu-456.html?utm=1", "Đại Từ đón bằng công nhận"),
        ("https://www.baothainguyen.vn/kinh-te/gia-che-789.html", "Giá chè tăng"),
        ("https://m.baothainguyen.vn/the-thao/bong-da-1.html", "Bóng đá"),
    ]
    # The page itself (/xa-hoi in the header), fragments, javascript:, mailto:, tel:, other sites: all dropped.
    assert {item.kind for item in items} == {"article"}


def test_it_keeps_other_sites_when_allowed() -> None:
    urls = [item.url for item in discover(PAGE, allow_other_sites="1")]
    assert "https://vnexpress.net/bai-khac-999.html" in urls
    assert "https://baothainguyen.vn.evil.example/lua-dao.html" in urls
    assert not any(url.startswith(("javascript:", "mailto:", "tel:")) for url in urls)


def test_it_takes_a_selector_of_links_or_of_their_containers() -> None:
    assert [(item.url, item.title) for item in discover(PAGE, selector=".tin-moi")] == [
        ("https://baothainguyen.vn/tin-moi/a-1.html", "Tin mới A")  # from the title attribute
    ]
    assert [item.url for item in discover(PAGE, selector="article a")] == [
        "https://baothainguyen.vn/xa-hoi/phu-binh-khoi-cong-cau-moi-123.html"
    ]


def test_it_filters_with_a_url_pattern() -> None:
    urls = [item.url for item in discover(PAGE, url_pattern=r"/xa-hoi/.+-\d+\.html")]
    assert urls == [
        "https://baothainguyen.vn/xa-hoi/phu-binh-khoi-cong-cau-moi-123.html",
        "https://baothainguyen.vn/xa-hoi/dai-tu-456.html?utm=1",
    ]


def test_it_counts_parent_domains_but_not_bare_suffixes_as_the_site() -> None:
    page = """<h3><a href="https://thainguyen.gov.vn/tin-1.html">Cổng tỉnh</a></h3>
    <h3><a href="https://gov.vn/x.html">Hậu tố</a></h3><h3><a href="https://bacninh.gov.vn/y.html">Tỉnh khác</a></h3>"""
    urls = [item.url for item in discover(page, "https://soyte.thainguyen.gov.vn/tin-tuc")]
    assert urls == ["https://thainguyen.gov.vn/tin-1.html"]


def test_it_follows_base_href() -> None:
    page = '<html><head><base href="https://baothainguyen.vn/tin/"></head><body><h3><a href="a-1.html">A</a></h3>'
    assert [item.url for item in discover(page, "https://baothainguyen.vn/")] == [
        "https://baothainguyen.vn/tin/a-1.html"
    ]


def test_it_gives_titles_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Thái Nguyên đổi mới")
    [item] = discover(f"<h3><a href='/a-1.html'>{decomposed}</a></h3>")
    assert item.title == "Thái Nguyên đổi mới"


def test_it_reads_a_page_in_a_legacy_charset_by_its_meta() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><h3><a href="/a">Café crème</a></h3></body></html>'
    [item] = discover(page.encode("windows-1252"))
    assert item.title == "Café crème"


def test_it_gives_nothing_for_a_page_without_links() -> None:
    assert discover("<html><body><p>Đang cập nhật</p></body></html>") == []


def test_it_refuses_an_empty_body() -> None:
    with pytest.raises(DiscoveryError, match="rỗng"):
        discover(b"  ")


def test_it_refuses_a_bad_selector() -> None:
    with pytest.raises(DiscoveryError, match="CSS"):
        discover(PAGE, selector="h3 >> a[")


def test_it_refuses_a_bad_url_pattern() -> None:
    with pytest.raises(DiscoveryError, match="url_pattern"):
        discover(PAGE, url_pattern="(unclosed")
