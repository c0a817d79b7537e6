"""Markdown, Word and plain-text essays of our own, each laying out futures in its own words
and quoting people in its own patterns, read into the same structure as the seed."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from app.importer import (
    FORMATS,
    DocumentError,
    UnsupportedFormat,
    parse_document,
    read_document,
    sniff_format,
)
from app.importer.model import ParsedEssay

from .conftest import check_anchored
from .essays import market_square, rivers

FORMATS_DIR = Path(__file__).resolve().parents[1] / "documents" / "formats"
PROMOTION = ("newsletter", "Sign up", "Subscribe", "sign up")


def essay(name: str) -> ParsedEssay:
    if name == "market-square.docx":
        return parse_document(market_square(), format="docx")
    if name == "rivers.docx":
        return parse_document(rivers())  # sniffed
    return read_document(FORMATS_DIR / name)


ESSAYS = [
    "harbour-towns-after-the-fish.md",
    "the-library-question.md",
    "market-square.docx",
    "rivers.docx",
    "the-three-winters-of-the-grid.txt",
    "what-the-canal-remembers.txt",
    "the-ferry-and-the-bridge.md",
    "the-last-mill-in-hebden.txt",
    "two-futures-for-the-reservoir.txt",
]


def headings(essay: ParsedEssay) -> list[str | None]:
    return [section.heading for section in essay.sections]


def blocks(essay: ParsedEssay, kind: str) -> list:
    return [block for section in essay.sections for block in section.blocks if block.type == kind]


def quotations(essay: ParsedEssay) -> list[str]:
    return [quote.text for quote in essay.quotes if quote.kind == "quotation"]


def pull_quotes(essay: ParsedEssay) -> list[str]:
    return [quote.text for quote in essay.quotes if quote.kind == "pull_quote"]


@pytest.mark.parametrize("name", ESSAYS)
def test_every_essay_is_anchored_and_free_of_promotion(name: str) -> None:
    parsed = essay(name)
    check_anchored(parsed)
    for phrase in PROMOTION:
        assert phrase not in parsed.plain_text
    assert parsed.dates[0].where == "byline"
    assert parsed.word_count > 100


def test_markdown_with_front_matter() -> None:
    parsed = essay("harbour-towns-after-the-fish.md")
    assert parsed.slug == "harbour-towns-after-the-fish"
    assert parsed.title == "The harbour towns after the fish"
    assert parsed.subtitle == "Three ways the coast could earn its living once the quotas run out"
    assert parsed.authors == ["Morag Keillor", "Daniel Aske"]
    assert parsed.published_at.isoformat() == "2024-03-18T08:30:00+00:00"
    assert (parsed.publication.name, parsed.publication.section) == ("The Long Coast", "Futures")
    assert headings(parsed) == [None, "Three broad paths", "What each would cost"]
    first = blocks(parsed, "paragraph")[0].text
    assert first.startswith("When the last trawler left Ardnish in September 2019")  # no **
    assert "Morning Star" in parsed.plain_text and "*" not in parsed.plain_text
    # The H1, standfirst and "By … · date" lines repeat the front matter: not paragraphs.
    assert parsed.plain_text.count("The harbour towns after the fish") == 1
    assert "By Morag" not in parsed.plain_text
    assert [(f.caption, f.credit) for f in parsed.figures] == [
        ("The empty fish market at Ardnish on a Tuesday morning", "Isla Rennie")
    ]
    assert [b.items for b in blocks(parsed, "list")] == [
        [
            "The fortress needs about £4m to buy back quota.",
            "The showroom needs nothing but planning permission.",
            "The workshop needs a deep-water berth and patience.",
        ]
    ]
    (blockquote,) = blocks(parsed, "blockquote")
    assert blockquote.text.startswith("The sea does not care")
    assert blockquote.text in quotations(parsed)
    assert "institutions are fragile" in quotations(parsed)
    found = {(d.text, d.value, d.where) for d in parsed.dates}
    assert {
        ("September 2019", "2019-09", "paragraph"),
        ("3 March 2024", "2024-03-03", "paragraph"),
    } <= found


def test_markdown_without_front_matter_reads_its_opening_lines() -> None:
    parsed = essay("the-library-question.md")
    assert parsed.title == "The library question"
    assert parsed.subtitle.startswith("What a county decides")
    assert parsed.authors == ["Jo Park"]
    assert parsed.published_at.date().isoformat() == "2024-04-12"
    assert parsed.dates[0].precision == "day"
    assert pull_quotes(parsed) == ["A good number wrote to say the question itself was wrong"]
    pull = next(q for q in parsed.quotes if q.kind == "pull_quote")
    assert pull.selector.exact == "a good number wrote to say the question itself was wrong"
    assert [(f.caption, f.credit) for f in parsed.figures] == [
        ("A mobile library van parked outside the village hall in Ebbingford.", "County Archive")
    ]
    assert "the warm room" in quotations(parsed)
    assert ("January 2024", "2024-01") in [(d.text, d.value) for d in parsed.dates]


def test_a_document_that_names_no_date_author_or_publication_is_still_an_essay() -> None:
    essay = parse_document(
        b"# Title only\n\nNo date anywhere in this 2019 note.\n", format="markdown"
    )
    assert (essay.published_at, essay.authors, essay.publication.name) == (None, [], None)
    assert [(d.value, d.where) for d in essay.dates] == [("2019", "paragraph")]


def test_word_document_with_styles() -> None:
    parsed = essay("market-square.docx")
    assert parsed.title == "The market square in 2040"  # the Title paragraph, not the property
    assert parsed.subtitle.startswith("Two ways a small town")
    assert parsed.authors == ["Nia Rhys"]
    assert parsed.published_at.date().isoformat() == "2024-09-05"
    assert headings(parsed) == [None, "Two ways this could go", "What the traders say"]
    assert [(f.caption, f.credit) for f in parsed.figures] == [
        ("Stalls on market day in Llanidloes.", "Huw Bevan")
    ]
    assert pull_quotes(parsed) == [
        "the square becomes a car park on Tuesdays as on every other day"
    ]
    assert [b.text for b in blocks(parsed, "blockquote")] == [
        "A market is a habit, and habits die quietly."
    ]
    assert quotations(parsed) == [
        "A market is a habit, and habits die quietly.",
        "people come for the talk and stay for the cheese",
        "a destination offer",
    ]
    assert [b.items for b in blocks(parsed, "list")] == [
        ["Eleven stalls in September 2024.", "Thirty-four stalls in 2004."]
    ]


def test_word_document_properties_fill_in_what_the_text_does_not_say() -> None:
    parsed = essay("rivers.docx")
    assert parsed.title == "Rivers without dams"
    assert parsed.authors == ["Tomas Lind"]
    assert parsed.published_at.date().isoformat() == "2023-11-14"  # the text's date line wins
    assert headings(parsed) == [None, "Three paths", "Voices from the bank"]
    assert len(quotations(parsed)) == 2


def test_plain_text_essays_keep_the_seed_layout() -> None:
    grid = essay("the-three-winters-of-the-grid.txt")
    assert (grid.publication.name, grid.kind) == ("Currents", "opinion")
    assert headings(grid) == [
        None,
        "Three futures",
        "Each future has its own bill",
    ]
    assert [(f.caption, f.credit) for f in grid.figures] == [
        (
            "Linesmen repairing a pylon near Brecon after the storm of 14 February 2024",
            "Photo: Gethin Rowe",
        )
    ]
    assert ("14 February 2024", "caption") in [(d.text, d.where) for d in grid.dates]
    assert any(
        b.text.startswith("There are three futures for the grid in the 2030s")
        for b in blocks(grid, "paragraph")
    )
    canal = essay("what-the-canal-remembers.txt")
    assert canal.authors == ["Idris Vaughan", "Pat Moreno"]
    assert pull_quotes(canal) == ["a canal that nobody uses is just a long pond"]
    assert ("21 May 2024", "2024-05-21") in [(d.text, d.value) for d in canal.dates]


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        ("harbour-towns-after-the-fish.md", ["The fortress", "The showroom", "The workshop"]),
        (
            "the-three-winters-of-the-grid.txt",
            ["The overbuilt grid", "The flexible grid", "The rationed grid"],
        ),
        ("market-square.docx", ["The slow fade", "The food hall"]),
    ],
)
def test_scenarios_are_found(name: str, titles: list[str]) -> None:
    parsed = essay(name)
    assert [s.title for s in parsed.scenarios] == titles
    assert all(s.selectors for s in parsed.scenarios)


@pytest.mark.parametrize(
    "name", ["the-library-question.md", "rivers.docx", "what-the-canal-remembers.txt"]
)
def test_scenarios_in_other_words_are_found(name: str) -> None:
    assert len(essay(name).scenarios) == 3


@pytest.mark.parametrize(
    ("name", "quote", "who"),
    [
        ("harbour-towns-after-the-fish.md", "institutions are fragile", "Elinor Ostrom"),
        (
            "harbour-towns-after-the-fish.md",
            "Every plan for this coast is written by someone who gets seasick,",
            "Ruaridh MacLeod",
        ),
        (
            "the-library-question.md",
            "a most intricate and close-grained diversity of uses",
            "Jane Jacobs",
        ),
        ("market-square.docx", "people come for the talk and stay for the cheese", "Gwen Parry"),
        (
            "rivers.docx",
            "the care of the earth is our most ancient and most worthy responsibility.",
            "Wendell Berry",
        ),
        ("the-three-winters-of-the-grid.txt", "the labour of the unseen", "John Ruskin"),
        ("what-the-canal-remembers.txt", "We can be a railway, a park or a pipe,", "Kit Ellery"),
    ],
)
def test_quotations_are_attributed(name: str, quote: str, who: str) -> None:
    found = {q.text: q.attributed_to for q in essay(name).quotes}
    assert found[quote] == who


def test_nobody_is_invented_for_a_quotation_that_names_no_one() -> None:
    found = {q.text: q.attributed_to for q in essay("the-library-question.md").quotes}
    assert found["The warm room is where the county meets the people it forgets."] is None


def test_coarse_dates_are_found() -> None:
    # A mention is the date's own words, without the article ("winter of 2023", "1990s"), as
    # every other date test and the API's `text` have it.
    found = {(d.text, d.precision, d.value) for d in essay("the-library-question.md").dates}
    assert {("winter of 2023", "season", "2023-24"), ("1990s", "decade", "199X")} <= found


def test_sniffing() -> None:
    assert FORMATS == ("text", "html", "markdown", "docx")
    assert sniff_format(market_square()) == "docx"
    assert sniff_format(b"<!DOCTYPE html><html><body>x</body></html>") == "html"
    assert sniff_format((FORMATS_DIR / "the-library-question.md").read_bytes()) == "markdown"
    assert sniff_format(b"---\ntitle: x\n---\nbody\n") == "markdown"
    assert sniff_format((FORMATS_DIR / "what-the-canal-remembers.txt").read_bytes()) == "text"
    assert sniff_format(b"anything", filename="essay.md") == "markdown"
    assert sniff_format(b"anything", media_type="text/html; charset=utf-8") == "html"
    with pytest.raises(UnsupportedFormat, match="binary"):
        sniff_format(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(UnsupportedFormat, match="application/pdf"):
        sniff_format(b"%PDF-1.7", media_type="application/pdf")


@pytest.mark.parametrize(
    ("source", "format", "message"),
    [
        (b"", None, "empty"),
        (b"\x00\x01\x02binary", None, "binary"),
        (b"PK\x03\x04 not really a zip", "docx", "not a Word"),
        (b"PK\x03\x04 not really a zip", None, "not a Word"),
        (
            b"---\ntitle: [unclosed\nauthor: x\n---\nBody text.\n",
            "markdown",
            "broken front matter on line",
        ),
        (b"---\ntitle: x\nBody text without an end.\n", "markdown", "never closed"),
        (b"---\n- a\n- b\n---\nBody.\n", "markdown", "not a mapping"),
        (
            b"---\ndate: the day after\n---\n# A title\n\nSome words.\n",
            "markdown",
            "does not parse",
        ),
        (b"plain text", "pdf", "not one of"),
        ("\u00ff".encode("latin-1"), "markdown", "not UTF-8"),
    ],
)
def test_bad_documents_get_one_clear_error(source: bytes, format: str | None, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        parse_document(source, format=format)


def test_a_zip_that_is_not_word(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "essay.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(DocumentError, match="not a Word"):
        read_document(path)


@pytest.mark.parametrize("format", FORMATS)
def test_damaged_documents_raise_only_document_errors(format: str) -> None:
    """Truncated, shuffled and foreign input: a DocumentError or an essay, never a crash."""
    sources = [
        (FORMATS_DIR / "harbour-towns-after-the-fish.md").read_bytes(),
        (FORMATS_DIR / "what-the-canal-remembers.txt").read_bytes(),
        (
            Path(__file__).resolve().parents[1] / "documents" / "web" / "ghost-bees.html"
        ).read_bytes(),
        market_square(),
    ]
    for source in sources:
        for cut in (1, 7, 50, len(source) // 3, len(source) // 2, len(source) - 5):
            for damaged in (source[:cut], source[cut:], source[::-1][:cut]):
                with contextlib.suppress(DocumentError):
                    parse_document(damaged, format=format)
