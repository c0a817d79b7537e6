"""An essay version as CommonMark: headings, paragraphs, pull quotes as block quotes, figures."""

from __future__ import annotations

import re
from typing import Any

from app.render.urls import web_url
from app.services.embeddables import byline, publication

_INLINE = re.compile(r"([\\`*_\[\]<>~|]|&(?=#?\w+;))")
# What would start a heading, quote, list, rule or setext underline at the start of a line.
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])", re.MULTILINE)


def escape(text: str) -> str:
    """Text that renders as itself: essays may contain `*`, `[1]`, `<b>` or a line `2022.`."""
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m[1] + (m[2][:-1] + "\\" + m[2][-1]), text)


def _figure(figure: dict[str, Any]) -> str:
    lines = []
    if image_url := web_url(figure["image_url"]):  # no `<`, `>` or line break to break out
        alt = escape(figure["alt"] or figure["caption"])
        lines.append(f"![{alt}](<{image_url}>)\n")
    credit = f" *Credit: {escape(figure['credit'])}*" if figure["credit"] else ""
    lines.append(f"**Figure {figure['position']}.** {escape(figure['caption'])}{credit}")
    return "\n".join(lines)


def _pull_quote(quote: dict[str, Any]) -> str:
    text = "\n".join(f"> {line}" for line in escape(quote["text"]).splitlines())
    return text + (f"\n>\n> — {escape(quote['attributed_to'])}" if quote["attributed_to"] else "")


def essay_markdown(document: dict[str, Any]) -> str:
    quotes = {q["id"]: q for q in document["quotes"]}
    figures = {f["id"]: f for f in document["figures"]}
    parts = [f"# {escape(document['title'])}"]
    if document["subtitle"]:
        parts.append(f"*{escape(document['subtitle'])}*")
    if credits := byline(document, publication(document, ", ")):
        parts.append(escape(credits))
    for section in document["sections"]:
        if section["heading"]:
            parts.append(f"## {escape(section['heading'])}")
        for block in section["blocks"]:
            if block["type"] == "paragraph":
                parts.append(escape(block["text"]))
            elif block["type"] == "pull_quote":
                parts.append(_pull_quote(quotes[block["quote_id"]]))
            elif block["type"] == "blockquote":
                parts.append(_pull_quote(quotes[block["quote_id"]] | {"text": block["text"]}))
            elif block["type"] == "list":
                parts.append("\n".join(f"- {escape(item)}" for item in block["items"]))
            else:
                parts.append(_figure(figures[block["figure_id"]]))
    return "\n\n".join(parts) + "\n"
