"""When a store's name does not resolve: is the name wrong, or is this machine offline?

A failed lookup alone cannot tell a mistyped store ID (the name server says "no such name")
from a machine without network. What the system can tell, it is asked, cheaply and only after
a failure: whether there is a route to the internet at all (a UDP socket "connected" to a
public address sends nothing), whether the name server answered, and whether the store's parent
domain resolves (then the network works and the name itself is wrong).
"""

from __future__ import annotations

import socket
import threading
from typing import Final

PUBLIC_ADDRESSES: Final = (
    (socket.AF_INET, ("1.1.1.1", 53)),
    (socket.AF_INET6, ("2606:4700:4700::1111", 53)),
)
LOOKUP_PATIENCE: Final = 3.0
"""Seconds to wait for the parent domain's lookup (a dead resolver can hang far longer)."""


def has_route() -> bool:
    """True when some interface has a route to the internet (nothing is sent)."""
    for family, address in PUBLIC_ADDRESSES:
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as probe:
                probe.connect(address)
                return True
        except OSError:
            continue
    return False


def resolves(host: str, patience: float = LOOKUP_PATIENCE) -> bool | None:
    """True when the name resolves, False when not, None when the lookup took too long."""
    answer: list[bool] = []

    def look() -> None:
        try:
            socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
            answer.append(True)
        except (OSError, UnicodeError):
            answer.append(False)

    worker = threading.Thread(target=look, name="name-check", daemon=True)
    worker.start()
    worker.join(patience)
    return answer[0] if answer else None


def parent_domain(host: str) -> str | None:
    """The domain a store's host name hangs off (its last two labels), when it has one."""
    labels = host.rstrip(".").split(".")
    if len(labels) < 3 or labels[-1].lower() in {"invalid", "test", "example", "localhost"}:
        return None
    return ".".join(labels[-2:])


def explain_unresolved(host: str, temporary: bool = False) -> str:
    """What can be said about why ``host`` did not resolve, checked where the system can."""
    if not has_route():
        return "this machine has no network route: it is offline, so the store ID may be right"
    if temporary:
        return (
            "the name server did not answer (a temporary failure): the network or its name "
            "server is down, so the store ID may be right"
        )
    parent = parent_domain(host)
    if parent is None:
        return (
            "the name server says there is no such name; this machine has a network route, "
            "but from here it cannot tell a wrong name from a name server that cannot reach "
            "the internet"
        )
    found = resolves(parent)
    if found:
        return (
            f"the network works ({parent} resolves) but this name does not: the store ID "
            "(the first part of the name) or the base URL is likely wrong"
        )
    if found is None:
        return f"the name server is too slow to answer for {parent} either: check the network"
    return (
        f"{parent} does not resolve either: the name server cannot reach the internet's names "
        "(offline, a captive portal or a broken DNS), so the store ID may be right"
    )
