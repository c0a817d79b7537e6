"""The timeline across essays (`/v1/timeline`)."""

from __future__ import annotations

from app.schemas.common import Page
from app.schemas.essays import EssayRef
from app.schemas.timeline import TimelineEntry


class TimelineEntryAcross(TimelineEntry):
    """One date in one essay: that essay's own timeline entry, with which essay it is."""

    essay: EssayRef


class PageTimelineEntryAcross(Page[TimelineEntryAcross]):
    """A page of the timeline across essays."""
