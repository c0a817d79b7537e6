"""oEmbed 1.0 `rich` responses: an iframe of the embed page, sized to the consumer's limits."""

from __future__ import annotations

from html import escape
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from app.render.embed import DEFAULT_WIDTH, WIDTHS, Links, natural_height
from app.services.embeddables import Embeddable, authors

PROVIDER = "essay-api"
# Seconds a consumer may keep the answer: a pinned version never changes.
CACHE_AGE = {False: 3600, True: 31536000}


def oembed_document(
    document: dict[str, Any],
    embeddable: Embeddable,
    links: Links,
    maxwidth: int | None,
    maxheight: int | None,
) -> dict[str, Any]:
    width = min(WIDTHS.get(embeddable.kind, DEFAULT_WIDTH), maxwidth or 10**6)
    height = min(natural_height(document, embeddable, width), maxheight or 10**6)
    # Sandboxed without allow-same-origin: the card runs no script and keeps no cookies anyway.
    iframe = (
        f'<iframe src="{escape(links.embed(embeddable.target))}" width="{width}" '
        f'height="{height}" title="{escape(embeddable.title)}" style="border:0;max-width:100%" '
        'sandbox="allow-popups allow-popups-to-escape-sandbox" '
        'referrerpolicy="strict-origin-when-cross-origin"></iframe>'
    )
    return {
        "version": "1.0",
        "type": "rich",
        "title": embeddable.title,
        **({"author_name": names} if (names := authors(document)) else {}),  # optional (§2.3.4)
        "provider_name": PROVIDER,
        "provider_url": f"{links.base}/",
        "cache_age": CACHE_AGE[links.pinned],
        "html": iframe,
        "width": width,
        "height": height,
    }


def oembed_xml(answer: dict[str, Any]) -> bytes:
    """The same answer in oEmbed's XML format (spec §2.3.4): one element per field."""
    fields = "".join(f"<{name}>{xml_escape(str(value))}</{name}>" for name, value in answer.items())
    return (
        f'<?xml version="1.0" encoding="utf-8" standalone="yes"?><oembed>{fields}</oembed>'.encode()
    )
