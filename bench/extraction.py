"""`python -m bench.extraction`: the web-page reader against trafilatura alone, one run.

Over the corpus in tests/documents/web/ (each page beside `<stem>.expected.json`: title,
authors, published day, and the article's text units — paragraphs, subheadings, blockquotes,
list items — as a reader view shows them), prints paragraph F1, title accuracy, the share of
pages naming an author whose authors are found, and the share whose published day is found;
then the time to import a page of about 1 MB.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from app.importer import DocumentError, parse_document
from app.importer.model import ParsedEssay

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "documents" / "web"
TARGET_PAGE_BYTES = 1_000_000


@dataclass(frozen=True)
class Found:
    title: str | None
    authors: list[str]
    published: str | None  # the day, ISO
    units: list[str]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def essay_units(essay: ParsedEssay) -> list[str]:
    """The essay's text units, in the corpus's terms (pull quotes and captions are not)."""
    units: list[str] = []
    for section in essay.sections:
        if section.heading:
            units.append(section.heading)
        for block in section.blocks:
            if block.type in ("paragraph", "blockquote") and block.text:
                units.append(block.text)
            elif block.type == "list":
                units.extend(block.items or [])
    return [normalise(u) for u in units]


def ours(page: bytes) -> Found:
    try:
        essay = parse_document(page, format="html")
    except DocumentError:
        return Found(None, [], None, [])
    return Found(
        essay.title, essay.authors, essay.published_at.date().isoformat(), essay_units(essay)
    )


def trafilatura_alone(page: bytes) -> Found:
    extracted = trafilatura.bare_extraction(
        page.decode(), include_formatting=True, include_comments=False, with_metadata=True
    )
    if extracted is None or not hasattr(extracted, "body") or extracted.body is None:
        return Found(None, [], None, [])
    units = [
        normalise("".join(node.itertext()))
        for node in extracted.body.iter("p", "head", "quote", "item")
        if node.tag != "p" or node.getparent() is extracted.body
    ]
    authors = [a.strip() for a in (extracted.author or "").split(";") if a.strip()]
    return Found(extracted.title, authors, extracted.date, [u for u in units if u])


def f1(found: list[str], expected: list[str]) -> float:
    if not found or not expected:
        return 0.0
    hits = len(set(found) & set(expected))
    precision, recall = hits / len(set(found)), hits / len(set(expected))
    return 0.0 if hits == 0 else 2 * precision * recall / (precision + recall)


def score(found: Found, expected: dict) -> dict[str, float | None]:
    wanted = [normalise(p) for p in expected["paragraphs"]]
    named = bool(expected["authors"])
    return {
        "f1": f1(found.units, wanted),
        "title": float(normalise(found.title or "") == normalise(expected["title"])),
        "author": float(found.authors == expected["authors"]) if named else None,
        "date": float(found.published == expected["published"]),
    }


def pages() -> Iterable[tuple[str, bytes, dict]]:
    for path in sorted(CORPUS.glob("*.html")):
        expected = json.loads(path.with_suffix(".expected.json").read_text())
        yield path.stem, path.read_bytes(), expected


def summarise(scores: list[dict[str, float | None]]) -> dict[str, float]:
    def mean(key: str) -> float:
        values = [s[key] for s in scores if s[key] is not None]
        return statistics.fmean(values) if values else 0.0  # type: ignore[arg-type]

    return {key: mean(key) for key in ("f1", "title", "author", "date")}


def big_page() -> bytes:
    """A page of about 1 MB as large news pages are: a long article (1,500 paragraphs, about
    300 kB of text) inside inline scripts, state blobs and comment threads."""
    page = (CORPUS / "news-harbour-fire.html").read_text()
    head, tail = page.split('<div class="article__body" itemprop="articleBody">', 1)
    article = "".join(
        f"<p>On day {n} the harbour board heard from residents about the smoke, the noise of "
        f"the pumps and who should pay for the clean-up; the minutes ran to {n % 40 + 3} pages.</p>"
        for n in range(1, 1501)
    )
    state = json.dumps({"items": [{"id": n, "teaser": "x" * 200} for n in range(3000)]})
    comments = "".join(
        f'<div class="comment"><p>Comment {n}: I live near the quay and agree.</p></div>'
        for n in range(1500)
    )
    filler = f"<script>window.__STATE__ = {state};</script>"
    body = f'{head}{filler}<div class="article__body" itemprop="articleBody">{article}{tail}'
    body = body.replace("</main>", f'<section class="comments">{comments}</section></main>')
    return body.encode()


def main() -> None:
    rows = {"essay-api": [], "trafilatura alone": []}  # type: dict[str, list]
    for stem, page, expected in pages():
        mine = score(ours(page), expected)
        rows["essay-api"].append(mine)
        rows["trafilatura alone"].append(score(trafilatura_alone(page), expected))
        if mine["f1"] < 1 or mine["title"] < 1 or mine["author"] == 0 or mine["date"] < 1:
            print(f"  {stem}: {mine}")
    count = len(rows["essay-api"])
    print(f"\n{count} pages in tests/documents/web/")
    print(f"{'':20} {'paragraph F1':>13} {'title':>7} {'author':>7} {'date':>7}")
    for name, scores in rows.items():
        s = summarise(scores)
        print(f"{name:20} {s['f1']:13.3f} {s['title']:7.2f} {s['author']:7.2f} {s['date']:7.2f}")
    page = big_page()
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        parse_document(page, format="html")
        timings.append(time.perf_counter() - started)
    size = len(page) / 1e6
    print(f"\nimport of a {size:.2f} MB page: {min(timings):.2f} s (best of 3; target < 1 s)")


if __name__ == "__main__":
    main()
