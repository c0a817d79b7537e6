"""Immutable essay versions, parsed once per worker and kept with their rendered bodies.

A version never changes once committed, so a cached one is never stale; what can change is
which version is current, and every request asks the database that (one indexed lookup).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa

from app.core.errors import Gone, NotFound
from app.db import tables

MAX_RENDERS_PER_VERSION = 64
ESSAY: sa.Table = tables.Essay.__table__  # type: ignore[attr-defined]
REVISION: sa.Table = tables.Revision.__table__  # type: ignore[attr-defined]


@dataclass
class EssayVersion:
    essay_id: int
    slug: str
    version: int
    document: dict[str, Any]  # the full snapshot, every list included
    plain_text: str
    renders: OrderedDict[Any, Any] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def updated_at(self) -> datetime:
        return datetime.fromisoformat(self.document["updated_at"])

    def recall(self, key: Any) -> Any | None:
        """A memoised rendering, or None; never produces one."""
        with self._lock:
            value = self.renders.get(key)
            if value is not None:
                self.renders.move_to_end(key)
            return value

    def render(self, key: Any, produce: Callable[[], Any]) -> Any:
        """Memoise a rendering of this version (a body, its ETag); bounded per version."""
        with self._lock:
            if key in self.renders:
                self.renders.move_to_end(key)
                return self.renders[key]
        value = produce()
        with self._lock:
            self.renders[key] = value
            while len(self.renders) > MAX_RENDERS_PER_VERSION:
                self.renders.popitem(last=False)
        return value


@dataclass(frozen=True)
class Served:
    """The version a request is served, and whether the client pinned it with `?version=`."""

    essay: EssayVersion
    pinned: bool


@dataclass(frozen=True)
class Versions:
    """An essay's versions, 1 to `current`; a deleted essay's last one is its tombstone."""

    slug: str
    essay_id: int
    current: int
    deleted_at: datetime | None

    def gone(self) -> Gone:
        assert self.deleted_at is not None
        before = f"; versions 1 to {self.current - 1} stay readable" if self.current > 1 else ""
        return Gone(
            f"The essay '{self.slug}' was deleted at {self.deleted_at.isoformat()}{before}."
        )

    def readable(self, version: int) -> int:
        """`version` if it can be read: every version but a deleted essay's tombstone, forever."""
        if version > self.current:
            raise NotFound(
                f"The essay '{self.slug}' has no version {version}; it is at {self.current}."
            )
        if self.deleted_at is not None and version == self.current:
            raise self.gone()
        return version


def essay_versions(connection: sa.Connection, slug: str) -> Versions:
    """The essay's versions, live or deleted; 404 if no essay ever had the slug."""
    row = connection.execute(
        sa.select(ESSAY.c.id, ESSAY.c.version, ESSAY.c.deleted_at).where(ESSAY.c.slug == slug)
    ).first()
    if row is None:
        raise NotFound(f"No essay has the slug '{slug}'.")
    return Versions(slug, *row)


def current_version(connection: sa.Connection, slug: str) -> tuple[int, int]:
    """(essay id, current version) of a live essay; 404 if unknown, 410 if deleted."""
    versions = essay_versions(connection, slug)
    if versions.deleted_at is not None:
        raise versions.gone()
    return versions.essay_id, versions.current


class SnapshotCache:
    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple[int, int], EssayVersion] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def peek(self, essay_id: int, version: int) -> EssayVersion | None:
        """The version if this worker has it parsed; never reads the database."""
        with self._lock:
            cached = self._items.get((essay_id, version))
            if cached is not None:
                self._items.move_to_end((essay_id, version))
            return cached

    def serve(self, connection: sa.Connection, slug: str, version: int | None) -> Served:
        """The current version, or `version`, which stays readable after a delete."""
        if version is None:
            essay_id, current = current_version(connection, slug)
            return Served(self.get(connection, essay_id, slug, current), pinned=False)
        versions = essay_versions(connection, slug)
        wanted = versions.readable(version)
        return Served(self.get(connection, versions.essay_id, slug, wanted), pinned=True)

    def get(
        self, connection: sa.Connection, essay_id: int, slug: str, version: int
    ) -> EssayVersion:
        key = (essay_id, version)
        with self._lock:
            cached = self._items.get(key)
            if cached is not None:
                self._items.move_to_end(key)
                return cached
        row = connection.execute(
            sa.select(REVISION.c.snapshot, tables.REVISION_PLAIN_TEXT)
            .join(ESSAY, ESSAY.c.id == REVISION.c.essay_id)
            .where(REVISION.c.essay_id == essay_id, REVISION.c.version == version)
        ).one()
        loaded = EssayVersion(essay_id, slug, version, orjson.loads(row.snapshot), row.plain_text)
        with self._lock:
            self._items[key] = loaded
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return loaded
