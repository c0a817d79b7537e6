"""Two essays of our own, without annotations: every scenario, attribution and date checked.

They live in tests/importer/essays/, outside the folders the API tests seed from.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.importer import read_document
from app.importer.model import ParsedEssay

ESSAYS = Path(__file__).resolve().parent / "essays"


@pytest.fixture(scope="module")
def harbour() -> ParsedEssay:
    return read_document(ESSAYS / "the-harbour-after-the-storm.txt")


@pytest.fixture(scope="module")
def mine() -> ParsedEssay:
    return read_document(ESSAYS / "the-mine-on-the-hill.txt")


def paragraphs(essay: ParsedEssay) -> list[str]:
    return [b.text or "" for s in essay.sections for b in s.blocks if b.type == "paragraph"]


def test_harbour_scenarios_are_the_three_paths(harbour, anchored):
    anchored(harbour)
    body = paragraphs(harbour)
    stated = [p for p in body if p.startswith(("The first path", "The second", "The third"))]
    assert [(s.position, s.key, s.title, s.summary) for s in harbour.scenarios] == [
        (1, "the-fortress", "The fortress", "The first path is the fortress."),
        (2, "the-market", "The market", "The second path is the market."),
        (3, "retreat", "Retreat", "The third path is retreat."),
    ]
    assert [[sel.exact for sel in s.selectors] for s in harbour.scenarios] == [[p] for p in stated]
    assert [s.description for s in harbour.scenarios] == stated
    # "the first train of the day" and "drift into the first path by default" are not items
    assert not any("train" in s.description or "drift" in s.description for s in harbour.scenarios)


def test_harbour_attributions(harbour):
    assert [(q.text, q.attributed_to) for q in harbour.quotes] == [
        ("there is no wealth but life", "John Ruskin"),  # as John Ruskin put it
        ("we rebuilt the quay in 13 years once, and we can do it again", "Maria Alvarez"),
        ("The sea does not negotiate,", "Tom Bray"),  # “…,” said X
        ("the wealth of a nation is its people", "John Ruskin"),  # Ruskin wrote that …
        ("a meeting is where good ideas go to drown", "Tom Bray"),  # in the words of X
    ]


def test_harbour_dates(harbour):
    assert [(d.text, d.value, d.precision, str(d.start), str(d.end)) for d in harbour.dates] == [
        ("12 June 2023, 7.40am", "2023-06-12T07:40:00+01:00", "minute", "2023-06-12", "2023-06-12"),
        ("3 March 2021", "2021-03-03", "day", "2021-03-03", "2021-03-03"),
        ("March 3, 2022", "2022-03-03", "day", "2022-03-03", "2022-03-03"),
        ("nineteenth century", "18XX", "century", "1800-01-01", "1899-12-31"),
        ("19th century", "18XX", "century", "1800-01-01", "1899-12-31"),
        ("summer of 1968", "1968-22", "season", "1968-06-01", "1968-08-31"),
        ("1990s", "199X", "decade", "1990-01-01", "1999-12-31"),
        ("mid-2019", "2019-05/2019-08", "month", "2019-05-01", "2019-08-31"),
        ("5–7 May 2023", "2023-05-05/2023-05-07", "day", "2023-05-05", "2023-05-07"),
        ("2 to 20 April", "2023-04-02/2023-04-20", "day", "2023-04-02", "2023-04-20"),
        ("2014", "2014", "year", "2014-01-01", "2014-12-31"),
    ]  # fmt: skip
    # 34 sites, 134 people, 250,000 visitors, €20bn, 13 years, 2,000 troops: none is a date


def test_mine_scenarios_are_the_two_ways(mine, anchored):
    anchored(mine)
    body = paragraphs(mine)
    stated = [p for p in body if p.startswith(("In one,", "In the other,"))]
    assert len(stated) == 2
    assert [(s.position, s.key, s.title) for s in mine.scenarios] == [
        (1, "the-mine-reopens-under-a-new-owner", "The mine reopens under a new owner"),
        (2, "the-site-becomes-a-solar-farm", "The site becomes a solar farm"),
    ]
    assert [[sel.exact for sel in s.selectors] for s in mine.scenarios] == [[p] for p in stated]
    assert [s.summary for s in mine.scenarios] == stated  # one sentence each


def test_mine_attributions(mine):
    assert [(q.text, q.attributed_to) for q in mine.quotes] == [
        ("the hole", None),  # what locals call …: nobody named
        ("The seam is not finished, only the company is,", "Tomasz Nowak"),  # “…,” X said
        ("a valley without a job", "Tomasz Nowak"),  # Nowak's phrase, full name from before
        ("nobody under thirty wants to go underground", "Ewa Kowalska"),  # according to X
        ("They want the college,", "Ewa Kowalska"),  # she said, same paragraph
        ("The future is not a seam you can dig.", "Halina Mazur"),  # “…” — X
        ("we will see", None),  # "He said" with no one named in its paragraph
    ]


def test_mine_dates(mine):
    assert [(d.text, d.value, d.precision, str(d.start), str(d.end)) for d in mine.dates] == [
        ("4 March 2021", "2021-03-04", "day", "2021-03-04", "2021-03-04"),
        ("2021-03-03", "2021-03-03", "day", "2021-03-03", "2021-03-03"),
        ("19th century", "18XX", "century", "1800-01-01", "1899-12-31"),
        ("early 2020", "2020-01/2020-04", "month", "2020-01-01", "2020-04-30"),
        ("from 1979 to 1988", "1979/1988", "year", "1979-01-01", "1988-12-31"),  # one interval
        ("2050s", "205X", "decade", "2050-01-01", "2059-12-31"),
        ("autumn of 2020", "2020-23", "season", "2020-09-01", "2020-11-30"),
    ]
