"""Saved web pages: each page of the corpus (tests/documents/web/) against what a reader view
shows of it, and pages with no article in them refused with one clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.importer import DocumentError, parse_document, read_document
from bench.extraction import essay_units, normalise

from .conftest import check_anchored

WEB = Path(__file__).resolve().parents[1] / "documents" / "web"
PAGES = sorted(path.stem for path in WEB.glob("*.html"))


def test_the_corpus_is_varied() -> None:
    assert len(PAGES) >= 15
    sources = [(WEB / f"{stem}.html").read_text() for stem in PAGES]
    assert sum("application/ld+json" in s for s in sources) < len(sources)  # not all JSON-LD
    assert any(
        len(json.loads((WEB / f"{s}.expected.json").read_text())["authors"]) > 1 for s in PAGES
    )


@pytest.mark.parametrize("stem", PAGES)
def test_each_page_reads_as_its_reader_view(stem: str) -> None:
    expected = json.loads((WEB / f"{stem}.expected.json").read_text())
    essay = read_document(WEB / f"{stem}.html")
    assert essay.title == expected["title"]
    assert essay.authors == expected["authors"]
    assert essay.published_at.date().isoformat() == expected["published"]
    assert essay_units(essay) == [normalise(p) for p in expected["paragraphs"]]
    assert essay.publication.name
    check_anchored(essay)
    for promo in ("Subscribe", "Sign up", "Share", "Advertisement", "cookies", "Comment"):
        assert promo not in essay.plain_text


def test_a_magazine_page_keeps_figures_credits_and_pull_quotes() -> None:
    essay = read_document(WEB / "magazine-lighthouse.html")
    assert [(f.caption, f.credit) for f in essay.figures] == [
        ("The Skarra light at dusk, seen from the landing stage.", "Ewan Fraser for Meridian"),
        ("The keeper's logbooks, kept since 1911.", "Ewan Fraser for Meridian"),
    ]
    assert all(f.image_url and f.image_url.startswith("https://") for f in essay.figures)
    pull = [q for q in essay.quotes if q.kind == "pull_quote"]
    assert [q.text for q in pull] == ["a computer in a city two hundred miles away does that"]
    assert pull[0].selector.exact == pull[0].text  # anchored on the body passage it repeats
    assert essay.source_url == "https://meridianmagazine.example/magazine-lighthouse/"
    assert essay.language == "en"
    assert essay.subtitle == "Automation emptied the lighthouses. A few families never left"
    assert str(essay.published_at) == "2023-10-01 07:00:00+01:00"


def test_a_credit_written_into_the_caption_is_split_off() -> None:
    essay = read_document(WEB / "wp-river-walk.html")
    assert [(f.caption, f.credit) for f in essay.figures] == [
        ("The towpath near the old lock at Crickhowell.", "Owen Pryce")
    ]


def test_blockquotes_and_lists_are_blocks_of_their_own() -> None:
    essay = read_document(WEB / "two-authors-soil.html")
    blocks = [b for s in essay.sections for b in s.blocks]
    quote = next(b for b in blocks if b.type == "blockquote")
    assert (
        quote.text == "We are asking farmers to take a risk on a promise that nobody can yet check."
    )
    assert next(q for q in essay.quotes if q.id == quote.quote_id).kind == "quotation"
    grain = read_document(WEB / "substack-grain-prices.html")
    lists = [b.items for s in grain.sections for b in s.blocks if b.type == "list"]
    assert lists == [
        [
            "Freight rates: up 34 percent since October.",
            "War-risk insurance: tripled on some routes.",
            "Average voyage: nine days longer.",
        ]
    ]


def test_metadata_comes_from_the_page_markup() -> None:
    news = read_document(WEB / "news-graph-election.html")
    assert news.publication.name == "Lisbon Observer"
    assert news.publication.section == "Politics"
    assert news.kind == "news"
    assert news.published_at.isoformat() == "2024-10-06T22:10:00+01:00"
    assert news.dates[0].where == "byline" and news.dates[0].precision == "minute"
    only_time = read_document(WEB / "time-only-library.html")
    assert only_time.publication.name == "Northern Review"  # from "<headline> — <site>"
    assert only_time.dates[0].value == "2021-12-05"


LOGIN = b"""<!doctype html><html><head><title>Sign in | Example</title></head><body>
<form><label>Email <input name=email></label><label>Password <input type=password></label>
<button>Sign in</button></form><p>Forgot your password?</p></body></html>"""


def section_front() -> bytes:
    teasers = "".join(
        f"<article><h2><a href='/s/{n}'>Story number {n} about the harbour</a></h2>"
        f"<p>A short teaser for story {n}, with a few words about what happened on the quay "
        "and who was there when the boats came in.</p></article>"
        for n in range(12)
    )
    return (
        "<!doctype html><html><head><title>Local news | Coastal Daily</title>"
        f"<meta property='og:type' content='website'></head><body><main>{teasers}</main>"
        "</body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (LOGIN, "no article found"),
        (section_front(), "lists several articles"),
        (b"<!doctype html><html><body></body></html>", "no article"),
        (b"   ", "empty"),
    ],
)
def test_pages_without_an_article_are_refused(page: bytes, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        parse_document(page, format="html")


def test_annotations_apply_last_whatever_the_format() -> None:
    notes = (
        "publication: {name: Green Margins Weekly}\n"
        "quotes:\n"
        "  - {exact: words that are not in the page, attributed_to: Nobody}\n"
    )
    with pytest.raises(DocumentError, match="words that are not in the page"):
        parse_document((WEB / "ghost-bees.html").read_bytes(), annotations=notes)
    notes = "publication: {name: Green Margins Weekly}\nlanguage: de\n"
    essay = parse_document((WEB / "ghost-bees.html").read_bytes(), annotations=notes)
    assert (essay.publication.name, essay.language) == ("Green Margins Weekly", "de")
