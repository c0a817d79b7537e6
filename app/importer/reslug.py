"""A parsed essay moved to another slug. Every id derives from the slug (`model.make_id`), so
the ids are made again, exactly as a parse under the new slug would have made them: an import
that finds its slug taken, or finds the essay its page already is, need not parse twice."""

from __future__ import annotations

import dataclasses
from typing import Any

from .model import ParsedEssay, make_id


def with_slug(parsed: ParsedEssay, slug: str) -> ParsedEssay:
    if slug == parsed.slug:
        return parsed
    parts: dict[str, list[Any]] = {
        "section": parsed.sections,
        "quote": parsed.quotes,
        "figure": parsed.figures,
        "date": parsed.dates,
        "scenario": parsed.scenarios,
    }
    ids = {
        item.id: make_id(slug, kind, item.position)
        for kind, items in parts.items()
        for item in items
    }
    moved: ParsedEssay = _renamed(parsed, ids)
    return dataclasses.replace(moved, slug=slug)


def _renamed(value: Any, ids: dict[str, str]) -> Any:
    """`value` with every string that is one of the old ids replaced (ids are the only strings
    of that form: a prefix, an underscore and twelve hex digits)."""
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [_renamed(item, ids) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _renamed(getattr(value, f.name), ids)
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    return value
