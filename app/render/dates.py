"""Dates as a reader expects them, at the precision the essay gave them."""

from __future__ import annotations

from datetime import date, datetime

from app.importer.dates import ordinal_suffix

MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
SEASON_NAMES = {"21": "Spring", "22": "Summer", "23": "Autumn", "24": "Winter"}


def readable_date(value: str, precision: str, short: bool = False) -> str:
    """`2011-12` → `December 2011`; `2022-10-26T13:48:00+01:00` → `26 October 2022, 13:48`;
    `1968-22` → `Summer 1968`; `199X` → `1990s`; `18XX` → `19th century`; an interval `A/B`
    → `A – B`."""
    if "/" in value and "T" not in value:
        low, _, high = value.partition("/")
        return f"{readable_date(low, precision, short)} – {readable_date(high, precision, short)}"
    if precision == "century":
        number = int(value[:2]) + 1
        return f"{number}{ordinal_suffix(number)} century"
    if precision == "decade":
        return f"{value[:3]}0s"
    if precision == "year":
        return value[:4]
    if precision == "season":
        return f"{SEASON_NAMES[value[5:7]]} {value[:4]}"

    def month(number: int) -> str:
        return MONTHS[number - 1][: 3 if short else None]

    if precision == "month":
        return f"{month(int(value[5:7]))} {value[:4]}"
    day = date.fromisoformat(value[:10])
    text = f"{day.day} {month(day.month)} {day.year}"
    if precision == "minute":
        text += datetime.fromisoformat(value).strftime(", %H:%M")
    return text
