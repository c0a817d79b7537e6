"""A draft of the next version: operations change its document, `finish` makes it whole again."""

from __future__ import annotations

import copy
import math
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.core.errors import Conflict, NotFound
from app.importer.assemble import COUNTED, DATE_WHERE
from app.importer.dates import find_dates
from app.importer.model import ID_PREFIXES
from app.importer.quotes import find_quotations
from app.importer.text import count_words
from app.services.editing.anchoring import changed_region, find_best, reanchor, selector_at
from app.services.editing.layout import Piece, lay_out, piece_at

# Where a date may be found, by the kind of laid-out piece (as the importer finds them).
DATE_PIECES = {**DATE_WHERE, "caption": "caption"}
QUOTATION_PIECES = ("heading", "paragraph", "blockquote", "list", "caption")
# Quotations and dates found in text an edit wrote are detection's, for an editor to confirm.
DETECTED = {"found_by": "detection", "confirmed": False}

# An anchor instruction: None deletes the item; text re-anchors it on those words.
Instruction = str | list[str] | None


def new_id(kind: str) -> str:
    return f"{ID_PREFIXES[kind]}_{secrets.token_hex(6)}"


@dataclass
class Draft:
    document: dict[str, Any]
    byline: str
    text: str  # the plain text of the version the draft starts from
    timezone: str
    words_per_minute: int
    anchors: dict[str, Instruction] = field(default_factory=dict)

    @classmethod
    def start(
        cls, document: dict[str, Any], byline: str, text: str, timezone: str, words_per_minute: int
    ) -> Draft:
        return cls(copy.deepcopy(document), byline, text, timezone, words_per_minute)

    # -- lookups shared by the operations -------------------------------------------------

    def items(self, collection: str) -> list[dict[str, Any]]:
        return self.document[collection]

    def find(self, collection: str, value: str, key: str = "id") -> dict[str, Any]:
        found = next((i for i in self.items(collection) if i[key] == value), None)
        if found is None:
            singular = {"dates": "date", "quotes": "quote"}.get(collection, collection[:-1])
            raise NotFound(f"The essay '{self.document['slug']}' has no {singular} '{value}'.")
        return found

    def section(self, section_id: str) -> dict[str, Any]:
        sections = self.items("sections")
        found = next((s for s in sections if section_id in (s["id"], s["anchor"])), None)
        if found is None:
            raise NotFound(f"The essay '{self.document['slug']}' has no section '{section_id}'.")
        return found

    def locate(self, exact: str, occurrence: int = 1) -> dict[str, Any]:
        """A selector for new words, in the text as laid out now (after this draft's changes)."""
        text, _ = lay_out(self.document, self.byline)
        start = -1
        for _ in range(occurrence):
            start = text.find(exact, start + 1)
            if start < 0 or not exact:
                raise Conflict(
                    f"'{exact}' does not occur {occurrence} time(s) in the essay's text.",
                    unanchored=[{"exact": exact}],
                )
        return selector_at(text, start, exact)

    # -- making the draft whole -----------------------------------------------------------

    def finish(self) -> tuple[dict[str, Any], str]:
        """Lay out, re-anchor every selector, find new quotations and dates, recount."""
        text, pieces = lay_out(self.document, self.byline)
        region = changed_region(self.text, text)
        unanchored = [
            *self._carry_items("quotes", text, pieces, region),
            *self._carry_items("dates", text, pieces, region),
        ]
        self._drop_orphaned_pull_quotes()
        unanchored += self._carry_scenarios(text, region)
        if unanchored:
            names = ", ".join(f"{u['type']} {u['id']} ('{u['exact'][:60]}')" for u in unanchored)
            raise Conflict(
                f"The edit removes text that these still anchor to: {names}. Change or delete them "
                'in the same request (`anchors`: {id: null | "new words"}).',
                unanchored=unanchored,
            )
        self._detect(text, pieces, region)
        self._recount(pieces, text)
        return self.document, text

    def _carry_items(
        self, collection: str, text: str, pieces: list[Piece], region: Any
    ) -> list[dict[str, Any]]:
        """Re-anchor each quote or date (or delete it, as `anchors` says); the ones lost."""
        kept: list[dict[str, Any]] = []
        lost: list[dict[str, Any]] = []
        for item in self.items(collection):
            instruction = self.anchors.get(item["id"], ...)
            if instruction is None:
                continue  # deleted by this request
            selector = self._carry(item["selector"], instruction, text, region)
            if selector is None:
                exact = item["selector"]["exact"]
                lost.append({"type": collection[:-1], "id": item["id"], "exact": exact})
                continue
            item["selector"] = selector
            self._place(item, pieces, collection)
            kept.append(item)
        self.document[collection] = kept
        return lost

    def _drop_orphaned_pull_quotes(self) -> None:
        """A pull-quote block goes with its quote."""
        live_quotes = {q["id"] for q in self.items("quotes")}
        for section in self.items("sections"):
            section["blocks"] = [
                b
                for b in section["blocks"]
                if b["type"] != "pull_quote" or b["quote_id"] in live_quotes
            ]

    def _carry_scenarios(self, text: str, region: Any) -> list[dict[str, Any]]:
        """Re-anchor each scenario's passages (or replace or delete them); the scenarios lost."""
        kept: list[dict[str, Any]] = []
        lost: list[dict[str, Any]] = []
        for scenario in self.items("scenarios"):
            instruction = self.anchors.get(scenario["key"], ...)
            if instruction is None:
                continue
            selectors: list[dict[str, Any] | None] = (
                [self.locate(exact) for exact in instruction]
                if isinstance(instruction, list)
                else [self._carry(s, ..., text, region) for s in scenario["selectors"]]
            )
            if not selectors or None in selectors:
                gone = [
                    s["exact"]
                    for s, n in zip(scenario["selectors"], selectors, strict=False)
                    if n is None
                ]
                lost.append({"type": "scenario", "id": scenario["key"], "exact": " / ".join(gone)})
                continue
            scenario["selectors"] = selectors
            kept.append(scenario)
        self.document["scenarios"] = kept
        return lost

    def _carry(
        self, selector: dict[str, Any], instruction: Any, text: str, region: Any
    ) -> dict[str, Any] | None:
        if isinstance(instruction, str):
            start = find_best(text, instruction, hint=selector["start"])
            return None if start is None else selector_at(text, start, instruction)
        return reanchor(selector, self.text, text, region)

    def _place(self, item: dict[str, Any], pieces: list[Piece], collection: str) -> None:
        piece = piece_at(pieces, item["selector"]["start"])
        if collection == "dates" and item["where"] == "byline":
            return
        if piece is not None and piece.section_id is not None:
            item["section_id"] = piece.section_id
            if collection == "dates" and piece.kind in DATE_PIECES:
                item["where"] = DATE_PIECES[piece.kind]

    @property
    def published_at(self) -> datetime | None:
        """The reference for year-less dates; None for an essay that states no date."""
        stated = self.document["published_at"]
        return datetime.fromisoformat(stated) if stated else None

    def _detect(self, text: str, pieces: list[Piece], region: Any) -> None:
        """Quotations and dates in changed text become resources, as an import would make them."""
        published = self.published_at
        known_quotes = {
            (q["selector"]["start"], q["selector"]["end"]) for q in self.items("quotes")
        }
        known_dates = {(d["selector"]["start"], d["selector"]["end"]) for d in self.items("dates")}
        for piece in pieces:
            if piece.end < region.start or piece.start > region.new_end:
                continue
            body = text[piece.start : piece.end]
            if piece.kind in QUOTATION_PIECES:
                for start, end in find_quotations(body):
                    span = (piece.start + start, piece.start + end)
                    if span not in known_quotes:
                        self.items("quotes").append(
                            {
                                "id": new_id("quote"),
                                "kind": "quotation",
                                "text": body[start:end],
                                "attributed_to": None,
                                "section_id": piece.section_id,
                                "selector": selector_at(text, span[0], body[start:end]),
                                **DETECTED,
                            }
                        )
            if piece.kind in DATE_PIECES:
                for found in find_dates(body, published):
                    span = (piece.start + found.start, piece.start + found.end)
                    if span not in known_dates:
                        self.items("dates").append(
                            {
                                "id": new_id("date"),
                                "text": found.text,
                                "value": found.value,
                                "precision": found.precision,
                                "start": found.value
                                if found.precision == "minute"
                                else found.first.isoformat(),
                                "end": found.value
                                if found.precision == "minute"
                                else found.last.isoformat(),
                                "label": None,
                                "where": DATE_PIECES[piece.kind],
                                "section_id": piece.section_id,
                                "selector": selector_at(text, span[0], found.text),
                                **DETECTED,
                            }
                        )
        for collection in ("quotes", "dates"):
            self.items(collection).sort(
                key=lambda i: (i["selector"]["start"], i["selector"]["end"])
            )

    def _recount(self, pieces: list[Piece], text: str) -> None:
        words = sum(count_words(text[p.start : p.end]) for p in pieces if p.kind in COUNTED)
        self.document["word_count"] = words
        self.document["reading_time_minutes"] = max(1, math.ceil(words / self.words_per_minute))
        for position, scenario in enumerate(self.items("scenarios"), start=1):
            scenario["position"] = position
        for position, figure in enumerate(self._figures_in_order(), start=1):
            figure["position"] = position
        for position, section in enumerate(self.items("sections"), start=1):
            section["position"] = position
            for index, block in enumerate(section["blocks"], start=1):
                block["position"] = index

    def _figures_in_order(self) -> list[dict[str, Any]]:
        order = [
            b["figure_id"]
            for s in self.items("sections")
            for b in s["blocks"]
            if b["type"] == "figure"
        ]
        by_id = {f["id"]: f for f in self.items("figures")}
        self.document["figures"] = [by_id[i] for i in order if i in by_id]
        return self.document["figures"]
