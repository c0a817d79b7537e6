"""Group date mentions into a timeline: one entry per distinct date, oldest first."""

from __future__ import annotations

from typing import Any


def timeline_of(dates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for d in dates:
        entry = entries.setdefault(
            d["value"],
            {
                "value": d["value"],
                "precision": d["precision"],
                "start": d["start"],
                "end": d["end"],
                "label": None,
                "mentions": [],
            },
        )
        entry["label"] = entry["label"] or d["label"]
        entry["mentions"].append(
            {k: d[k] for k in ("id", "text", "where", "section_id", "selector")}
        )
    return sorted(entries.values(), key=timeline_key)


def timeline_key(entry: dict[str, Any]) -> list[Any]:
    return [entry["start"], entry["end"], entry["value"]]
