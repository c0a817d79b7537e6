"""Three more essays, each varying the layout the importer must understand."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.importer import parse_document
from app.importer.model import ParsedEssay

STEMS = (
    "the-cities-that-learned-to-flood",
    "winter-of-the-long-queues",
    "the-archive-in-the-basement",
)
BOILERPLATE = (
    "newsletter",
    "Sign up",
    "guidelines",
    "Bookmark",
    "Subscribe",
    "Support our",
    "Fresh thinking",
)


def kinds(essay: ParsedEssay) -> list[str]:
    letter = {"paragraph": "p", "pull_quote": "q", "figure": "f"}
    return ["".join(letter[block.type] for block in s.blocks) for s in essay.sections]


def date_rows(essay: ParsedEssay) -> list[tuple]:
    return [(d.text, d.value, d.precision, d.start, d.end, d.where) for d in essay.dates]


@pytest.mark.parametrize("stem", STEMS)
def test_common_invariants(document, anchored, stem):
    essay = document(stem)
    anchored(essay)
    assert essay.slug == stem
    for word in BOILERPLATE:
        assert word not in essay.plain_text
    assert [q.position for q in essay.quotes] == list(range(1, len(essay.quotes) + 1))
    assert [q.selector.start for q in essay.quotes] == sorted(
        q.selector.start for q in essay.quotes
    )
    assert document(stem) == essay


def test_two_authors_summer_byline_no_body_images(document):
    essay = document("the-cities-that-learned-to-flood")
    assert essay.title == "The cities that learned to flood"
    assert essay.subtitle.startswith("Dutch and Danish planners stopped fighting water")
    assert essay.authors == ["Mariam Okafor", "Tomás Lindqvist"]
    assert (essay.kind, essay.publication.name, essay.publication.section) == (
        "long_read",
        "openDemocracy",
        "oD",
    )
    assert essay.published_at == datetime.fromisoformat("2023-07-03T09:15:00+01:00")
    assert (essay.word_count, essay.reading_time_minutes) == (604, 3)

    assert [(s.heading, s.anchor) for s in essay.sections] == [
        (None, "intro"),
        ("Making room for water", "making-room-for-water"),
        ("Who pays for the water?", "who-pays-for-the-water"),
    ]
    assert kinds(essay) == ["fpppp", "pppp", "ppppp"]
    assert essay.sections[0].blocks[-1].text == "Rotterdam did not wait."

    (figure,) = essay.figures
    assert figure.caption == (
        "A water square in Rotterdam’s Benthemplein district during a summer downpour"
    )
    assert figure.credit == "Hollandse Hoogte / Alamy"
    assert figure.alt.startswith("Rain filling the sunken basketball court")

    assert [(q.kind, q.text, q.attributed_to) for q in essay.quotes] == [
        ("quotation", "water squares", None),
        ("quotation", "living with water", None),
        ("quotation", "The water goes where the money isn't.", "A planner in Rotterdam"),
    ]
    sections = [s.id for s in essay.sections]
    assert [q.section_id for q in essay.quotes] == [sections[1], sections[1], sections[2]]

    day = date.fromisoformat
    assert date_rows(essay) == [
        ("3 July 2023, 9.15am", "2023-07-03T09:15:00+01:00", "minute",
         day("2023-07-03"), day("2023-07-03"), "byline"),
        ("1 February 1953", "1953-02-01", "day", day("1953-02-01"), day("1953-02-01"), "paragraph"),
        ("twentieth century", "19XX", "century", day("1900-01-01"), day("1999-12-31"),
         "paragraph"),
        ("early 2000s", "200X", "decade", day("2000-01-01"), day("2009-12-31"), "paragraph"),
        ("2005", "2005", "year", day("2005-01-01"), day("2005-12-31"), "paragraph"),
        ("2 July 2011", "2011-07-02", "day", day("2011-07-02"), day("2011-07-02"), "paragraph"),
        ("August 2014", "2014-08", "month", day("2014-08-01"), day("2014-08-31"), "paragraph"),
        ("June 12, 2021", "2021-06-12", "day", day("2021-06-12"), day("2021-06-12"), "paragraph"),
    ]  # fmt: skip
    assert [d.label for d in essay.dates] == [
        None,
        "The North Sea flood",
        None,
        None,
        "Rotterdam begins building water squares",
        None,
        None,
        None,
    ]
    assert essay.scenarios == []
    assert essay.plain_text.endswith("and the barriers will not stop it.")


def test_winter_essay_with_pull_quotes_and_yearless_dates(document):
    essay = document("winter-of-the-long-queues")
    assert essay.authors == ["Anna Petrova", "Ilya Sokolov", "Dina Markova"]
    assert (essay.kind, essay.publication.name) == ("analysis", "oDR")
    assert essay.published_at == datetime.fromisoformat("2023-01-12T08:30:00+00:00")
    assert essay.published_at.utcoffset() == timedelta(0)  # GMT in winter
    assert (essay.word_count, essay.reading_time_minutes) == (577, 3)

    assert [(s.heading, s.anchor) for s in essay.sections] == [
        (None, "intro"),
        ("Nobody hoards in a queue", "nobody-hoards-in-a-queue"),
        ("What do people fear?", "what-do-people-fear"),
        ("Sources of help", "sources-of-help"),
    ]
    # the first pull quote stands directly before a heading, the second mid-section
    assert kinds(essay) == ["fpppq", "pp", "pppqp", "ppp"]
    (figure,) = essay.figures
    assert figure.credit == "Photo: Ural Press / Reuters"

    sections = [s.id for s in essay.sections]
    assert [(q.kind, q.text, q.section_id) for q in essay.quotes] == [
        ("pull_quote", "A queue is a place where strangers have to trust each other", sections[1]),
        ("quotation", "Back then we knew the shelves were empty for everyone,", sections[1]),
        ("quotation", "Now we are not so sure.", sections[1]),
        ("pull_quote",
         "The same watchfulness that keeps people quiet also keeps them decent to each other",
         sections[2]),
        ("quotation", "our new post office", sections[3]),
    ]  # fmt: skip
    first, second = (q for q in essay.quotes if q.kind == "pull_quote")
    # no earlier occurrence: the passage after the pull quote is used
    assert first.selector.exact == first.text
    assert first.selector.suffix.startswith(", at least for as long")
    assert essay.sections[0].blocks[-1].quote_id == first.id
    # the body has it in lower case after a colon
    assert (
        second.selector.exact
        == "the same watchfulness" + second.text[len("The same watchfulness") :]
    )
    assert second.selector.prefix.endswith("more durable: ")
    assert essay.sections[2].blocks[3].quote_id == second.id

    day = date.fromisoformat
    assert date_rows(essay) == [
        ("12 January 2023, 8.30am", "2023-01-12T08:30:00+00:00", "minute",
         day("2023-01-12"), day("2023-01-12"), "byline"),
        ("24 December", "2022-12-24", "day", day("2022-12-24"), day("2022-12-24"), "paragraph"),
        ("between 24 December and 5 January", "2022-12-24/2023-01-05", "day",
         day("2022-12-24"), day("2023-01-05"), "paragraph"),  # one interval, over the new year
        ("early 1990s", "199X", "decade", day("1990-01-01"), day("1999-12-31"), "paragraph"),
        ("Dec 2019", "2019-12", "month", day("2019-12-01"), day("2019-12-31"), "paragraph"),
        ("2022", "2022", "year", day("2022-01-01"), day("2022-12-31"), "paragraph"),
        ("March 2022", "2022-03", "month", day("2022-03-01"), day("2022-03-31"), "paragraph"),
    ]  # fmt: skip


def test_date_only_byline_repeated_heading_and_quoted_heading(document):
    essay = document("the-archive-in-the-basement")
    assert (essay.kind, essay.publication.name, essay.publication.section) == (
        "essay",
        "Northfield Review",
        "Culture",
    )
    assert essay.language == "en-GB"
    assert essay.authors == ["Helen Marsh"]
    assert essay.published_at == datetime.fromisoformat("2023-03-01T00:00:00+00:00")
    assert essay.word_count == 443

    assert [(s.heading, s.anchor) for s in essay.sections] == [
        (None, "intro"),
        ("What the boxes held", "what-the-boxes-held"),
        ("A second look", "a-second-look"),
        ('What "ordinary" meant', "what-ordinary-meant"),
        ("A second look", "a-second-look-2"),
    ]
    assert kinds(essay) == ["fpp", "ppp", "ppq", "pp", "pp"]
    (figure,) = essay.figures
    assert (figure.credit, figure.alt) == (
        "Photo by the author",
        "Cardboard boxes stacked from floor to ceiling in a dim storeroom",
    )

    sections = [s.id for s in essay.sections]
    assert [(q.kind, q.text, q.section_id, q.attributed_to) for q in essay.quotes] == [
        ("quotation", "the history that nobody thinks is history", sections[1], "Arthur Pell"),
        ("quotation", "Survived the Blitz. Did not survive Mrs Cole.", sections[1], None),
        ("quotation", "ordinary", sections[3], None),
        ("pull_quote", "The gaps in an archive are also part of its story", sections[3], None),
        ("quotation", "More to come.", sections[4], None),
    ]
    assert essay.quotes[3].selector.exact == "the gaps in an archive are also part of its story"

    day = date.fromisoformat
    assert date_rows(essay) == [
        ("1 March 2023", "2023-03-01", "day", day("2023-03-01"), day("2023-03-01"), "byline"),
        ("October 2021", "2021-10", "month", day("2021-10-01"), day("2021-10-31"), "paragraph"),
        ("2022", "2022", "year", day("2022-01-01"), day("2022-12-31"), "paragraph"),
        ("1947", "1947", "year", day("1947-01-01"), day("1947-12-31"), "paragraph"),
        ("1980s", "198X", "decade", day("1980-01-01"), day("1989-12-31"), "paragraph"),
        ("from 1979 to 1988", "1979/1988", "year", day("1979-01-01"), day("1988-12-31"),
         "paragraph"),  # one interval
        ("1970", "1970", "year", day("1970-01-01"), day("1970-12-31"), "paragraph"),
        ("14 January", "2023-01-14", "day", day("2023-01-14"), day("2023-01-14"), "paragraph"),
    ]  # fmt: skip


def test_crlf_and_bom_give_the_same_essay(documents_dir):
    text = (documents_dir / "winter-of-the-long-queues.txt").read_text(encoding="utf-8")
    plain = parse_document(text, slug="w")
    windows = parse_document(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(), slug="w")
    assert windows.plain_text == plain.plain_text
    assert windows.sections == plain.sections
    assert windows.quotes == plain.quotes
    assert windows.dates == plain.dates
