"""The visitor's address, as login throttling counts it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str | None:
    """The visitor's IP address, or ``None`` when it cannot be told.

    Behind ``TUTELA_PROXY_COUNT`` reverse proxies, each appends the address it received the
    request from to X-Forwarded-For, so the visitor's is that many entries from the right. What
    stands further left was written by the visitor and is not trusted.
    """
    if request is None:
        return None
    proxies = settings.TUTELA_PROXY_COUNT
    candidate = request.META.get("REMOTE_ADDR", "")
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if forwarded:
            candidate = forwarded[-min(proxies, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def network_of(address: str | None) -> str:
    """What the address limit counts: an IPv4 address itself, an IPv6 address's /64 network."""
    if not address:
        return ""
    parsed = ipaddress.ip_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)
