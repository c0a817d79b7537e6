"""What trafilatura hands back beside the article and the reader leaves out: cards for other
stories below it, and a second copy of the article. Each page is modelled on a page of the
development corpus where trafilatura kept them."""

from __future__ import annotations

from app.importer import parse_document
from app.importer.document import Element
from app.importer.readers.html import _without_second_copy
from bench.extraction import essay_units

PARAGRAPHS = [
    "The harbour at Skarra was built in 1868, when the herring came in such numbers that the"
    " boats queued at the mouth of the bay for a berth.",
    "By the turn of the century the village had three curing yards, a cooperage and a school of"
    " forty children, most of them the daughters of gutters.",
    "The shoals moved north after the war, and the yards closed one by one; the last barrel was"
    " coopered in the spring of 1931.",
    "What remains is the pier, rebuilt twice, and a row of cottages that summer visitors now"
    " rent by the week from a company in Inverness.",
    "The old harbourmaster's log, kept in the village hall, records every boat that tied up"
    " between 1868 and 1952, with its catch and its crew.",
    "Reading it is like walking through the village as it was, each page a morning on the quay"
    " with the gulls and the smell of salt.",
]
TEASERS = [
    (
        "The last ferryman of Loch Eriboll",
        "For forty years one man rowed the crossing twice a day.",
    ),
    ("A winter on the Flannan lighthouse", "The keepers who vanished left a logbook behind."),
    ("Why the puffins are leaving St Kilda", "Warmer seas have moved the sand eels out of reach."),
    ("The fishwives who walked to Edinburgh", "Every morning they carried creels up the hill."),
]
SEASON = (
    " They stayed for the season, and the season stayed with them: the boats, the nets, the long"
    " evenings of mending by the stove, and the stories told to anyone who came in out of the rain."
)


def page_with_cards() -> bytes:
    """The article in a column with no `<article>` or `<main>`, and below it, in a container
    of its own, a list of cards: a category, a linked headline and a long summary each."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    cards = "".join(
        '<div class="post-item row"><div class="copy"><div class="tagline">'
        '<h5 class="categories"><a href="/travel">Travel</a></h5><span>Dec 19, 2025</span></div>'
        f'<h3 class="title"><a href="/story-{n}">{title}</a></h3><p>{summary}{SEASON}</p>'
        "</div></div>"
        for n, (title, summary) in enumerate(TEASERS)
    )
    return (
        '<!doctype html><html lang="en"><head><title>The harbour that herring built</title>'
        '</head><body><div class="container"><div class="section content"><div class="row">'
        f'<div class="col-22"><h1>The harbour that herring built</h1>{body}</div>'
        '<div class="sidebar"><h3>Newsletter</h3><p>Deals in your inbox!</p></div>'
        '</div></div></div><div class="container"><div class="section content">'
        f'<div class="post-list">{cards}</div></div></div></body></html>'
    ).encode()


def test_cards_for_other_stories_below_the_article_are_left_out() -> None:
    essay = parse_document(page_with_cards(), format="html")
    assert essay_units(essay) == PARAGRAPHS


def test_an_article_continued_in_a_container_like_its_own_is_kept() -> None:
    """Site builders set an article in several rich-text boxes, an ad or a form between them:
    the boxes after the one readability keeps are the same kind of box, and stay."""
    first, second = PARAGRAPHS[:3], PARAGRAPHS[3:]
    boxes = "".join(
        f'<div class="rich-text">{"".join(f"<p>{p}</p>" for p in part)}</div>'
        f'<div class="cta"><a href="/trial">Start a free trial</a></div>'
        for part in (first, second)
    )
    page = (
        '<!doctype html><html lang="en"><head><title>The harbour</title></head><body>'
        f"<h1>The harbour</h1><div class='post'>{boxes}</div></body></html>"
    ).encode()
    essay = parse_document(page, format="html")
    assert essay_units(essay) == PARAGRAPHS


def test_a_second_copy_of_the_article_is_left_out() -> None:
    """As a page that sets the article again in a gated download box reads. A line the
    article repeats, or two paragraphs, are not a copy of it, and stay."""
    article = [Element("paragraph", text) for text in PARAGRAPHS]
    signup = Element("paragraph", "Download the full guide")
    refrain = Element("paragraph", "Reported by: the research team")
    assert _without_second_copy([*article, signup, *article, refrain]) == [
        *article,
        signup,
        refrain,
    ]
    repeats = [article[0], refrain, article[1], refrain, *article[2:4], *article[2:4]]
    assert _without_second_copy(repeats) == repeats
