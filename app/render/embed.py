"""Embed pages: one self-contained HTML card per essay, section, quote, figure, scenario, timeline.

No script, no font, no style from anywhere: one inline stylesheet, system fonts, semantic HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from math import ceil
from typing import Any
from urllib.parse import urlencode

from app.render.dates import readable_date
from app.render.timeline_svg import Axis, timeline_svg
from app.render.urls import web_url
from app.services.blocks import block_text
from app.services.embeddables import Embeddable, Target, authors, byline, publication, speaker

SANS = "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif"
STYLE = (
    "*{box-sizing:border-box}"
    "html{-webkit-text-size-adjust:100%}"
    "body{margin:0;padding:16px;background:#fff;color:#1d1d1f;"
    "font:17px/1.55 Georgia,'Times New Roman',serif;overflow-wrap:break-word}"
    "@media (min-width:700px){body{padding:24px 32px}}"
    ".card{max-width:720px;margin:0 auto}"
    f"h1,h2,.kicker,figcaption,footer,.timeline{{font-family:{SANS}}}"
    "h1{font-size:1.35rem;line-height:1.25;margin:0 0 .5rem}"
    "h2{font-size:1.1rem;line-height:1.3;margin:1.6rem 0 .5rem}"
    "p{margin:0 0 1rem}"
    ".kicker{font-size:.75rem;font-weight:600;letter-spacing:.06em;text-transform:uppercase;"
    "color:#a4262c;margin:0 0 .5rem}"
    ".standfirst{font-size:1.1rem;color:#3c3c43}"
    ".byline{font:.85rem/1.4 " + SANS + ";color:#5f6368}"
    "blockquote{margin:1rem 0;padding:0 0 0 1rem;border-left:4px solid #a4262c;"
    "font-size:1.25rem;line-height:1.4}"
    "blockquote p{margin:0}"
    "figure{margin:1rem 0}"
    "figure.text{padding-left:1rem;border-left:4px solid #d9d9de}"
    "figure.quote{margin:0}"
    ".figure figcaption{font-size:1.05rem;color:#1d1d1f}"
    "img{display:block;max-width:100%;height:auto}"
    "figcaption{font-size:.85rem;line-height:1.45;color:#5f6368;margin-top:.5rem}"
    ".credit{display:block;font-size:.75rem;letter-spacing:.04em;text-transform:uppercase}"
    ".summary{font-weight:700}"
    "svg{display:block;overflow:visible;margin:.5rem 0}"
    "svg line{stroke:#8e8e93;stroke-width:1}"
    "svg text{font:12px " + SANS + ";fill:#5f6368;text-anchor:middle}"
    ".marks{fill:#a4262c}"
    ".marks rect{stroke:#a4262c;stroke-width:7px;stroke-linejoin:round;opacity:.6}"
    ".timeline{list-style:none;margin:0;padding:0;font-size:.95rem;line-height:1.4}"
    ".timeline li{display:grid;grid-template-columns:6.8rem 1fr;gap:.75rem;"
    "padding:.4rem 0;border-top:1px solid #e5e5ea}"
    ".timeline time{font-weight:700;font-variant-numeric:tabular-nums}"
    ".said{display:block;color:#5f6368}"
    "footer{margin-top:1rem;padding-top:.6rem;border-top:1px solid #d9d9de;"
    "font-size:.8rem;line-height:1.4;color:#5f6368}"
    "a{color:inherit}"
)


@dataclass(frozen=True)
class Links:
    """Absolute URLs for one page: `base` is the API's public root; pinned pages link pinned."""

    base: str
    version: int
    pinned: bool

    def embed(self, target: Target, anchor: str | None = None) -> str:
        url = target.url(self.base, self.version if self.pinned else None)
        return url + (f"#{anchor}" if anchor else "")

    def oembed(self, target: Target) -> str:
        query = {"url": self.embed(target), "format": "json"}
        return f"{self.base}/oembed?{urlencode(query)}"


def _e(text: object) -> str:
    return escape(str(text))


def _link(url: str, text: str) -> str:
    """Links leave the frame: a reader who follows one gets a new tab, not a page in a box."""
    return f'<a href="{_e(url)}" target="_blank" rel="noopener">{_e(text)}</a>'


def _figure(figure: dict[str, Any], with_id: bool = True) -> str:
    ident = f' id="{_e(figure["id"])}"' if with_id else ""
    image_url = web_url(figure["image_url"])
    image = f'<img src="{_e(image_url)}" alt="{_e(figure["alt"] or "")}">' if image_url else ""
    credit = f'<span class="credit">{_e(figure["credit"])}</span>' if figure["credit"] else ""
    kind = "image" if image else "text"
    return (
        f'<figure class="{kind}"{ident}>{image}'
        f"<figcaption>{_e(figure['caption'])}{credit}</figcaption></figure>"
    )


def _blocks(document: dict[str, Any], section: dict[str, Any], links: Links) -> str:
    quotes = {q["id"]: q for q in document["quotes"]}
    figures = {f["id"]: f for f in document["figures"]}
    cite = links.embed(Target(document["slug"]), section["anchor"])
    out = []
    for block in section["blocks"]:
        if block["type"] == "paragraph":
            out.append(f"<p>{_e(block['text'])}</p>")
        elif block["type"] == "pull_quote":
            quote = quotes[block["quote_id"]]
            out.append(
                f'<blockquote id="{_e(quote["id"])}" cite="{_e(cite)}">'
                f"<p>{_e(quote['text'])}</p></blockquote>"
            )
        elif block["type"] == "blockquote":
            out.append(f"<blockquote><p>{_e(block['text'])}</p></blockquote>")
        elif block["type"] == "list":
            out.append("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in block["items"]) + "</ul>")
        else:
            out.append(_figure(figures[block["figure_id"]]))
    return "".join(out)


def _essay(document: dict[str, Any], item: dict[str, Any], links: Links) -> str:
    kicker = publication(document, " · ")
    parts = [
        f'<p class="kicker">{_e(kicker)}</p>' if kicker else "",
        f"<h1>{_e(item['title'])}</h1>",
    ]
    if item["subtitle"]:
        parts.append(f'<p class="standfirst">{_e(item["subtitle"])}</p>')
    if credits := byline(item):
        parts.append(f'<p class="byline">{_e(credits)}</p>')
    for section in item["sections"]:
        heading = f"<h2>{_e(section['heading'])}</h2>" if section["heading"] else ""
        blocks = _blocks(document, section, links)
        parts.append(f'<section id="{_e(section["anchor"])}">{heading}{blocks}</section>')
    return "".join(parts)


def _section(document: dict[str, Any], item: dict[str, Any], links: Links) -> str:
    return (
        f'<p class="kicker">{_e(document["title"])}</p>'
        f"<h1>{_e(item['heading'] or 'Introduction')}</h1>{_blocks(document, item, links)}"
    )


def _quote(document: dict[str, Any], item: dict[str, Any], links: Links) -> str:
    anchor = item["id"] if item["kind"] == "pull_quote" else _anchor(document, item["section_id"])
    cite = links.embed(Target(document["slug"]), anchor)
    who = speaker(document, item)
    source = f"<cite>{_link(cite, document['title'])}</cite>"
    caption = f"— {_e(who)}, in {source}" if who else f"Quoted in {source}"
    return (
        f'<figure class="quote"><blockquote cite="{_e(cite)}"><p>{_e(item["text"])}</p>'
        f"</blockquote><figcaption>{caption}</figcaption></figure>"
    )


def _figure_card(document: dict[str, Any], item: dict[str, Any], links: Links) -> str:
    return f'<p class="kicker">Figure {item["position"]}</p>{_figure(item, with_id=False)}'


def _scenario(document: dict[str, Any], item: dict[str, Any], links: Links) -> str:
    count = len(document["scenarios"])
    summary = f'<p class="summary">{_e(item["summary"])}</p>' if item["summary"] else ""
    return (
        f'<p class="kicker">Scenario {item["position"]} of {count}</p>'
        f"<h1>{_e(item['title'])}</h1>{summary}<p>{_e(item['description'])}</p>"
    )


def describe(entry: dict[str, Any]) -> str:
    """A timeline entry in words: its date, what happened, and how the essay put it."""
    said = ", ".join(dict.fromkeys(f"“{m['text']}”" for m in entry["mentions"]))
    what = f"{entry['label']} — " if entry["label"] else ""
    return f"{readable_date(entry['value'], entry['precision'])}: {what}{said}"


def _timeline(document: dict[str, Any], item: dict[str, Any], links: Links) -> str:
    entries = item["entries"]
    head = f'<p class="kicker">Timeline</p><h1>{_e(document["title"])}</h1>'
    if not entries:
        return head + "<p>This essay mentions no dates.</p>"
    rows = "".join(
        f'<li><time datetime="{_e(entry["value"])}">'
        f"{_e(readable_date(entry['value'], entry['precision'], short=True))}</time><span>"
        + (f"{_e(entry['label'])}" if entry["label"] else "")
        + f'<span class="said">{_e(", ".join(dict.fromkeys(m["text"] for m in entry["mentions"])))}'
        "</span></span></li>"
        for entry in entries
    )
    return f'{head}{timeline_svg(entries, describe)}<ol class="timeline">{rows}</ol>'


CARDS: dict[str, Callable[[dict[str, Any], dict[str, Any], Links], str]] = {
    "essay": _essay,
    "section": _section,
    "quote": _quote,
    "figure": _figure_card,
    "scenario": _scenario,
    "timeline": _timeline,
}


def _anchor(document: dict[str, Any], section_id: str | None) -> str | None:
    return next((s["anchor"] for s in document["sections"] if s["id"] == section_id), None)


def _footer(document: dict[str, Any], embeddable: Embeddable, links: Links) -> str:
    essay = links.embed(Target(document["slug"]))
    pinned = embeddable.target.url(links.base, links.version)
    link = f"{_link(essay, document['title'])} · " if embeddable.kind != "essay" else ""
    credits = "".join(f"{_e(part)} · " for part in _credits(document))
    return f"<footer>{link}{credits}{_link(pinned, f'version {links.version}')}</footer>"


def _credits(document: dict[str, Any]) -> list[str]:
    """Who wrote it and where, as far as the essay says."""
    return list(filter(None, (authors(document), publication(document, " · "))))


def render_page(document: dict[str, Any], embeddable: Embeddable, links: Links) -> str:
    card = CARDS[embeddable.kind](document, embeddable.item, links)
    title = _e(embeddable.title)
    return (
        f'<!doctype html><html lang="{_e(document["language"])}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<link rel="icon" href="data:,">'  # no favicon request
        f"<title>{title}</title>"
        '<link rel="alternate" type="application/json+oembed" '
        f'href="{_e(links.oembed(embeddable.target))}" title="{title}">'
        f"<style>{STYLE}</style></head>"
        f'<body><article class="card {embeddable.kind}" data-version="{links.version}">{card}'
        f"{_footer(document, embeddable, links)}</article></body></html>"
    )


# oEmbed sizes: the width a card is designed for, and a height estimated from its text.
WIDTHS = {"essay": 720, "section": 640, "timeline": 640}
DEFAULT_WIDTH = 560
ESSAY_HEIGHT = 800
MAX_NATURAL_HEIGHT = 2400  # a long section scrolls inside its frame


# An average glyph's width in ems, a little over Georgia's and Arial's, so estimates err tall.
SERIF, SANS_WIDTH, SANS_BOLD = 0.46, 0.54, 0.6


def _text_height(text: str, width: float, size: float, line: float, char: float) -> float:
    """Rough height of wrapped text; the 0.92 leaves room for words that do not fit a line's end."""
    per_line = max(1, int(width / (size * char) * 0.92))
    return ceil(max(len(text), 1) / per_line) * size * line


def natural_height(document: dict[str, Any], embeddable: Embeddable, width: int) -> int:
    """About how tall the card is at this width (sizes and margins as in STYLE, which collapse)."""
    if embeddable.kind == "essay":
        return ESSAY_HEIGHT
    wide = width >= 700
    inner = width - (64 if wide else 32)
    item = embeddable.item

    def text(words: str, size: float, line: float, char: float, less: float = 0) -> float:
        return _text_height(words, inner - less, size, line, char)

    def serif(words: str, size: float = 17, line: float = 1.55, less: float = 0) -> float:
        return text(words, size, line, SERIF, less)

    def heading(words: str) -> float:
        return 12 * 1.55 + 8 + text(words, 21.6, 1.25, SANS_BOLD) + 8  # kicker and h1

    credits = " · ".join([document["title"], *_credits(document), "version 1"])
    height = (48 if wide else 32) + 27 + text(credits, 12.8, 1.4, SANS_WIDTH) + 6
    if embeddable.kind == "quote":
        height += 16 + serif(item["text"], 20, 1.4, less=20) + 16
        height += text(f"— {speaker(document, item)}, in {document['title']}", 13.6, 1.45, 0.54)
    elif embeddable.kind == "figure":
        height += 12 * 1.55 + 16 + 8 + text(item["caption"], 16.8, 1.45, SANS_WIDTH, 20)
        height += 12 * 1.45 if item["credit"] else 0
        height += inner * 2 / 3 if item["image_url"] else 0
    elif embeddable.kind == "scenario":
        height += heading(item["title"]) + serif(item["description"])
        height += text(item["summary"], 17, 1.55, SERIF * 1.1) + 16 if item["summary"] else 0
    elif embeddable.kind == "section":
        height += heading(item["heading"] or "Introduction")
        quotes = {q["id"]: q["text"] for q in document["quotes"]}
        figures = {f["id"]: f for f in document["figures"]}
        for block in item["blocks"]:
            if block["type"] == "paragraph":
                height += serif(block["text"]) + 16
            elif block["type"] == "pull_quote":
                height += serif(quotes[block["quote_id"]], 20, 1.4, less=20) + 16
            elif (body := block_text(block)) is not None:  # blockquote, list
                height += sum(serif(line) + 8 for line in body.splitlines()) + 8
            else:
                caption = figures[block["figure_id"]]["caption"]
                height += 8 + text(caption, 13.6, 1.45, SANS_WIDTH, 20) + 12 * 1.45 + 16
    else:
        entries = item["entries"]
        height += heading(document["title"]) + (Axis(entries).height + 8 if entries else 0)
        for entry in entries:
            said = ", ".join(dict.fromkeys(m["text"] for m in entry["mentions"]))
            words = text(said, 15.2, 1.4, SANS_WIDTH, 130)
            words += text(entry["label"], 15.2, 1.4, SANS_WIDTH, 130) if entry["label"] else 0
            when = readable_date(entry["value"], entry["precision"], short=True)
            height += 13.8 + max(words, 21.3 * (1 + (len(when) > 11)))
    return min(ceil(height), MAX_NATURAL_HEIGHT)
