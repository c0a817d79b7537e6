"""Lay an essay document out as plain text, exactly as the importer does for a source file.

`tests/services/test_layout.py` holds the two to the same text for every test document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.importer.assemble import BLOCK_SEPARATOR, LINE_SEPARATOR
from app.services.blocks import block_text


@dataclass(frozen=True)
class Piece:
    """One laid-out element: where it sits in the text and which section holds it."""

    start: int
    end: int
    kind: str  # title, subtitle, byline, heading, paragraph, blockquote, list, pull_quote, caption
    section_id: str | None
    figure_id: str | None = None


def lay_out(document: dict[str, Any], byline: str) -> tuple[str, list[Piece]]:
    quotes = {q["id"]: q for q in document.get("quotes") or []}
    figures = {f["id"]: f for f in document.get("figures") or []}
    pieces: list[tuple[str, str, str | None, str | None]] = [
        ("title", document["title"], None, None)
    ]
    if document.get("subtitle"):
        pieces.append(("subtitle", document["subtitle"], None, None))
    pieces.append(("byline", byline, None, None))
    for section in document["sections"]:
        if section["heading"] is not None:
            pieces.append(("heading", section["heading"], section["id"], None))
        for block in section["blocks"]:
            if block["type"] == "paragraph":
                pieces.append(("paragraph", block["text"], section["id"], None))
            elif block["type"] == "pull_quote":
                pieces.append(
                    ("pull_quote", quotes[block["quote_id"]]["text"], section["id"], None)
                )
            elif (text := block_text(block)) is not None:  # blockquote, list: body text
                pieces.append((block["type"], text, section["id"], None))
            else:
                figure = figures[block["figure_id"]]
                caption = figure["caption"]
                if figure.get("credit"):
                    caption += LINE_SEPARATOR + figure["credit"]
                pieces.append(("caption", caption, section["id"], figure["id"]))
    parts: list[str] = []
    placed: list[Piece] = []
    offset = 0
    for kind, text, section_id, figure_id in pieces:
        if parts:
            parts.append(BLOCK_SEPARATOR)
            offset += len(BLOCK_SEPARATOR)
        parts.append(text)
        placed.append(Piece(offset, offset + len(text), kind, section_id, figure_id))
        offset += len(text)
    return "".join(parts), placed


def piece_at(pieces: list[Piece], offset: int) -> Piece | None:
    return next((p for p in pieces if p.start <= offset < p.end), None)
