"""The client's address: one rule for the access log and the login lockout (django-axes).

Behind reverse proxies (nginx) REMOTE_ADDR is the proxy's; JIRITSU_PROXY_COUNT says how many proxies
of our own stand in front, and the address is the one the outermost of them saw (that many entries from
the right of X-Forwarded-For). Entries further left are typed by the client and never trusted.
"""
import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.JIRITSU_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None  # a test client's or a broken proxy's value: better none than a made-up one

