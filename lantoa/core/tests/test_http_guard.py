"""The SSRF guard's address rules, without any network."""

from __future__ import annotations

import ipaddress
import socket

import httpx
import pytest

from lantoa.core.http import AddressGuard, BlockedAddress, blocked_reason
from lantoa.core.http.errors import FetchConnectionError
from lantoa.core.http.guard import normalize_host


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private-network"),
        ("172.16.5.4", "private-network"),
        ("172.31.255.255", "private-network"),
        ("192.168.1.1", "private-network"),
        ("fc00::1", "private-network"),
        ("fd12:3456::1", "private-network"),
        ("169.254.169.254", "cloud metadata service"),
        ("fd00:ec2::254", "cloud metadata service"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 - an address to refuse, not to bind
        ("::", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("ff02::1", "multicast"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("100.127.255.254", "carrier-grade NAT"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("fec0::1", "site-local"),
        ("192.0.2.10", "special-purpose"),  # documentation
        ("198.18.0.1", "special-purpose"),  # benchmarking
        ("::ffff:127.0.0.1", "IPv4-mapped a loopback"),
        ("::ffff:10.0.0.1", "IPv4-mapped a private-network"),
        ("::ffff:169.254.169.254", "IPv4-mapped the cloud metadata"),
        ("64:ff9b::a00:1", "NAT64-embedded a private-network"),
        ("2002:a00:1::1", "6to4-embedded a private-network"),
        ("2001::1", "special-purpose"),  # Teredo
        ("::10.0.0.1", "reserved"),  # deprecated IPv4-compatible
    ],
)
def test_it_names_why_an_address_is_refused(address: str, reason: str) -> None:
    found = blocked_reason(ipaddress.ip_address(address))
    assert found is not None
    assert reason in found


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "1.1.1.1", "203.162.4.190", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"],
)
def test_it_lets_public_addresses_through(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


def test_it_normalizes_hosts_for_the_allow_list() -> None:
    assert normalize_host(" Example.COM. ") == "example.com"
    assert normalize_host("[::1]") == "::1"
    assert normalize_host("0:0:0:0:0:0:0:1") == "::1"
    # An allow-list entry written in Vietnamese matches the punycode host the transport is given.
    assert normalize_host("BáoThaiNguyên.VN") == httpx.URL("http://báothainguyên.vn/").raw_host.decode()


def test_it_allows_listed_hosts_by_name_not_by_address() -> None:
    guard = AddressGuard(["127.0.0.1", " Intranet.Local ", ""], resolver=lambda host, port: ["10.1.2.3"])
    assert guard.resolve("127.0.0.1", 80) == ["127.0.0.1"]
    assert guard.resolve("intranet.local", 80) == ["10.1.2.3"]
    guard.check_literal("127.0.0.1")  # allowed: no exception
    # Allowing 127.0.0.1 does not allow a name that happens to resolve there.
    sneaky = AddressGuard(["127.0.0.1"], resolver=lambda host, port: ["127.0.0.1"])
    with pytest.raises(BlockedAddress, match=r"refused to contact sneaky\.example \(127\.0\.0\.1\): a loopback"):
        sneaky.resolve("sneaky.example", 80)


def test_it_reports_resolution_failures_and_nonsense_answers() -> None:
    def fails(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(FetchConnectionError, match=r"cannot resolve nowhere\.example"):
        AddressGuard(resolver=fails).resolve("nowhere.example", 443)
    with pytest.raises(FetchConnectionError, match="no address"):
        AddressGuard(resolver=lambda host, port: []).resolve("empty.example", 443)
    with pytest.raises(BlockedAddress, match="not an address"):
        AddressGuard(resolver=lambda host, port: ["not-an-ip"]).resolve("odd.example", 443)


def test_it_reads_the_allow_list_from_settings(settings: object) -> None:
    settings.FETCH_ALLOW_HOSTS = ["portal.thainguyen.gov.vn"]  # type: ignore[attr-defined]
    assert AddressGuard.from_settings().allow_hosts == frozenset({"portal.thainguyen.gov.vn"})
