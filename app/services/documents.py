"""Turn a structured essay document (an export entry) back into the importer's typed output.

Selectors are checked against the plain text, so a document that does not anchor is refused
exactly like a source document would be.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from app.importer import DocumentError
from app.importer import model as m


def _selector(raw: dict[str, Any], text: str, owner: str) -> m.Selector:
    sel = m.Selector(**{k: raw[k] for k in ("exact", "prefix", "suffix", "start", "end")})
    if text[sel.start : sel.end] != sel.exact:
        raise DocumentError(
            f"{owner}: selector {sel.start}:{sel.end} does not anchor '{sel.exact}'"
        )
    return sel


def _provenance(item: dict[str, Any]) -> dict[str, Any]:
    """An item's `found_by` and `confirmed`; a document from before they were recorded gives
    detection's, unconfirmed (as the migration that added them does)."""
    return {
        "found_by": item.get("found_by", "detection"),
        "confirmed": bool(item.get("confirmed", False)),
    }


def _published_at(stated: str | None, zone: ZoneInfo) -> datetime | None:
    return datetime.fromisoformat(stated).astimezone(zone) if stated else None


def parsed_from_document(entry: dict[str, Any], name: str = "document") -> m.ParsedEssay:
    try:
        return _parse(entry)
    except DocumentError as exc:
        raise DocumentError(f"{name}: {exc}") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise DocumentError(f"{name}: not an essay-api document ({exc!r})") from exc


def _parse(entry: dict[str, Any]) -> m.ParsedEssay:
    doc, text = entry["essay"], entry["plain_text"]
    zone = ZoneInfo(entry.get("timezone") or "UTC")
    return m.ParsedEssay(
        slug=doc["slug"],
        source_url=doc.get("source_url"),
        title=doc["title"],
        subtitle=doc.get("subtitle"),
        kind=doc["kind"],
        publication=m.Publication(**(doc["publication"] or {"name": None, "section": None})),
        authors=[a["name"] for a in doc["authors"]],
        published_at=_published_at(doc["published_at"], zone),
        byline=entry["byline"],
        language=doc["language"],
        word_count=doc["word_count"],
        reading_time_minutes=doc["reading_time_minutes"],
        plain_text=text,
        sections=[_section(s) for s in doc["sections"]],
        quotes=[_quote(q, i, text) for i, q in enumerate(doc.get("quotes") or [], start=1)],
        figures=[_figure(f) for f in doc.get("figures") or []],
        dates=[_date(d, i, text) for i, d in enumerate(doc.get("dates") or [], start=1)],
        scenarios=[_scenario(s, text) for s in doc.get("scenarios") or []],
        source_hash=hashlib.sha256(orjson.dumps(entry, option=orjson.OPT_SORT_KEYS)).hexdigest(),
    )


def _section(s: dict[str, Any]) -> m.Section:
    return m.Section(
        id=s["id"],
        position=s["position"],
        heading=s["heading"],
        anchor=s["anchor"],
        blocks=[m.Block(**b) for b in s["blocks"]],
    )


def _quote(q: dict[str, Any], position: int, text: str) -> m.Quote:
    """A quote; its position is its place in the list (the document does not carry one)."""
    return m.Quote(
        id=q["id"],
        position=position,
        kind=q["kind"],
        text=q["text"],
        attributed_to=q["attributed_to"],
        section_id=q["section_id"],
        selector=_selector(q["selector"], text, f"quote {q['id']}"),
        **_provenance(q),
    )


FIGURE_FIELDS = ("id", "position", "section_id", "caption", "credit", "alt", "image_url")


def _figure(f: dict[str, Any]) -> m.Figure:
    return m.Figure(**{k: f[k] for k in FIGURE_FIELDS})


def _date(d: dict[str, Any], position: int, text: str) -> m.DateMention:
    """A date mention; its position is its place in the list, like a quote's."""
    return m.DateMention(
        id=d["id"],
        position=position,
        text=d["text"],
        value=d["value"],
        precision=d["precision"],
        start=date.fromisoformat(d["start"][:10]),
        end=date.fromisoformat(d["end"][:10]),
        label=d["label"],
        where=d["where"],
        section_id=d["section_id"],
        selector=_selector(d["selector"], text, f"date {d['id']}"),
        **_provenance(d),
    )


def _scenario(s: dict[str, Any], text: str) -> m.Scenario:
    return m.Scenario(
        id=s["id"],
        key=s["key"],
        position=s["position"],
        title=s["title"],
        summary=s["summary"],
        description=s["description"],
        selectors=[_selector(x, text, f"scenario {s['key']}") for x in s["selectors"]],
        **_provenance(s),
    )
