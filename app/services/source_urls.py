"""A page's URL in the one form an essay stores and `GET /v1/essays?source_url=` compares.

Only what names the same resource by the URL standard is made the same: the scheme and host in
lowercase, a default port and the fragment dropped, an empty path as `/`. Path, query and `www.`
stay as the page states them: sites differ in what those mean.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalised(url: str) -> str:
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:  # not a URL we can take apart: compared as it is
        return text
    if not parts.scheme or not parts.hostname:
        return text
    scheme = parts.scheme.lower()
    host = parts.hostname  # lowercased by urlsplit
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None or port == DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    if parts.username or parts.password:
        netloc = f"{parts.netloc.rpartition('@')[0]}@{netloc}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
