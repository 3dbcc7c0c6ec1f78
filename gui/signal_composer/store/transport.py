"""The wire under the shared client: which requests may use a proxy, and one deadline per attempt.

Proxies: only https requests to a non-loopback host go through one, taken from ``https_proxy``
or ``all_proxy`` (either case) unless ``no_proxy`` names the host. Plain http carries the token
in clear and only ever goes to a loopback address, so it is never proxied.

Deadline: every socket read, write and connect of an attempt is bounded by what is left of the
attempt's overall deadline, so a store that trickles one byte a second cannot hold a send open.
"""

from __future__ import annotations

import ipaddress
import os
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final

import httpcore
import httpx

from signal_composer.store.stores import is_loopback

PROXY_VARIABLES: Final = ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")
NO_PROXY_VARIABLES: Final = ("no_proxy", "NO_PROXY")

_local = threading.local()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Bounds every network operation of the calling thread to ``seconds`` from now, in all."""
    _local.until = time.monotonic() + seconds
    try:
        yield
    finally:
        _local.until = None


def _bounded(timeout: float | None, late: type[Exception]) -> float | None:
    until: float | None = getattr(_local, "until", None)
    if until is None:
        return timeout
    left = until - time.monotonic()
    if left <= 0:
        raise late("the attempt's deadline passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    """A socket stream whose every operation ends by the thread's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """Wraps the pool's backend so that its streams keep the deadline."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_tcp(host, port, bounded, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _host_port(entry: str) -> tuple[str, int | None]:
    if entry.startswith("["):  # [::1]:8080
        host, _, rest = entry[1:].partition("]")
        port = rest.lstrip(":")
        return host, int(port) if port.isdecimal() else None
    if entry.count(":") == 1:
        host, port = entry.split(":")
        return host, int(port) if port.isdecimal() else None
    return entry, None


def bypassed(host: str, port: int, no_proxy: str) -> bool:
    """Whether ``no_proxy`` (hosts, domain suffixes, IPs, CIDRs or ``*``, comma-separated) names
    the host."""
    host = host.lower().rstrip(".")
    for raw in no_proxy.split(","):
        entry = raw.strip().lower()
        if not entry:
            continue
        if entry == "*":
            return True
        if "/" in entry:
            try:
                if ipaddress.ip_address(host) in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                pass
            continue
        name, entry_port = _host_port(entry)
        if entry_port is not None and entry_port != port:
            continue
        name = name.lstrip("*").lstrip(".").rstrip(".")
        if name and (host == name or host.endswith("." + name)):
            return True
    return False


def proxy_for(url: httpx.URL, environ: Mapping[str, str]) -> tuple[str, str] | None:
    """The variable and proxy URL a request goes through, or None to go direct."""
    if url.scheme != "https" or is_loopback(url.host):
        return None
    no_proxy = next((environ[n] for n in NO_PROXY_VARIABLES if environ.get(n)), "")
    if bypassed(url.host, url.port or 443, no_proxy):
        return None
    for name in PROXY_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            return name, value
    return None


def _with_deadline(transport: httpx.HTTPTransport) -> httpx.HTTPTransport:
    # httpx builds its httpcore pool without a way to pass a network backend; the pool asks its
    # backend for each new connection, so wrapping it here bounds every connection it opens.
    pool = transport._pool
    pool._network_backend = _DeadlineBackend(pool._network_backend)
    return transport


class Wire(httpx.BaseTransport):
    """Routes each request direct or through the proxy the environment names, by the rules above.

    The environment is read once, when the client is made.
    """

    def __init__(self, limits: httpx.Limits, environ: Mapping[str, str] | None = None) -> None:
        self._environ = dict(os.environ if environ is None else environ)
        self._limits = limits
        self._direct = _with_deadline(httpx.HTTPTransport(limits=limits))
        self._proxied: dict[str, httpx.HTTPTransport] = {}
        self._lock = threading.Lock()

    def _through(self, variable: str, proxy: str) -> httpx.HTTPTransport:
        with self._lock:
            if proxy not in self._proxied:
                try:
                    made = httpx.HTTPTransport(limits=self._limits, proxy=proxy)
                except (ValueError, ImportError, httpx.InvalidURL) as exc:
                    scheme = proxy.partition("://")[0] if "://" in proxy else "(none)"
                    raise httpx.ProxyError(
                        f"the proxy in {variable} (scheme {scheme}) cannot be used: "
                        f"{type(exc).__name__}; use an http:// or https:// proxy, or set "
                        "no_proxy for this host"
                    ) from None
                self._proxied[proxy] = _with_deadline(made)
            return self._proxied[proxy]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        route = proxy_for(request.url, self._environ)
        transport = self._direct if route is None else self._through(*route)
        return transport.handle_request(request)

    def close(self) -> None:
        with self._lock:
            for transport in [self._direct, *self._proxied.values()]:
                transport.close()
