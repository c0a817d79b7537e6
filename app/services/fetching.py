"""Fetch the page a `POST /v1/imports {url}` names, without letting a client point the server at
itself or its network (SSRF).

Every hop (the URL, then each redirect) is checked again: http/https only, the host resolved
and *every* address it resolves to a public one, and the connection made to the very address
that was checked (the `Host` header and TLS SNI keep the name), so a second DNS answer cannot
swap in a private address between the check and the connection (DNS rebinding). Sync on
purpose: the route runs in the thread pool, so the fetch never blocks the event loop.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from app.core.config import Settings
from app.core.errors import BadGateway, GatewayTimeout, PayloadTooLarge, ValidationFailed

USER_AGENT = "essay-api-import/1 (+https://github.com/essay-api)"
ACCEPT = "text/html,application/xhtml+xml,text/markdown,text/plain;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class Fetched:
    content: bytes
    media_type: str | None  # the Content-Type without parameters
    url: str  # after redirects


@dataclass(frozen=True)
class Target:
    url: str  # as the client wrote it (after joining a redirect)
    host: str
    pinned_url: str  # the same URL with the checked address in place of the host


def _refuse_url(url: str, why: str) -> ValidationFailed:
    return ValidationFailed(
        f"The URL {url} is refused: {why}.",
        errors=[{"loc": ["body", "url"], "msg": why}],
    )


def check_address(address: str, *, allow_private: bool) -> None:
    """Raise unless `address` is a public unicast address (or private ones are allowed)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if allow_private:
        return
    if not ip.is_global or ip.is_multicast:
        raise ValueError(f"{address} is a loopback, private, link-local or reserved address")


def resolve(url: str, *, allow_private: bool) -> Target:
    """The URL pinned to an address that passed the check; every address of the host must."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise _refuse_url(url, "only http and https URLs are fetched")
    host = parts.hostname
    if not host:
        raise _refuse_url(url, "it names no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as exc:
        raise BadGateway(f"The host of {url} could not be resolved: {exc}.") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    try:
        for address in addresses:
            check_address(address, allow_private=allow_private)
    except ValueError as exc:
        raise _refuse_url(url, str(exc)) from None
    chosen = addresses[0]
    literal = f"[{chosen}]" if ":" in chosen else chosen
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    return Target(url, host, parts._replace(netloc=netloc).geturl())


def fetch(url: str, settings: Settings) -> Fetched:
    """The page's bytes; 422 for a refused URL, 413 too large, 502 unreachable or an error
    status, 504 a timeout."""
    timeout = httpx.Timeout(settings.import_read_timeout, connect=settings.import_connect_timeout)
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _ in range(settings.import_max_redirects + 1):
            target = resolve(url, allow_private=settings.import_allow_private_urls)
            try:
                fetched = _get(client, target, settings.import_max_bytes)
            except httpx.TimeoutException as exc:
                raise GatewayTimeout(f"Fetching {url} timed out ({type(exc).__name__}).") from exc
            except httpx.HTTPError as exc:
                raise BadGateway(f"Fetching {url} failed: {exc or type(exc).__name__}.") from exc
            if isinstance(fetched, Fetched):
                return fetched
            url = fetched
    raise BadGateway(f"More than {settings.import_max_redirects} redirects; stopped at {url}.")


def _get(client: httpx.Client, target: Target, limit: int) -> Fetched | str:
    """The page, or the next URL when the answer is a redirect."""
    request = pinned_request(
        client, "GET", target, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT}
    )
    response = client.send(request, stream=True)
    try:
        if response.is_redirect and "location" in response.headers:
            return urljoin(target.url, response.headers["location"])
        if response.status_code >= 400:
            raise BadGateway(f"{target.url} answered {response.status_code}.")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _too_large(target.url, limit)
        chunks: list[bytes] = []
        received = 0
        for chunk in response.iter_bytes():
            received += len(chunk)
            if received > limit:
                raise _too_large(target.url, limit)
            chunks.append(chunk)
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        return Fetched(b"".join(chunks), media_type or None, target.url)
    finally:
        response.close()


def pinned_request(
    client: httpx.Client | httpx.AsyncClient,
    method: str,
    target: Target,
    *,
    headers: dict[str, str],
    content: bytes | None = None,
) -> httpx.Request:
    """A request to the checked address that still names the host (`Host`, TLS SNI)."""
    return client.build_request(
        method,
        target.pinned_url,
        headers={"Host": _host_header(target.url), **headers},
        content=content,
        extensions={"sni_hostname": target.host},
    )


def _host_header(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc.rsplit("@", 1)[-1]


def _too_large(url: str, limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"The page at {url} is larger than {limit} bytes.")
