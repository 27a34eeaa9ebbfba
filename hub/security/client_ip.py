"""The client's IP address, as django-axes counts login failures by it.

`X-Forwarded-For` can be written by anyone, so it is believed only when the connection
comes from one of our own reverse proxies (`settings.MAILLAGE_TRUSTED_PROXIES`). It is then
read from right to left, skipping our proxies: the first other address is the one that
connected to our outermost proxy. Addresses further left were written by the client and
are never used.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(values: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)


def trusted_proxy_networks() -> tuple[IPNetwork, ...]:
    return _networks(tuple(getattr(settings, "MAILLAGE_TRUSTED_PROXIES", None) or ()))


def parse_address(value: str | None) -> IPAddress | None:
    """An IP address from a header or REMOTE_ADDR entry, or None if it is not one.

    Accepts the forms proxies write: `203.0.113.7`, `203.0.113.7:51234`, `2001:db8::1`,
    `[2001:db8::1]:443`. An IPv4-mapped IPv6 address is given as IPv4."""
    if not value:
        return None
    candidate = value.strip()
    if candidate.startswith("[") and "]" in candidate:
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:
        candidate = candidate.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request) -> str | None:
    """The address to count failures against (django-axes' AXES_CLIENT_IP_CALLABLE)."""
    remote = parse_address(request.META.get("REMOTE_ADDR"))
    if remote is None:
        return None
    networks = trusted_proxy_networks()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        if not entry.strip():
            continue
        address = parse_address(entry)
        if address is None:
            # Not an address: something we cannot trust wrote it. Stop here rather
            # than believe anything further left.
            break
        if not _is_trusted(address, networks):
            return str(address)
    return str(remote)
