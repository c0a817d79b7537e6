"""Find date mentions in text and normalise them to ISO 8601 / EDTF values with an interval.

Written forms, and the value each gets:

- `24 February 2022`, `February 24, 2022`, `2022-02-24` → `2022-02-24` (day); `24 February`
  takes its year from the publication date; a day followed by a time (`1.48pm`, `13:48`) is
  minute-precise in the publication's time zone.
- `5–7 May 2023`, `May 5-7, 2023`, `30 April – 2 May 2023` → `2023-05-05/2023-05-07` (an EDTF
  interval of days; precision `day`, start and end the two days).
- `December 2011` → `2011-12` (month); `2014` → `2014` (year).
- `early 2019` / `mid-2019` / `late 2019` → `2019-01/2019-04`, `2019-05/2019-08`,
  `2019-09/2019-12` (an interval of months, precision `month`).
- `the summer of 1968`, `autumn 2020` → EDTF seasons `1968-22` (21 spring, 22 summer,
  23 autumn, 24 winter), precision `season`, covering the meteorological season of the
  northern hemisphere (winter runs December to February).
- `the 1990s`, `the early 2000s` → `199X`, `200X` (decade; a qualifier stays in the text only).
- `between 2019 and 2021`, `from 1989 to 1991`, `1930–1936` → `2019/2021` (an EDTF interval
  of two mentions of one precision, the first before the second; `2016 and 2017` stays two).
- `the nineteenth century`, `the 19th century`, `twenty-first-century` → `18XX`, `20XX`
  (century; the 19th century counts as 1800–1899, as its EDTF value says).

Quantities are not dates: `1,500`, `£2000`, `2000%`, `13 years`, `more than 2000 people`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
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
_MONTH_WORDS = "|".join(sorted((m.title() for m in MONTH_NUMBERS), key=len)[::-1])

# EDTF season codes and the months each covers (northern hemisphere, meteorological).
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}
# The months `early`, `mid` and `late` narrow a year to.
YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}

_ORDINAL_WORDS = [
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    *("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"),
    *("seventeenth", "eighteenth", "nineteenth", "twentieth"),
]
ORDINALS = {word: number for number, word in enumerate(_ORDINAL_WORDS, 1)}
ORDINALS |= {f"twenty-{word}": 20 + n for word, n in list(ORDINALS.items())[:9]}


def _month(name: str = "month") -> str:
    # Capitalised only: "may" the verb is not a month.
    return f"(?P<{name}>{_MONTH_WORDS})"


_MONTH = _month()
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1\d{3}|20\d{2})"
_TIME = r"(?P<hour>[0-2]?\d)[.:](?P<minute>[0-5]\d)\s*(?P<meridiem>(?i:[ap]m|[ap]\.m\.))?"
_YEAR_TAIL = rf"(?:,?\s+{_YEAR}(?:,?\s+{_TIME})?)?"
_DASH = r"\s*(?:[-\u2010\u2013\u2014]|to)\s*"
_PART = r"(?:(?P<part>(?i:early|mid|late))[-\u2010\s]+)"

DAY_MONTH = re.compile(rf"(?<!\w){_DAY}\s+{_MONTH}{_YEAR_TAIL}(?!\w)")
MONTH_DAY = re.compile(rf"(?<!\w){_MONTH}\s+{_DAY}{_YEAR_TAIL}(?!\w)")
MONTH_YEAR = re.compile(rf"(?<!\w){_MONTH}\s+{_YEAR}(?!\w)")
ISO_DAY = re.compile(rf"(?<![\w\-]){_YEAR}-(?P<mm>0[1-9]|1[0-2])-(?P<dd>[0-3]\d)(?![\w\-])")
DAY_RANGE = re.compile(
    rf"(?<![\w\-]){_DAY}(?:\s+{_month('month1')})?{_DASH}{_DAY2}\s+{_MONTH}(?:,?\s+{_YEAR})?(?!\w)"
)
MONTH_DAY_RANGE = re.compile(
    rf"(?<!\w){_MONTH}\s+{_DAY}{_DASH}(?:{_month('month2')}\s+)?{_DAY2}(?:,?\s+{_YEAR})?(?!\w)"
)
PART_YEAR = re.compile(rf"(?<!\w){_PART}{_YEAR}(?!\w|['\u2019]?s\b)")
SEASON = re.compile(
    rf"(?<!\w)(?P<season>(?i:spring|summer|autumn|fall|winter))(?:\s+of)?\s+{_YEAR}(?!\w)"
)
DECADE = re.compile(rf"(?<![\w.,£$€]){_PART}?(?P<decade>1\d{{2}}0|20\d0)['\u2019]?s(?!\w)")
_ORDINAL = "|".join(sorted(ORDINALS, key=len)[::-1])
CENTURY = re.compile(
    rf"(?<![\w\-]){_PART}?(?P<century>(?i:{_ORDINAL})|[12]?\d(?:st|nd|rd|th))"
    r"[-\u2010\s]+(?i:century)(?!\w)"
)
# A year standing alone as a word; not an amount (1,500 / £2000 / 2000%) nor a duration.
BARE_YEAR = re.compile(rf"(?<![\w.,£$€]){_YEAR}(?![\w%]|[.,]\d|\s*[-\u2010\u2013]?\s*years?\b)")
# "more than 2000 people": a count, not a year.
_COUNTED = re.compile(
    r"(?i:\b(?:more|fewer|less|other)\s+than|\b(?:about|around|nearly|almost|some|roughly|over"
    r"|approximately|up\s+to|at\s+least|at\s+most|exactly|another|only|just|under))\s+$"
)
_COUNT_LOOKBEHIND = 24
_COUNTED_NOUN = re.compile(r"\s+[a-z]")

_DIGIT = re.compile(r"\d")
# What joins two mentions into an interval: a dash, or "between … and", "from … to/until".
_DASH_JOIN = re.compile(r"\s*[-\u2010\u2013\u2014]\s*")
_WORD_JOIN = re.compile(r"\s+(?P<word>and|to|until|till|through)\s+", re.IGNORECASE)
_OPENER = re.compile(r"(?<!\w)(?P<word>between|from)\s+(?:the\s+)?$", re.IGNORECASE)
_OPENS = {"between": ("and",), "from": ("to", "until", "till", "through")}
_DAY_FORMS = (DAY_MONTH, MONTH_DAY)

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


Interpreter = Callable[[re.Match[str], tzinfo | None, date | None], "FoundDate | None"]


def looks_like_date_line(line: str) -> bool:
    return len(line) <= DATE_LINE_MAX_LENGTH and DATE_LINE_SHAPE.match(line) is not None


def parse_date_line(line: str, zone: ZoneInfo) -> FoundDate | None:
    """The byline's date line as a whole: a full date, optionally with a time, else None."""
    for form in _DAY_FORMS:
        match = form.fullmatch(line)
        if match and match["year"]:
            return _interpret(match, zone, reference=None)
    return None


def find_dates(
    text: str, published: datetime | None, zone: tzinfo | None = None
) -> list[FoundDate]:
    """Every date mention in `text`, longest form first where forms overlap, in reading order.

    A year-less day ("26 October") is read as the latest one not after `published`; with no
    publication date it is not a date at all. Times get `published`'s offset, else `zone`'s."""
    if not _DIGIT.search(text) and "entury" not in text:  # skip the scans: no date here
        return []
    starts: dict[str, list[int]] = {}
    matches = sorted(
        (
            (match, interpret)
            for form, interpret, start in _forms_for(text)
            for match in _form_matches(form, start, text, starts)
        ),
        key=lambda pair: (pair[0].start(), -pair[0].end()),
    )
    found: list[FoundDate] = []
    taken_until = 0
    for match, interpret in matches:
        if match.start() < taken_until:
            continue
        mention = interpret(match, *_reference(published, zone))
        if mention is not None:
            found.append(mention)
            taken_until = match.end()
    return join_intervals(text, found) if len(found) > 1 else found


def join_intervals(text: str, found: list[FoundDate]) -> list[FoundDate]:
    """Two mentions joined as an interval ("between X and Y", "from X to Y", "X–Y") become
    one mention of the interval, when both have one precision and the first comes first."""
    joined: list[FoundDate] = []
    for mention in found:
        low = joined[-1] if joined else None
        if low is not None and "/" not in low.value and _joins(text, low, mention):
            opener = _OPENER.search(text, 0, low.start)
            start = opener.start() if opener else low.start
            value = f"{low.value}/{mention.value}"
            joined[-1] = FoundDate(
                start, mention.end, text[start : mention.end], value, low.precision,
                low.first, mention.last,
            )  # fmt: skip
        else:
            joined.append(mention)
    return joined


def _joins(text: str, low: FoundDate, high: FoundDate) -> bool:
    if low.precision != high.precision or low.precision == "minute" or low.last >= high.first:
        return False
    between = text[low.end : high.start]
    if _DASH_JOIN.fullmatch(between):
        return True
    word = _WORD_JOIN.fullmatch(between)
    opener = _OPENER.search(text, 0, low.start)
    return bool(word and opener and word["word"].lower() in _OPENS[opener["word"].lower()])


def _reference(
    published: datetime | None, zone: tzinfo | None
) -> tuple[tzinfo | None, date | None]:
    return (published.tzinfo, published.date()) if published else (zone, None)


def _span(match: re.Match[str]) -> tuple[int, int, str]:
    return match.start(), match.end(), match[0]


def _interpret(
    match: re.Match[str], zone: tzinfo | None, reference: date | None
) -> FoundDate | None:
    groups = match.groupdict()
    span = _span(match)
    if groups.get("month") is None:
        year = int(groups["year"])
        return FoundDate(*span, f"{year:04d}", "year", date(year, 1, 1), date(year, 12, 31))
    month = MONTH_NUMBERS[groups["month"].lower()]
    if groups.get("day") is None:
        first, last = _month_interval(int(groups["year"]), month)
        return FoundDate(*span, first.isoformat()[:7], "month", first, last)
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


def _bare_year(
    match: re.Match[str], zone: tzinfo | None, reference: date | None
) -> FoundDate | None:
    """A year, unless a word of quantity stands before it and a noun after ("about 2000
    people"; "around 2027." is a year)."""
    before = match.string[max(0, match.start() - _COUNT_LOOKBEHIND) : match.start()]
    counted = _COUNTED.search(before) and _COUNTED_NOUN.match(match.string, match.end())
    return None if counted else _interpret(match, zone, reference)


def _iso_day(match: re.Match[str], zone: tzinfo | None, reference: date | None) -> FoundDate | None:
    try:
        day = date(int(match["year"]), int(match["mm"]), int(match["dd"]))
    except ValueError:
        return None
    return FoundDate(*_span(match), day.isoformat(), "day", day, day)


def _day_range(
    match: re.Match[str], zone: tzinfo | None, reference: date | None
) -> FoundDate | None:
    """`5–7 May 2023`, `30 April – 2 May`, `May 5–7, 2023`: one mention of an interval."""
    groups = match.groupdict()
    last_month = MONTH_NUMBERS[(groups.get("month2") or groups["month"]).lower()]
    first_month = MONTH_NUMBERS[(groups.get("month1") or groups["month"]).lower()]
    try:
        if groups["year"]:
            last = date(int(groups["year"]), last_month, int(groups["day2"]))
        else:
            last = _latest(last_month, int(groups["day2"]), reference)
        year = last.year - (1 if first_month > last_month else 0)
        first = date(year, first_month, int(groups["day"]))
    except ValueError:
        return None
    if first >= last:
        return None
    value = f"{first.isoformat()}/{last.isoformat()}"
    return FoundDate(*_span(match), value, "day", first, last)


def _part_year(
    match: re.Match[str], zone: tzinfo | None, reference: date | None
) -> FoundDate | None:
    year = int(match["year"])
    low, high = YEAR_PARTS[match["part"].lower()]
    first, last = date(year, low, 1), _month_interval(year, high)[1]
    value = f"{year:04d}-{low:02d}/{year:04d}-{high:02d}"
    return FoundDate(*_span(match), value, "month", first, last)


def _season(match: re.Match[str], zone: tzinfo | None, reference: date | None) -> FoundDate:
    year, code = int(match["year"]), SEASONS[match["season"].lower()]
    first, last = season_interval(year, code)
    return FoundDate(*_span(match), f"{year:04d}-{code}", "season", first, last)


def _decade(match: re.Match[str], zone: tzinfo | None, reference: date | None) -> FoundDate:
    start = int(match["decade"])
    value = f"{start // 10:03d}X"
    return FoundDate(*_span(match), value, "decade", date(start, 1, 1), date(start + 9, 12, 31))


def _century(match: re.Match[str], zone: tzinfo | None, reference: date | None) -> FoundDate | None:
    word = match["century"].lower()
    number = ORDINALS.get(word) or int(word[:-2])
    if not 2 <= number <= 22 or (word not in ORDINALS and word[-2:] != ordinal_suffix(number)):
        return None  # "1th century", or before the calendar a `date` can hold
    start = (number - 1) * 100
    value = f"{number - 1:02d}XX"
    return FoundDate(*_span(match), value, "century", date(start, 1, 1), date(start + 99, 12, 31))


def ordinal_suffix(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


# Each form, how to read it, and a cheap test the text must pass before the form is tried:
# most paragraphs name no month, season, decade or century, and the scans cost more than
# the tests.
# Every month word (capitalised, "Sept" too) starts with one of these: a superset of the
# month forms, found without their lookarounds.
_MONTH_PREFIX = re.compile("|".join(sorted({name[:3] for name in _MONTHS})))
_ISO_GATE = re.compile(r"\d-[01]\d-")
_DECADE_GATE = re.compile(r"0['\u2019]?s")
# The word gates test the casefolded text with `in`: several times cheaper than a
# case-insensitive search, and casefolding matches at least what `re.IGNORECASE` does.
_WORD_GATES = {
    "part": ("early", "mid", "late"),
    "season": tuple(SEASONS),
    "century": ("century",),
}


def _passed_gates(text: str) -> set[str]:
    passed = {
        name
        for name, gate in (("month", _MONTH_PREFIX), ("iso", _ISO_GATE), ("decade", _DECADE_GATE))
        if gate.search(text)
    }
    folded = text.casefold()
    passed.update(
        name for name, words in _WORD_GATES.items() if any(word in folded for word in words)
    )
    return passed


# Where a form's matches must begin, when that is a month word or a number ("number": the
# form's lookbehind rules out a word character before its first digit, so it starts a run of
# digits). The forms open with a lookbehind, which the engine tries at every character; one
# search for month words or digits finds the few places worth trying far sooner.
_STARTS = {"month": re.compile(_MONTH_WORDS), "number": re.compile(r"\d+")}

_FORMS: tuple[tuple[re.Pattern[str], Interpreter, str | None, str | None], ...] = (
    (DAY_RANGE, _day_range, "month", "number"),
    (MONTH_DAY_RANGE, _day_range, "month", "month"),
    (DAY_MONTH, _interpret, "month", "number"),
    (MONTH_DAY, _interpret, "month", "month"),
    (ISO_DAY, _iso_day, "iso", "number"),
    (MONTH_YEAR, _interpret, "month", "month"),
    (PART_YEAR, _part_year, "part", None),
    (SEASON, _season, "season", None),
    (DECADE, _decade, "decade", None),
    (CENTURY, _century, "century", None),
    (BARE_YEAR, _bare_year, None, "number"),
)


def _forms_for(text: str) -> list[tuple[re.Pattern[str], Interpreter, str | None]]:
    """The forms worth trying on the text, each with its interpreter and where it may begin."""
    passed = _passed_gates(text)
    return [(form, read, at) for form, read, gate, at in _FORMS if gate is None or gate in passed]


def _form_matches(
    form: re.Pattern[str], start: str | None, text: str, starts: dict[str, list[int]]
) -> Iterator[re.Match[str]]:
    """`form.finditer(text)`, the form tried only where `_STARTS[start]` finds its matches may
    begin; `starts` keeps those places for the other forms of the text."""
    if start is None:
        yield from form.finditer(text)
        return
    if start not in starts:
        starts[start] = [found.start() for found in _STARTS[start].finditer(text)]
    end = 0
    for at in starts[start]:
        if at >= end and (match := form.match(text, at)):
            yield match
            end = match.end()


def season_interval(year: int, code: int) -> tuple[date, date]:
    """The days an EDTF season (21–24) of `year` covers; winter runs into the next year."""
    low, high = SEASON_MONTHS[code]
    end_year = year + 1 if high < low else year
    return date(year, low, 1), _month_interval(end_year, high)[1]


def _month_interval(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def edtf_interval(value: str) -> tuple[Precision, date, date]:
    """(precision, first day, last day) of a date-level EDTF value this module writes:
    `2022-02-24`, `2011-12`, `2014`, `1968-22`, `199X`, `18XX`, or `A/B` of two of them.
    ValueError for anything else."""
    if "/" in value:
        low, _, high = value.partition("/")
        precision, first, _ = edtf_interval(low)
        end_precision, _, last = edtf_interval(high)
        if precision != end_precision or first > last:
            raise ValueError(f"'{value}' is not an interval from its start to its end")
        return precision, first, last
    if re.fullmatch(r"\d{2}XX", value):
        start = int(value[:2]) * 100
        return "century", date(start, 1, 1), date(start + 99, 12, 31)
    if re.fullmatch(r"\d{3}X", value):
        start = int(value[:3]) * 10
        return "decade", date(start, 1, 1), date(start + 9, 12, 31)
    if not re.fullmatch(r"\d{4}(?:-\d{2}){0,2}", value):
        raise ValueError(f"'{value}' is not an ISO 8601 / EDTF date")
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return "year", date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2 and parts[1] in SEASON_MONTHS:
        return "season", *season_interval(*parts)
    if len(parts) == 2:
        return "month", *_month_interval(*parts)
    day = date(*parts)
    return "day", day, day


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
