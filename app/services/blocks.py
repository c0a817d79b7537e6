"""The body text a block carries, the way the importer lays it out in the plain text.

Paragraphs and blockquotes carry their text; a list its items, one a line. Pull quotes repeat
body words and figures carry captions, so neither is body text.
"""

from __future__ import annotations

from typing import Any

from app.importer.assemble import LINE_SEPARATOR

TEXT_BLOCKS = ("paragraph", "blockquote", "list")


def block_text(block: dict[str, Any]) -> str | None:
    if block["type"] == "list":
        return LINE_SEPARATOR.join(block.get("items") or [])
    if block["type"] in TEXT_BLOCKS:
        return str(block["text"])
    return None
