"""Find date mentions in text and normalise them to ISO 8601 / EDTF values with an interval.

Written forms: `24 February 2022`, `February 24, 2022`, `24 February` (year inferred from the
publication date), `December 2011`, a bare year `2014`, and any day form followed by a time
(`1.48pm`, `10.05am`, `13:48`), which makes it minute-precise in the publication's time zone.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from .model import Precision

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(_MONTHS, 1)}
MONTH_NUMBERS |= {name[:3].lower(): number for number, name in enumerate(_MONTHS, 1)}
MONTH_NUMBERS["sept"] = 9

# Capitalised only: "may" the verb is not a month.
_MONTH = "(?P<month>" + "|".join(sorted((m.title() for m in MONTH_NUMBERS), key=len)[::-1]) + ")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1\d{3}|20\d{2})"
_TIME = r"(?P<hour>[0-2]?\d)[.:](?P<minute>[0-5]\d)\s*(?P<meridiem>(?i:[ap]m|[ap]\.m\.))?"
_YEAR_TAIL = rf"(?:,?\s+{_YEAR}(?:,?\s+{_TIME})?)?"

DAY_MONTH = re.compile(rf"(?<!\w){_DAY}\s+{_MONTH}{_YEAR_TAIL}(?!\w)")
MONTH_DAY = re.compile(rf"(?<!\w){_MONTH}\s+{_DAY}{_YEAR_TAIL}(?!\w)")
MONTH_YEAR = re.compile(rf"(?<!\w){_MONTH}\s+{_YEAR}(?!\w)")
# A year standing alone as a word; not an amount (1,500 / £2000 / 2000%) nor a duration.
BARE_YEAR = re.compile(rf"(?<![\w.,£$€]){_YEAR}(?![\w%]|[.,]\d|\s*[-\u2010\u2013]?\s*years?\b)")

_DIGIT = re.compile(r"\d")
_DAY_FORMS = (DAY_MONTH, MONTH_DAY)
_ALL_FORMS = (*_DAY_FORMS, MONTH_YEAR, BARE_YEAR)

# Looks like the byline's date line (a day, a month word, a year), whether or not it parses.
DATE_LINE_SHAPE = re.compile(
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+|[A-Za-z]+\s+\d{1,2}(?:st|nd|rd|th)?,?)\s+\d{4}\b"
)
DATE_LINE_MAX_LENGTH = 40


@dataclass(frozen=True)
class FoundDate:
    """One mention: where it is in the searched text and what it means."""

    start: int
    end: int
    text: str
    value: str
    precision: Precision
    first: date
    last: date
    moment: datetime | None = None  # set for minute precision


def looks_like_date_line(line: str) -> bool:
    return len(line) <= DATE_LINE_MAX_LENGTH and DATE_LINE_SHAPE.match(line) is not None


def parse_date_line(line: str, zone: ZoneInfo) -> FoundDate | None:
    """The byline's date line as a whole: a full date, optionally with a time, else None."""
    for form in _DAY_FORMS:
        match = form.fullmatch(line)
        if match and match["year"]:
            return _interpret(match, zone, reference=None)
    return None


def find_dates(text: str, published: datetime) -> list[FoundDate]:
    """Every date mention in `text`, longest form first where forms overlap, in reading order."""
    if not _DIGIT.search(text):  # every form has a day or a year: skip the scans
        return []
    matches = sorted(
        (match for form in _ALL_FORMS for match in form.finditer(text)),
        key=lambda match: (match.start(), -match.end()),
    )
    found: list[FoundDate] = []
    taken_until = 0
    for match in matches:
        if match.start() < taken_until:
            continue
        mention = _interpret(match, published.tzinfo, reference=published.date())
        if mention is not None:
            found.append(mention)
            taken_until = match.end()
    return found


def _interpret(
    match: re.Match[str], zone: tzinfo | None, reference: date | None
) -> FoundDate | None:
    groups = match.groupdict()
    span = (match.start(), match.end(), match[0])
    if groups.get("month") is None:
        year = int(groups["year"])
        return FoundDate(*span, f"{year:04d}", "year", date(year, 1, 1), date(year, 12, 31))
    month = MONTH_NUMBERS[groups["month"].lower()]
    if groups.get("day") is None:
        year = int(groups["year"])
        last_day = calendar.monthrange(year, month)[1]
        first, last = date(year, month, 1), date(year, month, last_day)
        return FoundDate(*span, f"{year:04d}-{month:02d}", "month", first, last)
    number = int(groups["day"])
    try:
        if groups["year"]:
            day = date(int(groups["year"]), month, number)
        else:
            day = _latest(month, number, reference)
    except ValueError:
        return None
    if groups["hour"] is None:
        return FoundDate(*span, day.isoformat(), "day", day, day)
    clock = _clock(groups["hour"], groups["minute"], groups["meridiem"])
    if clock is None:
        return None
    moment = datetime.combine(day, clock, zone)
    return FoundDate(*span, moment.isoformat(), "minute", day, day, moment)


def _latest(month: int, day: int, reference: date | None) -> date:
    """The latest such day not after the reference (publication) date; ValueError if none."""
    if reference is None:
        raise ValueError("a year-less date needs a reference date")
    for year in range(reference.year, reference.year - 8, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference:
            return candidate
    raise ValueError(f"no valid day {day} in month {month}")


def _clock(hour_text: str, minute_text: str, meridiem: str | None) -> time | None:
    hour, minute = int(hour_text), int(minute_text)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.lower().startswith("p") else 0)
    return time(hour, minute) if hour < 24 else None
