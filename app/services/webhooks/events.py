"""Event names: what a change is called for a webhook that subscribes to some of them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

ESSAY_EVENTS = {
    "create": "essay.created",
    "update": "essay.updated",
    "restore": "essay.restored",
    "delete": "essay.deleted",
}
PARTS = {"quotes": "quote", "scenarios": "scenario", "figures": "figure", "dates": "date"}
PART_ACTIONS = {"add": "created", "replace": "updated", "remove": "deleted"}
PING = "ping"
EVENTS = (
    *ESSAY_EVENTS.values(),
    *(f"{part}.{action}" for part in PARTS.values() for action in PART_ACTIONS.values()),
)
# A webhook may also name a family (`quote.*`) or everything (`*`).
SUBSCRIBABLE = (*EVENTS, "essay.*", *(f"{part}.*" for part in PARTS.values()), "*")
_PART_PATH = re.compile(r"^/(?P<collection>[a-z]+)/[^/]+$")


def events_of(kind: str, changes: list[dict[str, Any]]) -> list[str]:
    """The events one change raises, those of its parts first: an edit of a quote is a
    `quote.updated` and an `essay.updated`."""
    found: list[str] = []
    for change in changes if kind == "update" else []:
        matched = _PART_PATH.match(str(change.get("path", "")))
        action = PART_ACTIONS.get(str(change.get("op")))
        if matched and action and matched["collection"] in PARTS:
            found.append(f"{PARTS[matched['collection']]}.{action}")
    found.append(ESSAY_EVENTS[kind])
    return list(dict.fromkeys(found))


def subscribed(subscriptions: Iterable[str], event: str) -> bool:
    family = event.split(".", 1)[0] + ".*"
    return any(name in ("*", event, family) for name in subscriptions)


def first_subscribed(subscriptions: Iterable[str], events: list[str]) -> str | None:
    wanted = list(subscriptions)
    return next((event for event in events if subscribed(wanted, event)), None)
