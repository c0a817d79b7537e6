"""The benchmark's corpus: deterministic, varied, and read in full by the real importer."""

from __future__ import annotations

from pathlib import Path

from app.importer import read_document
from bench.corpus import essay_source, write_corpus


def test_the_same_seed_writes_the_same_essays() -> None:
    assert essay_source(7, seed=1) == essay_source(7, seed=1)
    assert essay_source(7, seed=1) != essay_source(7, seed=2)


def test_every_essay_imports_with_what_it_was_written_with(tmp_path: Path) -> None:
    planned = write_corpus(tmp_path, 40, seed=11)
    texts = set()
    for plan in planned:
        essay = read_document(tmp_path / f"{plan.slug}.txt")
        assert essay.slug == plan.slug
        assert len(essay.sections) == plan.sections
        assert len(essay.figures) == plan.figures
        assert sum(q.kind == "pull_quote" for q in essay.quotes) == plan.pull_quotes
        assert len(essay.scenarios) == plan.scenarios
        assert essay.dates  # the byline at least
        texts.add(essay.plain_text)
    assert len(texts) == len(planned)  # no copies
    sizes = sorted(len(t) for t in texts)
    assert sizes[-1] > 3 * sizes[0]  # varied lengths
