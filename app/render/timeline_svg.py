"""An essay's dates on a time axis, as inline SVG.

Positions are percentages and sizes are pixels, so the axis fills any width while marks and
labels keep a legible size; marks too close to share a lane at 320 px go to the next lane.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any

LEFT, RIGHT = 6.0, 94.0  # the axis, in % of the width
NARROWEST = 288  # px: the axis at 320 px wide, less the page's padding
GAP = 16 / NARROWEST * 100  # % that two marks in one lane keep between them
LANE = 20  # px
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)
MAX_TICKS = 6


def _day(iso: str) -> int:
    return date.fromisoformat(iso[:10]).toordinal()


def _ticks(first: int, last: int) -> list[int]:
    step = next((s for s in TICK_STEPS if (last - first) / s <= MAX_TICKS), TICK_STEPS[-1])
    return [year for year in range(first, last + 1) if year % step == 0]


class Axis:
    """The layout of a timeline: years covered, and each entry's span and lane."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.first = int(entries[0]["start"][:4])
        self.last = max(int(e["end"][:4]) for e in entries) + 1
        self.marks: list[tuple[dict[str, Any], float, float, int]] = []
        lane_ends: list[float] = []
        for entry in entries:
            x0, x1 = self.x(_day(entry["start"])), self.x(_day(entry["end"]) + 1)
            end = x0 if _is_point(entry) else x1
            lane = next((i for i, e in enumerate(lane_ends) if e + GAP <= x0), len(lane_ends))
            lane_ends[lane : lane + 1] = [end]
            self.marks.append((entry, x0, x1, lane))
        self.baseline = 14 + len(lane_ends) * LANE
        self.height = self.baseline + 30

    def x(self, day: int) -> float:
        low, high = date(self.first, 1, 1).toordinal(), date(self.last, 1, 1).toordinal()
        return LEFT + (day - low) * (RIGHT - LEFT) / (high - low)


def _is_point(entry: dict[str, Any]) -> bool:
    """A single day or instant; a range of days, like a month or a century, is a bar."""
    return entry["precision"] in ("day", "minute") and entry["start"][:10] == entry["end"][:10]


def _mark(x0: float, x1: float, y: int, point: bool) -> str:
    if point:
        return f'<circle cx="{x0:.2f}%" cy="{y}" r="6"/>'
    # A stroke around a thin rect: a month still shows as a short bar at 320 px.
    return f'<rect x="{x0:.2f}%" y="{y}" width="{x1 - x0:.2f}%" height="1"/>'


def timeline_svg(entries: list[dict[str, Any]], describe: Callable[[dict[str, Any]], str]) -> str:
    """Each date as a dot (a day or minute) or a bar (a month or year), titled by `describe`."""
    axis = Axis(entries)
    marks = "".join(
        f"<g><title>{escape(describe(entry))}</title>"
        f"{_mark(x0, x1, 14 + lane * LANE, _is_point(entry))}</g>"
        for entry, x0, x1, lane in axis.marks
    )
    y = axis.baseline
    ticks = []
    for year in _ticks(axis.first, axis.last):
        at = f"{axis.x(date(year, 1, 1).toordinal()):.2f}%"
        ticks.append(f'<line x1="{at}" x2="{at}" y1="{y - 5}" y2="{y + 5}"/>')
        ticks.append(f'<text x="{at}" y="{y + 22}">{year}</text>')
    label = f"Timeline of {len(entries)} dates, {axis.first} to {axis.last - 1}"
    return (
        f'<svg role="group" aria-label="{label}" width="100%" height="{axis.height}">'
        f"<title>{label}</title>"
        f'<line x1="{LEFT}%" x2="{RIGHT}%" y1="{y}" y2="{y}"/>{"".join(ticks)}'
        f'<g class="marks">{marks}</g></svg>'
    )
