"""Who a page's blockquotes are by, as the page marks it up: a `<cite>` or `<footer>` inside
the blockquote, or a `<figcaption>` beside it in a `<figure>`. trafilatura keeps the quoted
words and loses the mark-up that says the rest is a name."""

from __future__ import annotations

import re

from lxml import html

CITES = "./cite | ./footer | ./p/cite | ./parent::figure/figcaption"
DASHES = re.compile(r"^[\s—–―-]+")


def blockquote_cites(tree: html.HtmlElement) -> dict[str, str]:
    """{the quoted words, without the credit: the credit}, both with spaces folded."""
    found: dict[str, str] = {}
    for quote in tree.xpath("//blockquote"):
        credits = quote.xpath(CITES)
        if not credits:
            continue
        credit = DASHES.sub("", _plain(credits[0]))
        words = _plain(quote)
        if credit and credits[0].getparent() is not quote.getparent():  # inside the quote
            words = words.replace(_plain(credits[0]), "").strip()
        if credit and words:
            found[words] = credit
    return found


def split_cite(text: str, cites: dict[str, str]) -> tuple[str, str | None]:
    """The quoted words and their credit, when the page says who they are by."""
    if text in cites:
        return text, cites[text]
    for words, credit in cites.items():
        if text.startswith(words) and DASHES.sub("", text[len(words) :]).strip() == credit:
            return words, credit
    return text, None


def _plain(element: html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()
