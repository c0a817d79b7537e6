"""The edits API.md offers, each a function on a Draft that returns what it changed.

Each returns a list of changes (`op`, `path`, JSON-Pointer style) for the revision record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from app.core.errors import Conflict, ValidationFailed
from app.importer.dates import edtf_interval, find_dates
from app.importer.structured import author_line
from app.importer.text import slugify
from app.schemas.dates import DateCreate, DatePatch
from app.schemas.essays import EssayPatch
from app.schemas.figures import FigureCreate, FigurePatch
from app.schemas.quotes import QuoteCreate, QuotePatch
from app.schemas.scenarios import ScenarioCreate, ScenarioPatch
from app.schemas.sections import (
    BlockIn,
    BlockPatch,
    ParagraphIn,
    PullQuoteRef,
    SectionCreate,
    SectionPatch,
)
from app.services.editing.draft import Draft, new_id
from app.services.editing.layout import Piece, lay_out

Changes = list[dict[str, Any]]


def _unique_anchor(draft: Draft, heading: str, section_id: str | None) -> str:
    base = slugify(heading) or "section"
    taken = {s["anchor"] for s in draft.items("sections") if s["id"] != section_id}
    anchor, n = base, 1
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    return anchor


# -- essay --------------------------------------------------------------------------------


def patch_essay(draft: Draft, patch: EssayPatch) -> Changes:
    doc, changes = draft.document, []
    fields = patch.model_dump(exclude_unset=True, exclude={"anchors"})
    if "title" in fields and fields["title"] is None:
        raise ValidationFailed(
            "An essay needs a title.", errors=[{"loc": ["body", "title"], "msg": "may not be null"}]
        )
    for name in ("title", "subtitle", "kind", "language"):
        if name in fields:
            doc[name] = fields[name]
            changes.append({"op": "replace", "path": f"/{name}"})
    if "publication" in fields:
        merged = dict(doc["publication"] or {"name": None, "section": None})
        for key, value in (fields["publication"] or {}).items():
            if key not in ("name", "section"):
                raise ValidationFailed(
                    f"publication has no field '{key}'.",
                    errors=[{"loc": ["body", "publication", key], "msg": "unknown field"}],
                )
            merged[key] = value
        if not merged.get("name"):
            raise ValidationFailed(
                "publication.name may not be empty.",
                errors=[{"loc": ["body", "publication", "name"], "msg": "required"}],
            )
        doc["publication"] = merged
        changes.append({"op": "replace", "path": "/publication"})
    if fields.get("authors"):
        names = [a["name"] for a in fields["authors"]]
        doc["authors"] = [{"name": n} for n in names]
        draft.byline = "\n".join([author_line(names), draft.byline.split("\n")[-1]])
        changes.append({"op": "replace", "path": "/authors"})
    if fields.get("published_at"):
        moment: datetime = patch.published_at  # type: ignore[assignment]
        if moment.tzinfo is None:
            raise ValidationFailed(
                "published_at needs an offset.",
                errors=[{"loc": ["body", "published_at"], "msg": "needs an offset"}],
            )
        doc["published_at"] = moment.isoformat()
        changes.append({"op": "replace", "path": "/published_at"})
    draft.anchors.update(patch.anchors)
    return changes


# -- sections -------------------------------------------------------------------------------


def add_section(draft: Draft, body: SectionCreate) -> tuple[Changes, str]:
    sections = draft.items("sections")
    section_id = new_id("section")
    index = len(sections) if body.position is None else min(body.position - 1, len(sections))
    sections.insert(
        index,
        {
            "id": section_id,
            "position": index + 1,
            "heading": body.heading,
            "anchor": _unique_anchor(draft, body.heading, None),
            "blocks": [
                {
                    "type": "paragraph",
                    "position": i,
                    "text": b.text,
                    "quote_id": None,
                    "figure_id": None,
                }
                for i, b in enumerate(body.blocks, 1)
            ],
        },
    )
    return [{"op": "add", "path": f"/sections/{section_id}"}], section_id


def patch_section(draft: Draft, section_id: str, body: SectionPatch) -> Changes:
    section = draft.section(section_id)
    changes: Changes = []
    if body.heading is not None:
        if section["heading"] is None:
            raise Conflict("The untitled opening section has no heading to change.")
        section["heading"] = body.heading
        section["anchor"] = _unique_anchor(draft, body.heading, section["id"])
        changes.append({"op": "replace", "path": f"/sections/{section['id']}/heading"})
    if body.blocks is not None:
        section["blocks"] = [_block(draft, b) for b in body.blocks]
        _drop_unplaced(draft)
        changes.append({"op": "replace", "path": f"/sections/{section['id']}/blocks"})
    draft.anchors.update(body.anchors)
    return changes


def _block(draft: Draft, block: BlockIn) -> dict[str, Any]:
    if isinstance(block, ParagraphIn):
        return {
            "type": "paragraph",
            "position": 0,
            "text": block.text,
            "quote_id": None,
            "figure_id": None,
        }
    if isinstance(block, PullQuoteRef):
        quote = draft.find("quotes", block.quote_id)
        if quote["kind"] != "pull_quote":
            raise Conflict(f"Quote '{block.quote_id}' is a {quote['kind']}, not a pull quote.")
        return {
            "type": "pull_quote",
            "position": 0,
            "text": None,
            "quote_id": block.quote_id,
            "figure_id": None,
        }
    draft.find("figures", block.figure_id)
    return {
        "type": "figure",
        "position": 0,
        "text": None,
        "quote_id": None,
        "figure_id": block.figure_id,
    }


def _drop_unplaced(draft: Draft) -> None:
    """Figures and pull quotes exist only where a block shows them."""
    placed = {
        b.get("figure_id") or b.get("quote_id")
        for s in draft.items("sections")
        for b in s["blocks"]
    }
    draft.document["figures"] = [f for f in draft.items("figures") if f["id"] in placed]
    draft.document["quotes"] = [
        q for q in draft.items("quotes") if q["kind"] != "pull_quote" or q["id"] in placed
    ]


def patch_block(draft: Draft, section_id: str, position: int, body: BlockPatch) -> Changes:
    section = draft.section(section_id)
    if not 1 <= position <= len(section["blocks"]):
        raise Conflict(f"Section '{section['id']}' has no block {position}.")
    block = section["blocks"][position - 1]
    if block["type"] == "list":
        raise ValidationFailed(
            f"Block {position} of section '{section['id']}' is a list: its items are not "
            "edited through the API; re-import the document, or replace the section's blocks.",
            errors=[{"loc": ["body", "text"], "msg": "a list has items, not text"}],
        )
    if block["type"] not in ("paragraph", "blockquote"):  # both are text; a quote re-anchors
        raise Conflict(
            f"Block {position} of section '{section['id']}' is a {block['type']}, not a paragraph."
        )
    block["text"] = body.text
    draft.anchors.update(body.anchors)
    return [{"op": "replace", "path": f"/sections/{section['id']}/blocks/{position}/text"}]


def delete_section(draft: Draft, section_id: str) -> Changes:
    section = draft.section(section_id)
    if section["heading"] is None:
        raise Conflict("The untitled opening section cannot be deleted; edit its blocks instead.")
    _release(draft, lambda piece: piece.section_id == section["id"])
    draft.document["sections"] = [s for s in draft.items("sections") if s["id"] != section["id"]]
    _drop_unplaced(draft)
    return [{"op": "remove", "path": f"/sections/{section['id']}"}]


# -- quotes --------------------------------------------------------------------------------


def _refuse_duplicate(
    draft: Draft, collection: str, selector: dict[str, Any], kind: str | None = None
) -> None:
    for item in draft.items(collection):
        same_span = (item["selector"]["start"], item["selector"]["end"]) == (
            selector["start"],
            selector["end"],
        )
        if same_span and kind in (None, item.get("kind")):
            raise Conflict(
                f"'{selector['exact']}' at {selector['start']} is already "
                f"{collection[:-1]} '{item['id']}'; "
                "change that one instead.",
                existing=item["id"],
            )


# What an editor writes is found by an edit, and confirmed by being written.
EDITED = {"found_by": "edit", "confirmed": True}


def _confirm(item: dict[str, Any], confirmed: bool | None) -> None:
    """`{"confirmed": true}` confirms what detection found; false returns it to review."""
    if confirmed is not None:
        item["confirmed"] = confirmed


def add_quote(draft: Draft, body: QuoteCreate) -> tuple[Changes, str]:
    selector = draft.locate(body.exact, body.occurrence)
    _refuse_duplicate(draft, "quotes", selector, body.kind)
    quote_id = new_id("quote")
    draft.items("quotes").append(
        {
            "id": quote_id,
            "kind": body.kind,
            "text": body.text or body.exact if body.kind == "pull_quote" else body.exact,
            "attributed_to": body.attributed_to,
            "section_id": None,
            "selector": selector,
            **EDITED,
        }
    )
    if body.kind == "pull_quote":
        _place_after_passage(draft, quote_id, body.exact)
    return [{"op": "add", "path": f"/quotes/{quote_id}"}], quote_id


def _place_after_passage(draft: Draft, quote_id: str, exact: str) -> None:
    for section in draft.items("sections"):
        for index, block in enumerate(section["blocks"]):
            if block["type"] == "paragraph" and exact in block["text"]:
                section["blocks"].insert(
                    index + 1,
                    {
                        "type": "pull_quote",
                        "position": 0,
                        "text": None,
                        "quote_id": quote_id,
                        "figure_id": None,
                    },
                )
                return
    raise Conflict(f"A pull quote repeats a paragraph's words; no paragraph has '{exact}'.")


def patch_quote(draft: Draft, quote_id: str, body: QuotePatch) -> Changes:
    quote = draft.find("quotes", quote_id)
    fields = body.model_dump(exclude_unset=True)
    _confirm(quote, body.confirmed)
    if "attributed_to" in fields:
        quote["attributed_to"] = body.attributed_to
    if body.exact is not None:
        quote["selector"] = draft.locate(body.exact, body.occurrence)
        if quote["kind"] == "quotation":
            quote["text"] = body.exact
        draft.anchors[quote_id] = body.exact
    if body.text is not None:
        if quote["kind"] != "pull_quote":
            raise Conflict("A quotation's text is its words in the essay; change `exact` instead.")
        quote["text"] = body.text
    return [{"op": "replace", "path": f"/quotes/{quote_id}"}]


def _release(draft: Draft, removed: Callable[[Piece], bool]) -> None:
    """Quotes and dates anchored in text that is being removed go with it."""
    _, pieces = lay_out(draft.document, draft.byline)
    spans = [(p.start, p.end) for p in pieces if removed(p)]
    for collection in ("quotes", "dates"):
        for item in draft.items(collection):
            if any(start <= item["selector"]["start"] < end for start, end in spans):
                draft.anchors[item["id"]] = None


def delete_item(draft: Draft, collection: str, value: str, key: str = "id") -> Changes:
    item = draft.find(collection, value, key)
    if collection == "figures":
        _release(draft, lambda piece: piece.figure_id == value)
    draft.document[collection] = [i for i in draft.items(collection) if i is not item]
    if collection == "figures":
        for section in draft.items("sections"):
            section["blocks"] = [b for b in section["blocks"] if b.get("figure_id") != value]
    return [{"op": "remove", "path": f"/{collection}/{value}"}]


# -- figures -------------------------------------------------------------------------------


def add_figure(draft: Draft, body: FigureCreate) -> tuple[Changes, str]:
    section = draft.section(body.section_id)
    figure_id = new_id("figure")
    draft.items("figures").append(
        {
            "id": figure_id,
            "position": 0,
            "section_id": section["id"],
            "caption": body.caption,
            "credit": body.credit,
            "credit_parts": [],
            "alt": body.alt or body.caption,
            "image_url": body.image_url,
        }
    )
    blocks = section["blocks"]
    index = len(blocks) if body.position is None else min(body.position - 1, len(blocks))
    blocks.insert(
        index,
        {"type": "figure", "position": 0, "text": None, "quote_id": None, "figure_id": figure_id},
    )
    return [{"op": "add", "path": f"/figures/{figure_id}"}], figure_id


def patch_figure(draft: Draft, figure_id: str, body: FigurePatch) -> Changes:
    figure = draft.find("figures", figure_id)
    figure.update(body.model_dump(exclude_unset=True, exclude={"message"}))
    if not figure["caption"]:
        raise ValidationFailed(
            "A figure needs a caption.",
            errors=[{"loc": ["body", "caption"], "msg": "may not be null"}],
        )
    return [{"op": "replace", "path": f"/figures/{figure_id}"}]


# -- dates ---------------------------------------------------------------------------------


def interval(value: str) -> tuple[str, str, str]:
    """(precision, start, end) of an ISO 8601 / EDTF value, as the importer writes them."""
    try:
        if "T" in value:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
            return "minute", value, value
        precision, first, last = edtf_interval(value)
        return precision, first.isoformat(), last.isoformat()
    except ValueError as exc:
        raise ValidationFailed(
            f"'{value}' is not a date.", errors=[{"loc": ["body", "value"], "msg": str(exc)}]
        ) from exc


def add_date(draft: Draft, body: DateCreate) -> tuple[Changes, str]:
    selector = draft.locate(body.exact, body.occurrence)
    _refuse_duplicate(draft, "dates", selector)
    value = body.value
    if value is None:
        found = [f for f in find_dates(body.exact, draft.published_at) if f.text == body.exact]
        if not found:
            raise ValidationFailed(
                f"'{body.exact}' does not read as a date; give `value`.",
                errors=[
                    {"loc": ["body", "value"], "msg": "required when the words are not a date"}
                ],
            )
        value = found[0].value
    precision, start, end = interval(value)
    date_id = new_id("date")
    draft.items("dates").append(
        {
            "id": date_id,
            "text": body.exact,
            "value": value,
            "precision": precision,
            "start": start,
            "end": end,
            "label": body.label,
            "where": "paragraph",
            "section_id": None,
            "selector": selector,
            **EDITED,
        }
    )
    return [{"op": "add", "path": f"/dates/{date_id}"}], date_id


def patch_date(draft: Draft, date_id: str, body: DatePatch) -> Changes:
    mention = draft.find("dates", date_id)
    fields = body.model_dump(exclude_unset=True)
    _confirm(mention, body.confirmed)
    if "label" in fields:
        mention["label"] = body.label
    if body.value is not None:
        mention["value"] = body.value
        mention["precision"], mention["start"], mention["end"] = interval(body.value)
    return [{"op": "replace", "path": f"/dates/{date_id}"}]


# -- scenarios -----------------------------------------------------------------------------


def add_scenario(draft: Draft, body: ScenarioCreate) -> tuple[Changes, str]:
    if any(s["key"] == body.key for s in draft.items("scenarios")):
        raise Conflict(f"The essay already has a scenario '{body.key}'.")
    scenarios = draft.items("scenarios")
    scenarios.append(
        {
            "id": new_id("scenario"),
            "key": body.key,
            "position": len(scenarios) + 1,
            "title": body.title,
            "summary": body.summary,
            "description": body.description or "\n\n".join(body.passages),
            "selectors": [draft.locate(p) for p in body.passages],
            **EDITED,
        }
    )
    return [{"op": "add", "path": f"/scenarios/{body.key}"}], body.key


def patch_scenario(draft: Draft, key: str, body: ScenarioPatch) -> Changes:
    scenario = draft.find("scenarios", key, "key")
    _confirm(scenario, body.confirmed)
    fields = body.model_dump(exclude_unset=True, exclude={"message", "passages", "confirmed"})
    if "title" in fields and not fields["title"]:
        raise ValidationFailed(
            "A scenario needs a title.",
            errors=[{"loc": ["body", "title"], "msg": "may not be null"}],
        )
    scenario.update(fields)
    if body.passages is not None:
        scenario["selectors"] = [draft.locate(p) for p in body.passages]
        draft.anchors[key] = body.passages
    if not scenario.get("description"):
        scenario["description"] = "\n\n".join(s["exact"] for s in scenario["selectors"])
    return [{"op": "replace", "path": f"/scenarios/{key}"}]
