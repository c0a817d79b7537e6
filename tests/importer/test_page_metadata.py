"""A web page's title, authors and published day, from the ways real pages state them: a JSON-LD
graph that names its people by `@id`, a bare "By" line, a headline cut short, an h1 that is the
site's name, a date written beside the headline, several authors in one string."""

from __future__ import annotations

import json

from app.importer import parse_document
from app.importer.model import ParsedEssay

BODY = "".join(
    f"<p>Paragraph {n} of the article says something about the harbour, the ferries and the "
    f"people who work there every day of the year, in every kind of weather.</p>"
    for n in range(1, 6)
)


def page(head: str, top: str, *, title: str = "The harbour at night") -> ParsedEssay:
    source = (
        f"<html><head><title>{title}</title>{head}</head><body><main><article>"
        f"{top}{BODY}</article></main></body></html>"
    )
    return parse_document(source.encode(), format="html")


def json_ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_a_graph_names_its_author_by_id() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Article",
                "headline": "The harbour at night",
                "datePublished": "2025-03-02T08:00:00+00:00",
                "author": [{"@id": "https://example.org/#/person/1"}],
            },
            {"@type": "Person", "@id": "https://example.org/#/person/1", "name": "Mina Okafor"},
        ],
    }
    essay = page(json_ld(graph), "<h1>The harbour at night</h1><a rel='author'>minao</a>")
    assert essay.authors == ["Mina Okafor"]


def test_a_bare_by_line_and_the_date_beside_the_headline() -> None:
    essay = page(
        "",
        "<h1>The harbour at night</h1><div><span>By</span> <a href='/m'>Mina Okafor</a>"
        "</div><p>Dec. 17, 2025</p>",
    )
    assert essay.authors == ["Mina Okafor"]
    assert essay.published_at is not None
    assert essay.published_at.date().isoformat() == "2025-12-17"


def test_a_sentence_that_starts_with_by_names_nobody() -> None:
    essay = page("", "<h1>The harbour at night</h1><p>by the quay the lamps go out at ten</p>")
    assert essay.authors == []


def test_an_update_beside_the_headline_is_not_the_publication() -> None:
    essay = page("", "<h1>The harbour at night</h1><p>Updated on 3 May 2024</p>")
    assert essay.published_at is None


def test_a_headline_cut_short_yields_to_the_full_title() -> None:
    full = (
        "The harbour at night, and the people who keep its lights burning until the ferries come in"
    )
    cut = full[:60].rsplit(" ", 1)[0]
    essay = page(
        json_ld({"@type": "NewsArticle", "headline": cut})
        + f'<meta property="og:title" content="{full} - Harbour News">'
        + '<meta property="og:site_name" content="Harbour News">',
        "",
        title=f"{full} - Harbour News",
    )
    assert essay.title == full


def test_an_h1_that_names_the_site_is_not_the_headline() -> None:
    essay = page("", "<h1>Mina Okafor</h1>", title="The harbour at night • Mina Okafor")
    assert essay.title == "The harbour at night"


def test_several_authors_in_one_name_and_the_publisher_after_them() -> None:
    article = {
        "@type": "NewsArticle",
        "headline": "The harbour at night",
        "author": {"@type": "Person", "name": "Mina Okafor and Tom Reyes, The Harbour Post"},
        "publisher": {"@type": "Organization", "name": "The Harbour Post"},
    }
    essay = page(json_ld(article), "<h1>The harbour at night</h1>")
    assert essay.authors == ["Mina Okafor", "Tom Reyes"]


def test_every_citation_author_of_a_paper() -> None:
    metas = "".join(
        f'<meta name="citation_author" content="{name}">'
        for name in ("Mina Okafor", "Tom Reyes", "Ada Lind")
    )
    essay = page(metas, "<h1>The harbour at night</h1>")
    assert essay.authors == ["Mina Okafor", "Tom Reyes", "Ada Lind"]


def test_a_role_after_a_dash_and_an_avatar_s_initials_are_not_the_name() -> None:
    for written in ("Mina Okafor - Product marketer", "MO Mina Okafor", "Mina Okafor | Editor"):
        essay = page(f'<meta name="author" content="{written}">', "<h1>The harbour at night</h1>")
        assert essay.authors == ["Mina Okafor"], written
    hyphenated = page('<meta name="author" content="Anne-Marie Duval">', "<h1>The harbour</h1>")
    assert hyphenated.authors == ["Anne-Marie Duval"]


def test_a_written_by_label_names_the_element_after_it() -> None:
    card = (
        "<div><div>Written by</div><div class='name'>Mina Okafor</div>"
        "<div>Hi! I write about harbours, ferries and the people who keep them running.</div></div>"
    )
    assert page("", f"<h1>The harbour at night</h1>{card}").authors == ["Mina Okafor"]
    heading = "<h2>Article by</h2><div>Tom Reyes</div>"
    assert page("", f"<h1>The harbour at night</h1>{heading}").authors == ["Tom Reyes"]
    sentence = "<span>Sorted by</span><span>the most recent first, then by the oldest</span>"
    assert page("", f"<h1>The harbour at night</h1>{sentence}").authors == []


def test_the_publisher_named_as_the_author_yields_to_the_byline() -> None:
    article = {
        "@type": "NewsArticle",
        "headline": "The harbour at night",
        "author": {"@type": "Person", "name": "The Harbour Post"},
        "publisher": {"@type": "Organization", "name": "The Harbour Post"},
    }
    byline = "<p class='byline'>By Mina Okafor</p>"
    essay = page(json_ld(article), f"<h1>The harbour at night</h1>{byline}")
    assert essay.authors == ["Mina Okafor"]


def test_a_comment_form_names_nobody_when_the_byline_names_the_organisation() -> None:
    article = {
        "@type": "BlogPosting",
        "headline": "The harbour at night",
        "author": {"@type": "Organization", "name": "Harbour Studio"},
    }
    form = (
        "<div id='respond'><form><p class='comment-form-author'><label for='author'>Name"
        "</label><input id='author' name='author'></p></form></div>"
    )
    top = f"<h1>The harbour at night</h1><p>By Harbour Studio</p>{form}"
    assert page(json_ld(article), top).authors == ["Harbour Studio"]


def test_a_by_in_the_site_menu_is_no_byline() -> None:
    menu = "<nav><a href='/modalities'>By Modality</a><a href='/sizes'>By Company Size</a></nav>"
    byline = "<p>By <!-- -->Mina Okafor</p>"
    assert page("", f"{menu}<h1>The harbour at night</h1>{byline}").authors == ["Mina Okafor"]


def test_a_byline_that_starts_with_the_date() -> None:
    byline = (
        "<div class='publish-date-author'>Dec. 19, 2025 &middot; Mina Okafor on behalf of "
        "<a href='/teams/ferries'>the ferries group</a></div>"
    )
    assert page("", f"<h1>The harbour at night</h1>{byline}").authors == ["Mina Okafor"]


def test_the_links_of_a_by_line_name_its_authors_not_the_buttons_beside_them() -> None:
    for beside in ("View In Digital Edition", "One comment so far", "| Politics"):
        link = f"<a href='/more'>{beside}</a>" if "|" not in beside else f"| <a>{beside[2:]}</a>"
        byline = f"<p>By <a href='/c/mina'>Mina Okafor</a> {link}</p>"
        essay = page("", f"<h1>The harbour at night</h1>{byline}")
        assert essay.authors == ["Mina Okafor"], beside
    both = "<p>By <a href='/c/mina'>Mina Okafor</a> and <a href='/c/tom'>Tom Reyes</a></p>"
    assert page("", f"<h1>The harbour</h1>{both}").authors == ["Mina Okafor", "Tom Reyes"]


def test_the_byline_s_author_links_name_the_coauthors_the_markup_leaves_out() -> None:
    byline = (
        "<div><a href='/author/mina/'>Mina Okafor</a><span>, </span>"
        "<a href='/author/tom/'>Tom Reyes</a> &amp; <a href='/author/ada/'>Ada Lind</a>"
        " | Fact-checked by <a href='/author/lee/'>Lee Park</a></div>"
    )
    essay = page('<meta name="author" content="Mina Okafor">', f"<h1>The harbour</h1>{byline}")
    assert essay.authors == ["Mina Okafor", "Tom Reyes", "Ada Lind"]
    alone = "<a href='/author/mina/'>By Mina Okafor, Journalist</a>"
    essay = page('<meta name="author" content="Mina Okafor">', f"<h1>The harbour</h1>{alone}")
    assert essay.authors == ["Mina Okafor"]
