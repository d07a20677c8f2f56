"""The address of the person behind a request, the one function every limit and record uses.

Behind a reverse proxy every request comes from the proxy, so `REMOTE_ADDR` alone would make
every citizen share one address (and one rate limit). The proxy appends the address it saw to
`X-Forwarded-For`; anything to the left of that was written by the client and can be forged.
So, only when the request comes from a proxy named in `GONGKAI_TRUSTED_PROXIES` (addresses or
CIDR networks, comma-separated), the entries are read from the right, skipping trusted proxies,
and the first one that is not a trusted proxy is the client. With no trusted proxy configured
(the default), `X-Forwarded-For` is ignored altogether.

Used by the rate limits (`core.ratelimit`), `InfoRequest.submitted_from` and the login lockout
(django-axes, `AXES_CLIENT_IP_CALLABLE`).
"""

from __future__ import annotations

import functools
import ipaddress
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Address = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network
UNKNOWN = "0.0.0.0"  # noqa: S104 - a placeholder address, never bound


@functools.cache
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"GONGKAI_TRUSTED_PROXIES: “{entry}” is not an address or network "
                f"(可信代理设置中的“{entry}”不是有效的地址或网段)"
            ) from None
    return tuple(networks)


def trusted_proxies() -> tuple[Network, ...]:
    return _trusted(tuple(getattr(settings, "GONGKAI_TRUSTED_PROXIES", ())))


def parse_address(text: str) -> Address | None:
    """An address as a proxy or the server writes it; `[v6]:port` and `v4:port` accepted."""
    value = text.strip().strip('"')
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str:
    """The client's address as a string (what `submitted_from` stores and limits key on)."""
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return UNKNOWN
    networks = trusted_proxies()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    nearest = remote
    for entry in reversed(forwarded.split(",")):
        address = parse_address(entry)
        if address is None:
            # Garbage to the right of a real client entry can only come from a proxy that
            # passed the client's header through unchecked: stop at the last hop we trust.
            break
        if not _is_trusted(address, networks):
            return str(address)
        nearest = address
    return str(nearest)


def limit_key(address: str) -> str:
    """The part of an address a limit counts: the address for IPv4, the /64 network for IPv6
    (one subscriber is usually given a whole /64, so counting single IPv6 addresses would
    give an attacker 2^64 fresh budgets)."""
    parsed = parse_address(address)
    if parsed is None:
        return UNKNOWN
    if isinstance(parsed, IPv6Address):
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
