"""Fixtures for the importer tests: the parsed seed and a selector checker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.importer import read_document
from app.importer.model import ParsedEssay

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seed" / "putins-opponents-are-leaving-russia.txt"
DOCUMENTS = ROOT / "tests" / "documents"


def every_selector(essay: ParsedEssay):
    yield from (quote.selector for quote in essay.quotes)
    yield from (mention.selector for mention in essay.dates)
    yield from (selector for scenario in essay.scenarios for selector in scenario.selectors)


def check_anchored(essay: ParsedEssay) -> None:
    """Every selector points at its exact text, with up to 32 characters of context."""
    text = essay.plain_text
    for selector in every_selector(essay):
        assert text[selector.start : selector.end] == selector.exact
        assert text[: selector.start].endswith(selector.prefix)
        assert text[selector.end :].startswith(selector.suffix)
        assert len(selector.prefix) == min(32, selector.start)
        assert len(selector.suffix) == min(32, len(text) - selector.end)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed() -> ParsedEssay:
    return read_document(SEED)


@pytest.fixture
def anchored() -> Callable[[ParsedEssay], None]:
    return check_anchored


def compose(*body: str, date_line: str = "26 October 2022, 1.48pm", head: str | None = None) -> str:
    """A small document in the seed's layout; body items are separated by one blank line."""
    if head is None:
        head = "oDR:\u00a0Opinion\n\nA test title\n\nA standfirst for the test\n\nJane Doe"
    return f"{head}\n{date_line}\n\n" + "\n\n".join(body) + "\n"


@pytest.fixture
def make_source() -> Callable[..., str]:
    return compose


@pytest.fixture(scope="session")
def documents_dir() -> Path:
    return DOCUMENTS


@pytest.fixture
def document() -> Callable[[str], ParsedEssay]:
    """Parse one of tests/documents/ by stem (with its annotations file, if any)."""
    return lambda stem: read_document(DOCUMENTS / f"{stem}.txt")
