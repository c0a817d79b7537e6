"""`python -m bench.extraction`: the web-page reader on a corpus of real article pages, against
trafilatura alone and readability-lxml alone, in one run.

The corpus is `../shared/corpus/web/` beside the checkout (or `--corpus DIR`): gzipped pages in
`html/` and their ground truth in `truth.json`. Bodies are scored as that corpus's README says
(4-grams of `\\w+` tokens, counts normalised per page, precision and recall as means over pages,
F1 from the two means); title, author and published day as the share of pages that get them
right. One row per page, the means last, then the time per page and the time of a 1 MB page.

    python -m bench.extraction                 # every page, through parse_document
    python -m bench.extraction --sample 40     # every 6th page or so (CI's short benchmark)
    python -m bench.extraction --api URL       # through POST /v1/imports on a running server
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
import trafilatura
from lxml import html as lxml_html
from readability import Document as ReadabilityDocument

from app.core.config import PROJECT_ROOT
from app.importer import DocumentError, parse_document
from app.importer.model import ParsedEssay

DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus" / "web"
OWN_PAGES = PROJECT_ROOT / "tests" / "documents" / "web"  # the reader's regression pages
TOKEN = re.compile(r"\w+")
NGRAM = 4
SLOWER_THAN_TRAFILATURA = 3  # the guard's allowance, before its factor
TARGET_PAGE_BYTES = 1_000_000


@dataclass(frozen=True)
class Found:
    """What one extractor made of a page; `body` None when it refused the page."""

    body: str | None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # the day, ISO


@dataclass(frozen=True)
class Page:
    id: str
    html: bytes
    truth: dict


@dataclass(frozen=True)
class Score:
    precision: float | None  # None: nothing extracted (left out of the precision mean)
    recall: float
    title: bool
    author: bool | None  # None: the truth names nobody
    date: bool | None  # None: the truth states no date
    refused: bool
    seconds: float


def grams(text: str) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + NGRAM]) for i in range(len(tokens) - NGRAM + 1))


def body_scores(found: str | None, truth: str) -> tuple[float | None, float]:
    """(precision, recall) of one page, with tp, fp and fn normalised to sum to 1."""
    extracted, wanted = grams(found or ""), grams(truth)
    tp = sum((extracted & wanted).values())
    fp, fn = sum(extracted.values()) - tp, sum(wanted.values()) - tp
    total = tp + fp + fn
    if not extracted or not total:
        return None, 0.0
    tp, fp, fn = tp / total, fp / total, fn / total
    return tp / (tp + fp), (tp / (tp + fn) if tp + fn else 0.0)


TITLE_PARTS = re.compile(r"\s+[|–—·:-]\s+")


def _norm(text: str | None) -> str:
    return re.sub(r"\W+", " ", (text or "").casefold()).strip()


def same_title(found: str | None, truth: str | None) -> bool:
    """Equal, or equal once one of them loses the site's name after a separator: the truth
    is sometimes the `<title>` ("Headline | Site"), sometimes the headline alone."""
    if not found or not truth:
        return False
    for longer, other in ((found, truth), (truth, found)):
        parts = TITLE_PARTS.split(longer)
        if any(_norm(" ".join(parts[:k])) == _norm(other) for k in range(1, len(parts) + 1)):
            return True
    return False


def truth_authors(truth: dict) -> list[str]:
    value = truth.get("authors") or []
    if isinstance(value, str):  # some truths hold the list as its Python repr
        value = re.findall(r"'([^']+)'|\"([^\"]+)\"", value)
        value = [a or b for a, b in value]
    return [a for a in value if a and a.strip()]


NAME_LIST = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
# What follows a name in a truth as written ("Jane Doe, Ph.D.", "John Roe CPP, PSP"): its letters.
CREDENTIAL = re.compile(r"(?:[A-Z]{2,6}\b\.?\s*)+|(?:[A-Z][a-z]?\.\s*){1,3}(?:[A-Z]{2,6})?")


def same_authors(found: Iterable[str], truth: list[str]) -> bool:
    """The same names, each truth string read as a list: the truth sometimes holds several
    authors in one string ("A, B and C", "A & B") and a name's letters after it ("Jane Doe,
    PhD"). A name with "and" in it ("Center for X and Y") is matched as written too."""
    names = {_norm(a) for a in found}
    listed = {
        _norm(part)
        for value in truth
        for part in NAME_LIST.split(value)
        if part.strip() and not CREDENTIAL.fullmatch(part.strip())
    }
    return names == {_norm(a) for a in truth} or (bool(listed) and names == listed)


def score(found: Found, truth: dict, seconds: float) -> Score:
    precision, recall = body_scores(found.body, truth.get("articleBody") or "")
    wanted_authors = truth_authors(truth)
    day = (truth.get("date") or "")[:10] or None
    return Score(
        precision=precision,
        recall=recall,
        title=same_title(found.title, truth.get("title")),
        author=same_authors(found.authors, wanted_authors) if wanted_authors else None,
        date=(found.published == day) if day else None,
        refused=found.body is None,
        seconds=seconds,
    )


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def body_units(sections: Iterable[Mapping[str, Any]]) -> list[str]:
    """Section headings, paragraphs, blockquotes and list items in reading order (pull quotes
    and captions are not the body), from sections shaped as the API serves them."""
    units: list[str] = []
    for section in sections:
        if section.get("heading"):
            units.append(section["heading"])
        for block in section["blocks"]:
            if block["type"] in ("paragraph", "blockquote") and block.get("text"):
                units.append(block["text"])
            elif block["type"] == "list":
                units.extend(block.get("items") or [])
    return [normalise(unit) for unit in units]


def essay_units(essay: ParsedEssay) -> list[str]:
    return body_units(asdict(section) for section in essay.sections)


def from_essay(essay: ParsedEssay) -> Found:
    published = essay.published_at.date().isoformat() if essay.published_at else None
    return Found("\n".join(essay_units(essay)), essay.title, tuple(essay.authors), published)


def essay_api(page: bytes) -> Found:
    try:
        return from_essay(parse_document(page, format="html"))
    except DocumentError:
        return Found(None)


def trafilatura_alone(page: bytes) -> Found:
    extracted = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    if extracted is None or getattr(extracted, "text", None) is None:
        return Found(None)
    authors = tuple(a.strip() for a in (extracted.author or "").split(";") if a.strip())
    return Found(extracted.text, extracted.title, authors, extracted.date)


def readability_alone(page: bytes) -> Found:
    try:
        document = ReadabilityDocument(page)
        summary = document.summary(html_partial=True)
    except Exception:  # readability raises bare Exceptions on pages it cannot read
        return Found(None)
    text = "\n".join(
        " ".join(node.text_content().split())
        for node in lxml_html.fragment_fromstring(summary, create_parent="div").iter(
            "p", "h2", "h3", "h4", "li", "blockquote", "pre", "td"
        )
    )
    return Found(text, document.short_title())


def through_api(url: str, token: str) -> Callable[[bytes], Found]:
    client = httpx.Client(base_url=url, timeout=60, headers={"Authorization": f"Bearer {token}"})

    def extract(page: bytes) -> Found:
        answer = client.post("/v1/imports", content=page, headers={"Content-Type": "text/html"})
        if answer.status_code not in (200, 201):
            return Found(None)
        slug = answer.json()["slug"]
        essay = client.get(f"/v1/essays/{slug}").json()
        return Found(
            "\n".join(body_units(essay["sections"])),
            essay["title"],
            tuple(a["name"] for a in essay["authors"]),
            (essay.get("published_at") or "")[:10] or None,
        )

    return extract


def load_pages(corpus: Path, sample: int | None) -> list[Page]:
    truth = json.loads((corpus / "truth.json").read_text())
    ids = sorted(truth)
    if sample and sample < len(ids):
        ids = ids[:: max(1, len(ids) // sample)][:sample]
    return [
        Page(id, gzip.decompress((corpus / "html" / f"{id}.html.gz").read_bytes()), truth[id])
        for id in ids
    ]


def run(extract: Callable[[bytes], Found], pages: Iterable[Page]) -> dict[str, Score]:
    scores = {}
    for page in pages:
        started = time.perf_counter()
        found = extract(page.html)
        scores[page.id] = score(found, page.truth, time.perf_counter() - started)
    return scores


def _mean(values: Iterable[float | bool | None]) -> float:
    kept = [float(v) for v in values if v is not None]
    return statistics.fmean(kept) if kept else 0.0


def summary(scores: Iterable[Score]) -> dict[str, float]:
    rows = list(scores)
    precision, recall = _mean(s.precision for s in rows), _mean(s.recall for s in rows)
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "title": _mean(s.title for s in rows),
        "author": _mean(s.author for s in rows),
        "date": _mean(s.date for s in rows),
        "refused": sum(s.refused for s in rows) / max(1, len(rows)),
        "seconds": _mean(s.seconds for s in rows),
    }


HEADER = f"{'':22} {'P':>6} {'R':>6} {'F1':>6} {'title':>6} {'author':>6} {'date':>6} "
HEADER += f"{'refused':>8} {'s/page':>7}"


def line(name: str, s: dict[str, float]) -> str:
    return (
        f"{name:22} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['title']:6.2f} "
        f"{s['author']:6.2f} {s['date']:6.2f} {s['refused']:8.1%} {s['seconds']:7.3f}"
    )


def print_rows(results: dict[str, dict[str, Score]]) -> None:
    names = list(results)
    print(f"{'page':6} " + " ".join(f"{n[:18]:>26}" for n in names))
    for page_id in results[names[0]]:
        cells = []
        for name in names:
            s = results[name][page_id]
            p = "refused" if s.precision is None else f"{s.precision:.2f}"
            cells.append(
                f"{p:>7} {s.recall:.2f} {'T' if s.title else '-'}"
                f"{'A' if s.author else '-' if s.author is not None else ' '}"
                f"{'D' if s.date else '-' if s.date is not None else ' '}"
            )
        print(f"{page_id:6} " + " ".join(f"{c:>26}" for c in cells))


def big_page() -> bytes:
    """A page of about 1 MB as large news pages are: a long article (1,500 paragraphs, about
    300 kB of text) inside inline scripts, state blobs and comment threads."""
    page = (OWN_PAGES / "news-harbour-fire.html").read_text()
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


def big_page_seconds() -> tuple[float, float]:
    page = big_page()
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        essay_api(page)
        timings.append(time.perf_counter() - started)
    return len(page) / 1e6, min(timings)


def targets_met(ours: dict[str, float], baseline: dict[str, float], factor: float) -> bool:
    """CI's guard: fail only below `factor` of each target. Time is held to trafilatura's in
    the same run (the reader runs it and more: about 2-3 times its time on a quiet machine), not
    to the 0.1 s target, which a loaded CI machine misses on load alone."""
    return (
        ours["f1"] >= factor * (baseline["f1"] + 0.01)
        and ours["refused"] <= (1 - factor) + 0.0
        and ours["seconds"] <= SLOWER_THAN_TRAFILATURA * baseline["seconds"] / factor
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, help="score about N pages spread over the corpus")
    parser.add_argument("--api", metavar="URL", help="import through POST /v1/imports at URL")
    parser.add_argument("--token", help="a write token for --api")
    parser.add_argument("--rows", action="store_true", help="print one row per page")
    parser.add_argument("--ours-only", action="store_true", help="skip the other extractors")
    parser.add_argument("--guard", type=float, help="exit 1 below this share of the targets")
    args = parser.parse_args(argv)
    if not (args.corpus / "truth.json").exists():
        print(f"no corpus at {args.corpus} (give --corpus DIR)", file=sys.stderr)
        return 2
    pages = load_pages(args.corpus, args.sample)
    extractors: dict[str, Callable[[bytes], Found]] = {"essay-api": essay_api}
    if args.api:
        extractors["essay-api (HTTP)"] = through_api(args.api, args.token or "")
    if not args.ours_only:
        extractors["trafilatura alone"] = trafilatura_alone
        extractors["readability alone"] = readability_alone
    results = {name: run(extract, pages) for name, extract in extractors.items()}
    if args.rows:
        print_rows(results)
    print(f"\n{len(pages)} pages of {args.corpus}")
    print(HEADER)
    summaries = {name: summary(scores.values()) for name, scores in results.items()}
    for name, s in summaries.items():
        print(line(name, s))
    size, seconds = big_page_seconds()
    print(f"\nimport of a {size:.2f} MB page: {seconds:.2f} s (best of 3; target < 1 s)")
    if args.guard and "trafilatura alone" in summaries:
        ok = targets_met(summaries["essay-api"], summaries["trafilatura alone"], args.guard)
        print(f"targets {'met' if ok else 'MISSED'} at {args.guard:.0%} of each")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
