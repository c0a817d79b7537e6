"""`python -m bench.imports [N] [FORMATS]`: how fast documents of every format arrive, one run.

1. A web page of about 1 MB (`bench.extraction.big_page`) through `POST /v1/imports` as
   `text/html`: the app in process (httpx over ASGI), a new SQLite database, best of 3.
2. `essay-api import DIR` of N documents (default 1,000) in every format: the synthetic corpus
   (`bench.corpus`) written a quarter each as the text layout, a web page, Markdown with front
   matter and a Word document (FORMATS, e.g. `txt,html,md`, to choose), into a new SQLite
   database; prints the rate and what 10,000 such documents would take at it.
"""

from __future__ import annotations

import asyncio
import io
import shutil
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

import docx
import httpx

from app.core.config import Settings
from app.db import migrations
from app.db.engine import create_db_engine, transaction
from app.importer import parse_document
from app.importer.model import ParsedEssay
from app.main import create_app
from app.services.tokens import create_token
from bench.corpus import essay_source
from bench.extraction import big_page

FORMATS = ("txt", "html", "md", "docx")


def _body(essay: ParsedEssay) -> list[tuple[str, str]]:
    """(kind, text) of the essay's headings and paragraphs, in order."""
    out: list[tuple[str, str]] = []
    for section in essay.sections:
        if section.heading:
            out.append(("heading", section.heading))
        out += [("paragraph", b.text) for b in section.blocks if b.type == "paragraph" and b.text]
    return out


def as_html(essay: ParsedEssay) -> bytes:
    """An article page as a CMS writes one: metadata in the head, navigation around it."""
    body = "".join(
        f"<h2>{escape(text)}</h2>" if kind == "heading" else f"<p>{escape(text)}</p>"
        for kind, text in _body(essay)
    )
    return (
        f"<!doctype html><html lang='en'><head><title>{escape(essay.title)}</title>"
        f"<meta name='author' content='{escape(', '.join(essay.authors))}'>"
        f"<meta name='description' content='{escape(essay.subtitle or '')}'>"
        f"<meta property='article:published_time' content='{essay.published_at.isoformat()}'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav><article>"
        f"<h1>{escape(essay.title)}</h1>{body}</article>"
        "<footer>© The Synthetic Review</footer></body></html>"
    ).encode()


def as_markdown(essay: ParsedEssay) -> bytes:
    front = (
        f"---\ntitle: {essay.title!r}\nsubtitle: {(essay.subtitle or '')!r}\n"
        f"authors: {essay.authors!r}\ndate: {essay.published_at.isoformat()}\n---\n\n"
    )
    body = "\n\n".join(f"## {text}" if kind == "heading" else text for kind, text in _body(essay))
    return (front + body + "\n").encode()


def as_docx(essay: ParsedEssay) -> bytes:
    document = docx.Document()
    document.core_properties.title = essay.title
    document.core_properties.author = " and ".join(essay.authors)
    document.add_heading(essay.title, level=1)
    for kind, text in _body(essay):
        if kind == "heading":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_mixed_corpus(
    folder: Path, count: int, seed: int = 2026, formats: tuple[str, ...] = FORMATS
) -> None:
    """`count` synthetic essays, each in the next of `formats`."""
    folder.mkdir(parents=True, exist_ok=True)
    renderers = {"html": as_html, "md": as_markdown, "docx": as_docx}
    for number in range(1, count + 1):
        slug, text, annotations, _ = essay_source(number, seed)
        suffix = formats[number % len(formats)]
        if suffix == "txt":
            (folder / f"{slug}.txt").write_text(text)
            if annotations is not None:
                (folder / f"{slug}.annotations.yaml").write_text(annotations)
            continue
        essay = parse_document(text, format="text", slug=slug)
        (folder / f"{slug}.{suffix}").write_bytes(renderers[suffix](essay))


def _database(folder: Path) -> str:
    url = f"sqlite:///{folder / 'bench.db'}"
    engine = create_db_engine(url)
    migrations.upgrade(engine)
    engine.dispose()
    return url


async def _post_pages(url: str, page: bytes, times: int) -> list[float]:
    app = create_app(Settings(database_url=url, seed_on_start=False, migrate_on_start=False))
    engine = create_db_engine(url)
    with transaction(engine) as session:
        token = create_token(session, "bench", "write")
    engine.dispose()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/html"}
    timings = []
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench"
    ) as client:
        for number in range(times):
            started = time.perf_counter()
            response = await client.post(
                f"/v1/imports?slug=big-page-{number}", content=page, headers=headers
            )
            timings.append(time.perf_counter() - started)
            assert response.status_code == 201, response.text
    app.state.engine.dispose()
    return timings


def big_page_through_the_api(work: Path) -> None:
    page = big_page()
    timings = asyncio.run(_post_pages(_database(work), page, 3))
    print(
        f"POST /v1/imports of a {len(page) / 1e6:.2f} MB page: best {min(timings):.2f} s "
        f"({', '.join(f'{t:.2f}' for t in timings)}); target < 1 s"
    )


def mixed_folder_through_the_cli(work: Path, count: int, formats: tuple[str, ...]) -> None:
    corpus = work / "mixed"
    started = time.perf_counter()
    write_mixed_corpus(corpus, count, formats=formats)
    print(
        f"wrote {count} documents ({', '.join(formats)}) in {time.perf_counter() - started:.1f} s"
    )
    url = _database(work)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app.cli", "import", str(corpus)],
        env={"ESSAY_API_DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
        check=True,
    )
    seconds = time.perf_counter() - started
    rate = count / seconds
    print(
        f"essay-api import of {count} mixed documents: {seconds:.1f} s, {rate:.0f} essays/s; "
        f"10,000 at that rate: {10_000 / rate:.0f} s (target < 60 s)"
    )


def parse_time_per_format(work: Path, sample: int = 12) -> None:
    """Mean parse time of one document per format, in this process (no database)."""
    corpus = work / "sample"
    write_mixed_corpus(corpus, sample * len(FORMATS))
    for suffix in FORMATS:
        paths = sorted(corpus.glob(f"*.{suffix}"))
        started = time.perf_counter()
        for path in paths:
            parse_document(path.read_bytes(), format=None)
        mean = (time.perf_counter() - started) / len(paths)
        print(f"  parse one .{suffix}: {mean * 1000:.0f} ms (mean of {len(paths)})")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    formats = tuple(sys.argv[2].split(",")) if len(sys.argv) > 2 else FORMATS
    work = Path(tempfile.mkdtemp(prefix="essay-api-bench-imports-"))
    try:
        big_page_through_the_api(work / "api")
        parse_time_per_format(work / "formats")
        mixed_folder_through_the_cli(work / "cli", count, formats)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
