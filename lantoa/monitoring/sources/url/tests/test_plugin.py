import pytest

from lantoa.monitoring import sources
from lantoa.monitoring.sources import (
    KINDS,
    SourceKindMismatchError,
    UnknownSourceKindError,
    get_kind,
    kind_choices,
)
from lantoa.monitoring.sources.base import Discovered, DiscoveryError
from lantoa.monitoring.sources.url.plugin import KIND


def test_it_is_registered_under_its_code() -> None:
    assert get_kind("url") is KIND
    assert KIND.code == "url"
    assert KIND.needs_url is True
    assert str(KIND.label)


def test_it_yields_exactly_the_url_itself() -> None:
    url = "https://thainguyen.gov.vn/tin-tuc/thong-bao-so-12-2025.html"
    assert list(KIND.discover(b"<html>anything</html>", url, {})) == [Discovered(url=url)]
    assert list(KIND.discover(b"", url, {})) == [Discovered(url=url)]  # the body is not read


@pytest.mark.parametrize("url", ["", "thainguyen.gov.vn/a", "ftp://thainguyen.gov.vn/a", "javascript:alert(1)"])
def test_it_refuses_what_is_not_a_web_address(url: str) -> None:
    with pytest.raises(DiscoveryError, match="URL"):
        list(KIND.discover(b"", url, {}))


# The registry (sources/__init__.py) is tested here, with the smallest kind.


def test_it_imports_every_registered_kind_under_its_own_code() -> None:
    for code in KINDS:
        kind = get_kind(code)
        assert kind.code == code
        assert isinstance(kind.needs_url, bool)
        assert callable(kind.discover)
    assert [code for code, _label in kind_choices()] == list(KINDS)
    assert all(str(label) for _code, label in kind_choices())


def test_it_names_the_known_kinds_for_an_unknown_code() -> None:
    with pytest.raises(UnknownSourceKindError, match=r"'twitter'.*file, listing, rss, sitemap, url"):
        get_kind("twitter")
    assert issubclass(UnknownSourceKindError, LookupError)


def test_it_refuses_a_copied_plugin_whose_code_was_not_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sources.KINDS, "copy", "lantoa.monitoring.sources.url.plugin.KIND")
    get_kind.cache_clear()
    try:
        with pytest.raises(SourceKindMismatchError, match="'url'"):
            get_kind("copy")
    finally:
        get_kind.cache_clear()
