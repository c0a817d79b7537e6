"""What the readers hand the attribution and boilerplate passes: a Word *Quote* passage with
its "— Name" line, a blockquote whose `<cite>` names its speaker, a Markdown sign-up box."""

from __future__ import annotations

from datetime import UTC, datetime

from app.importer import parse_document
from app.importer.annotations import load_annotations
from app.importer.assemble import build_essay
from app.importer.dates import find_dates
from app.importer.document import Element, Header
from tests.importer.essays import build_docx

OPENING = [
    ("Title", "The marsh behind the wall"),
    ("Normal", "By Owen Fairbairn"),
    ("Normal", "17 February 2025"),
    ("Normal", "The shingle bank has been breached four times since 1953."),
]


def _quotes(rows: list[tuple[str, str]]) -> tuple[list[tuple[str, str | None]], list[str]]:
    essay = parse_document(build_docx(OPENING + rows), format="docx")
    blocks = [b.type for section in essay.sections for b in section.blocks]
    return [(q.text, q.attributed_to) for q in essay.quotes], blocks


def test_a_word_quote_with_its_credit_line_is_one_attributed_blockquote() -> None:
    quotes, blocks = _quotes(
        [
            ("Quote", "The marsh was here before the wall, and it will be here after it."),
            ("Normal", "— Robert Ashdown"),
            ("Normal", "Ashdown has counted the harriers since 1979. “They nest late,” he said."),
        ]
    )
    assert quotes == [
        ("The marsh was here before the wall, and it will be here after it.", "Robert Ashdown"),
        ("They nest late,", "Robert Ashdown"),  # the surname and the pronoun, from the credit
    ]
    assert blocks == ["paragraph", "blockquote", "paragraph"]


def test_a_credit_that_says_more_stays_in_the_text() -> None:
    quotes, blocks = _quotes(
        [
            ("Quote", "A mining town is a town that borrows against the ground."),
            ("Normal", "— Gabriela Mistral, in a 1931 letter"),
        ]
    )
    assert quotes == [
        ("A mining town is a town that borrows against the ground.", "Gabriela Mistral")
    ]
    assert blocks == ["paragraph", "blockquote", "paragraph"]


def test_a_blockquote_credit_names_its_speaker() -> None:
    published = find_dates("2 March 2025", datetime(2025, 3, 2, 12, tzinfo=UTC))[0]
    header = Header(
        section="Cities: Essay",
        kind="essay",
        title="Trams",
        subtitle=None,
        author_line="Claire Dubois",
        authors=["Claire Dubois"],
        date_line="2 March 2025",
        published=published,
        publication="Urban Lines",
    )
    elements = [
        Element("paragraph", "Bordeaux laid new trams in 2003."),
        Element("blockquote", "A tram is a promise that the street is ours.", credit="Jan Gehl"),
        Element("blockquote", "Nobody asked the drivers."),  # no credit: nobody
    ]
    essay = build_essay(
        header,
        elements,
        load_annotations(None, "annotations"),
        slug="trams",
        source_name="trams",
        default_timezone="Europe/Paris",
        words_per_minute=230,
        source_hash="0",
    )
    assert [(q.text, q.attributed_to) for q in essay.quotes] == [
        ("A tram is a promise that the street is ours.", "Jan Gehl"),
        ("Nobody asked the drivers.", None),
    ]
    assert "Jan Gehl" not in essay.plain_text  # the speaker, not a line of the essay


MARKDOWN = """# The depot

By Camila Reyes · 19 March 2025

The depot was built in 1978 and has housed the city's buses ever since.

> "A depot is a factory that nobody sees."

> Don't miss a story: subscribe to The Santiago Letter
>
> Our free newsletter lands every Monday morning.

> **Sign up for the weekly briefing**
>
> Every Thursday, the best of our reporting, straight to your inbox.
"""


def test_a_newsletter_sign_up_set_as_a_blockquote_is_dropped() -> None:
    essay = parse_document(MARKDOWN, format="markdown")
    assert [q.text for q in essay.quotes] == ["A depot is a factory that nobody sees."]
    for words in ("Santiago Letter", "newsletter", "briefing", "inbox"):
        assert words not in essay.plain_text
