"""Dates as a reader expects them, at the precision the essay gave them."""

from __future__ import annotations

from datetime import date, datetime

MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def readable_date(value: str, precision: str, short: bool = False) -> str:
    """`2011-12` → `December 2011`; `2022-10-26T13:48:00+01:00` → `26 October 2022, 13:48`."""
    if precision == "year":
        return value[:4]

    def month(number: int) -> str:
        return MONTHS[number - 1][: 3 if short else None]

    if precision == "month":
        return f"{month(int(value[5:7]))} {value[:4]}"
    day = date.fromisoformat(value[:10])
    text = f"{day.day} {month(day.month)} {day.year}"
    if precision == "minute":
        text += datetime.fromisoformat(value).strftime(", %H:%M")
    return text
