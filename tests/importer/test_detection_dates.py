"""Every written form of a date, its EDTF value and interval; and the quantities that are not."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.importer.dates import edtf_interval, find_dates
from app.render.dates import readable_date

PUBLISHED = datetime(2023, 6, 12, 7, 40, tzinfo=ZoneInfo("Europe/London"))


def one(text: str) -> tuple[str, str, str, str, str]:
    (mention,) = find_dates(text, PUBLISHED)
    return (
        mention.text,
        mention.value,
        mention.precision,
        mention.first.isoformat(),
        mention.last.isoformat(),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It fell on 3 March 2021.",
         ("3 March 2021", "2021-03-03", "day", "2021-03-03", "2021-03-03")),
        ("It fell on March 3, 2021.",
         ("March 3, 2021", "2021-03-03", "day", "2021-03-03", "2021-03-03")),
        ("Logged 2021-03-03 at dawn.",
         ("2021-03-03", "2021-03-03", "day", "2021-03-03", "2021-03-03")),
        ("Held 5–7 May 2023 in Leeds.",
         ("5–7 May 2023", "2023-05-05/2023-05-07", "day", "2023-05-05", "2023-05-07")),
        ("Held 5-7 May 2023 in Leeds.",
         ("5-7 May 2023", "2023-05-05/2023-05-07", "day", "2023-05-05", "2023-05-07")),
        ("Held May 5–7, 2023 in Leeds.",
         ("May 5–7, 2023", "2023-05-05/2023-05-07", "day", "2023-05-05", "2023-05-07")),
        ("Open 30 April – 2 May 2023.",
         ("30 April – 2 May 2023", "2023-04-30/2023-05-02", "day", "2023-04-30", "2023-05-02")),
        ("Open from 28 December to 3 January.",
         ("28 December to 3 January", "2022-12-28/2023-01-03", "day", "2022-12-28", "2023-01-03")),
        ("By mid-2019 it was over.",
         ("mid-2019", "2019-05/2019-08", "month", "2019-05-01", "2019-08-31")),
        ("In early 2020 it began.",
         ("early 2020", "2020-01/2020-04", "month", "2020-01-01", "2020-04-30")),
        ("Until late 2021, nothing.",
         ("late 2021", "2021-09/2021-12", "month", "2021-09-01", "2021-12-31")),
        ("In the summer of 1968 they marched.",
         ("summer of 1968", "1968-22", "season", "1968-06-01", "1968-08-31")),
        ("By autumn 2020 it was cold.",
         ("autumn 2020", "2020-23", "season", "2020-09-01", "2020-11-30")),
        ("In the spring of 1989 the wall cracked.",
         ("spring of 1989", "1989-21", "season", "1989-03-01", "1989-05-31")),
        ("The winter of 1962 was long.",
         ("winter of 1962", "1962-24", "season", "1962-12-01", "1963-02-28")),
        ("Through the 1990s, little changed.",
         ("1990s", "199X", "decade", "1990-01-01", "1999-12-31")),
        ("By the 2050s the coast will move.",
         ("2050s", "205X", "decade", "2050-01-01", "2059-12-31")),
        ("In the early 2000s engineers admitted it.",
         ("early 2000s", "200X", "decade", "2000-01-01", "2009-12-31")),
        ("The 1980's were loud.", ("1980's", "198X", "decade", "1980-01-01", "1989-12-31")),
        ("A relic of the nineteenth century.",
         ("nineteenth century", "18XX", "century", "1800-01-01", "1899-12-31")),
        ("A relic of the 19th century.",
         ("19th century", "18XX", "century", "1800-01-01", "1899-12-31")),
        ("Twenty-first-century cities flood.",
         ("Twenty-first-century", "20XX", "century", "2000-01-01", "2099-12-31")),
        ("The 21st century began badly.",
         ("21st century", "20XX", "century", "2000-01-01", "2099-12-31")),
    ],
)  # fmt: skip
def test_each_written_form(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It cost 134 people their homes.",
        "The bill came to €20bn.",
        "A crowd of 250,000 gathered.",
        "It took 13 years.",
        "There were 34 sites on the list.",
        "They sent 2,000 troops.",
        "They sent more than 2000 troops and about 1800 police.",
        "Some 1500 came; nearly 2000 left.",
        "A 1,500-word essay and a 2000% rise.",
        "He waited 20 years, then a 2000-year-old coin turned up.",
        "In the first century of the town, nothing.",  # too early for a date; ordinal only
        "The 1th century does not exist.",
        "Prices may fall, in the spring.",
        "The meeting on 31 February never happened.",
    ],
)
def test_quantities_and_impossible_dates_are_not_dates(text):
    assert find_dates(text, PUBLISHED) == []


def test_reading_order_and_longest_form_first():
    text = "From 5–7 May 2023 to mid-2024, then the 2030s, in the twenty-first century."
    assert [d.text for d in find_dates(text, PUBLISHED)] == [
        "5–7 May 2023",
        "mid-2024",
        "2030s",
        "twenty-first century",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-02-24", ("day", date(2022, 2, 24), date(2022, 2, 24))),
        ("2011-12", ("month", date(2011, 12, 1), date(2011, 12, 31))),
        ("2014", ("year", date(2014, 1, 1), date(2014, 12, 31))),
        ("1968-22", ("season", date(1968, 6, 1), date(1968, 8, 31))),
        ("2023-24", ("season", date(2023, 12, 1), date(2024, 2, 29))),
        ("199X", ("decade", date(1990, 1, 1), date(1999, 12, 31))),
        ("18XX", ("century", date(1800, 1, 1), date(1899, 12, 31))),
        ("2023-05-05/2023-05-07", ("day", date(2023, 5, 5), date(2023, 5, 7))),
        ("2019-05/2019-08", ("month", date(2019, 5, 1), date(2019, 8, 31))),
    ],
)
def test_edtf_values_read_back_as_intervals(value, expected):
    assert edtf_interval(value) == expected


@pytest.mark.parametrize("value", ["2023-05-07/2023-05-05", "2023-05/2023-05-07", "19X", "x", ""])
def test_edtf_values_that_are_not_intervals(value):
    with pytest.raises(ValueError):
        edtf_interval(value)


@pytest.mark.parametrize(
    ("value", "precision", "readable"),
    [
        ("18XX", "century", "19th century"),
        ("20XX", "century", "21st century"),
        ("199X", "decade", "1990s"),
        ("1968-22", "season", "Summer 1968"),
        ("2023-05-05/2023-05-07", "day", "5 May 2023 – 7 May 2023"),
        ("2011-12", "month", "December 2011"),
    ],
)
def test_readable_dates_at_every_precision(value, precision, readable):
    assert readable_date(value, precision) == readable
