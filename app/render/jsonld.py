"""schema.org JSON-LD of an essay version, for crawlers and citation tools.

Every type and property here is checked against the schema.org vocabulary by
tests/render/test_jsonld_vocabulary.py; add a property there only if schema.org has it.
"""

from __future__ import annotations

from typing import Any

import orjson

from app.render.urls import web_url
from app.services.blocks import block_text

# An essay's `kind` → its schema.org type; every other kind is a plain NewsArticle.
ARTICLE_TYPES = {"opinion": "OpinionNewsArticle"}


def _compact(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v not in (None, [], "")}


def _person(name: str) -> dict[str, Any]:
    return {"@type": "Person", "name": name}


def _image(figure: dict[str, Any]) -> dict[str, Any]:
    return _compact(
        {
            "@type": "ImageObject",
            "identifier": figure["id"],
            "position": figure["position"],
            "caption": figure["caption"],
            "creditText": figure["credit"],
            "description": figure["alt"],
            "contentUrl": web_url(figure["image_url"]),
        }
    )


def _quotation(quote: dict[str, Any], authors: list[dict[str, Any]]) -> dict[str, Any]:
    # A pull quote repeats the authors' own words; a quotation is its speaker's, when known.
    creator = authors if quote["kind"] == "pull_quote" else quote["attributed_to"]
    return _compact(
        {
            "@type": "Quotation",
            "identifier": quote["id"],
            "text": quote["text"],
            "creator": _person(creator) if isinstance(creator, str) else creator,
        }
    )


def essay_jsonld(document: dict[str, Any]) -> dict[str, Any]:
    authors = [_person(a["name"]) for a in document["authors"]]
    publication = document["publication"]
    paragraphs = [
        text for s in document["sections"] for b in s["blocks"] if (text := block_text(b))
    ]
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": ARTICLE_TYPES.get(document["kind"], "NewsArticle"),
            "identifier": document["slug"],
            "url": document.get("source_url"),  # where it was published, when known
            "headline": document["title"],
            "alternativeHeadline": document["subtitle"],
            "author": authors,
            "publisher": publication and {"@type": "Organization", "name": publication["name"]},
            "articleSection": publication and publication["section"],
            "datePublished": document["published_at"],
            "dateModified": document["updated_at"],
            "inLanguage": document["language"],
            "wordCount": document["word_count"],
            "version": document["version"],
            "image": [_image(f) for f in document["figures"]],
            "hasPart": [_quotation(q, authors) for q in document["quotes"]],
            "articleBody": "\n\n".join(paragraphs),
        }
    )


# JSON-LD is mostly read inside `<script type="application/ld+json">`, where `</script>` or
# `<!--` in a field would end or bend the element: those characters leave as JSON escapes, which
# every JSON parser reads back as the same text (they occur only inside strings).
_SCRIPT_SAFE = {
    b"<": b"\\u003c",
    b">": b"\\u003e",
    b"&": b"\\u0026",
    "\u2028".encode(): b"\\u2028",
    "\u2029".encode(): b"\\u2029",
}


def jsonld_bytes(document: dict[str, Any]) -> bytes:
    """The JSON-LD, safe to paste inside a `<script>` element as it is."""
    data = orjson.dumps(essay_jsonld(document))
    for raw, escaped in _SCRIPT_SAFE.items():
        data = data.replace(raw, escaped)
    return data
