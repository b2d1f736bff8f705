"""SSRF guard: which addresses an outbound fetch may connect to.

Lantoa fetches URLs that come from outside (outlets' listings, feeds, redirects chosen by the remote server). Without
a guard, a URL or a redirect to ``http://169.254.169.254/`` or ``http://10.0.0.5/admin`` would make the platform
read its own cloud metadata or the province's intranet. The check is made on the addresses the host RESOLVES to, not
on its name (``intranet.example`` may resolve to 10.0.0.5; ``2130706433`` is 127.0.0.1), and the transport then
connects to exactly the address that was checked, so a DNS answer that changes between check and connect (DNS
rebinding) cannot slip a private address in.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence

from lantoa.core.http.errors import BlockedAddress, FetchConnectionError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: ``(host, port) -> addresses``; the default asks the system (getaddrinfo). Tests inject one to play DNS.
Resolver = Callable[[str, int], Sequence[str]]

# Checked before the generic categories so that the message says what an operator most needs to hear.
_METADATA = {
    ipaddress.ip_address("169.254.169.254"): "the cloud metadata service (link-local)",
    ipaddress.ip_address("fd00:ec2::254"): "the cloud metadata service (AWS IPv6)",
    ipaddress.ip_address("100.100.100.200"): "the cloud metadata service (Alibaba Cloud)",
}
_CARRIER_GRADE_NAT = ipaddress.ip_network("100.64.0.0/10")
_PRIVATE = (
    ipaddress.ip_network("10.0.0.0/8"),
    ipaddress.ip_network("172.16.0.0/12"),
    ipaddress.ip_network("192.168.0.0/16"),
    ipaddress.ip_network("fc00::/7"),
)
# NAT64 (RFC 6052) and 6to4 (RFC 3056) addresses carry an IPv4 address that is where the packets really go.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def blocked_reason(address: IPAddress) -> str | None:
    """Why ``address`` must not be contacted, or None for an ordinary public address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            address = ipaddress.IPv6Address(address.compressed.split("%", 1)[0])
        embedded = address.ipv4_mapped
        if embedded is not None:
            reason = blocked_reason(embedded)
            return None if reason is None else f"IPv4-mapped {reason}"
        if address in _NAT64:
            reason = blocked_reason(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
            return None if reason is None else f"NAT64-embedded {reason}"
        if address.sixtofour is not None:
            reason = blocked_reason(address.sixtofour)
            if reason is not None:
                return f"6to4-embedded {reason}"
    if address in _METADATA:
        return _METADATA[address]
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv4Address) and address in _CARRIER_GRADE_NAT:
        return "a carrier-grade NAT (shared) address"
    if any(address in network for network in _PRIVATE):
        return "a private-network address"
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return "a site-local address"
    if address.is_reserved:
        return "a reserved address"
    # Whatever else IANA lists as special-purpose (documentation, benchmarking, 192.0.0.0/24, Teredo, …).
    if not address.is_global:
        return "a special-purpose (non-public) address"
    return None


def normalize_host(host: str) -> str:
    """Comparable form of a host: lower case, no brackets or trailing dot, IDNA (punycode), canonical IP text."""
    text = host.strip().lower().removeprefix("[").removesuffix("]").rstrip(".")
    try:
        return ipaddress.ip_address(text).compressed
    except ValueError:
        pass
    try:
        return text.encode("idna").decode("ascii")
    except UnicodeError:
        return text


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host``, in its order, without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    addresses: list[str] = []
    for _family, _type, _proto, _canonname, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


class AddressGuard:
    """Resolves a host and returns the addresses it may be contacted on, refusing non-public ones.

    ``allow_hosts`` (setting ``FETCH_ALLOW_HOSTS``) names hosts, exactly as they appear in URLs, whose addresses
    are not checked: an intranet portal the operator wants monitored, the tests' own server on 127.0.0.1. It matches
    the URL's host only: allowing ``127.0.0.1`` does not allow a public name that resolves to 127.0.0.1.
    """

    def __init__(self, allow_hosts: Iterable[str] = (), resolver: Resolver | None = None) -> None:
        self.allow_hosts = frozenset(normalize_host(host) for host in allow_hosts if host.strip())
        self._resolver: Resolver = resolver or system_resolver

    @classmethod
    def from_settings(cls) -> AddressGuard:
        from django.conf import settings

        return cls(settings.FETCH_ALLOW_HOSTS)

    def is_allowed_host(self, host: str) -> bool:
        return normalize_host(host) in self.allow_hosts

    def check_literal(self, host: str, *, url: str = "") -> None:
        """Refuse an IP-literal host without any DNS query; names are left to ``resolve``."""
        if self.is_allowed_host(host):
            return
        try:
            address = ipaddress.ip_address(normalize_host(host))
        except ValueError:
            return
        reason = blocked_reason(address)
        if reason is not None:
            raise BlockedAddress(host, address.compressed, reason, url=url)

    def resolve(self, host: str, port: int, *, url: str = "") -> list[str]:
        """The addresses to connect to for ``host``; every one is checked, and one bad address refuses them all.

        All, not just the first: the transport tries the next address when one fails, so an attacker's DNS answer
        ``[public address that drops packets, 10.0.0.5]`` must not get through.
        """
        name = normalize_host(host)
        try:
            literal: IPAddress | None = ipaddress.ip_address(name)
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [literal.compressed]
        else:
            try:
                addresses = list(self._resolver(name, port))
            except (OSError, UnicodeError) as exc:
                raise FetchConnectionError(f"cannot resolve {host}: {exc}", url=url) from exc
            if not addresses:
                raise FetchConnectionError(f"cannot resolve {host}: no address", url=url)
        if name in self.allow_hosts:
            return addresses
        for text in addresses:
            try:
                address = ipaddress.ip_address(text)
            except ValueError:
                raise BlockedAddress(
                    host, text, "the resolver returned something that is not an address", url=url
                ) from None
            reason = blocked_reason(address)
            if reason is not None:
                raise BlockedAddress(host, address.compressed, reason, url=url)
        return addresses
