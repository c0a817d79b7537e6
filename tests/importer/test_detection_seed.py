"""The seed parsed without its annotations finds the scenarios its editors wrote by hand."""

from __future__ import annotations

from app.importer import parse_document
from app.importer.model import ParsedEssay


def spans(essay: ParsedEssay) -> list[list[tuple[int, int]]]:
    return [[(sel.start, sel.end) for sel in s.selectors] for s in essay.scenarios]


def test_found_scenarios_state_the_annotated_passages(seed, seed_path, anchored):
    found = parse_document(seed_path.read_bytes())
    anchored(found)
    assert len(seed.scenarios) == 3
    # same passages, in the same order; the same plain text, so the same offsets
    assert found.plain_text == seed.plain_text
    assert spans(found) == spans(seed)
    assert [s.summary for s in found.scenarios] == [
        sel[0].exact for sel in (s.selectors for s in seed.scenarios)
    ]
    assert [s.description for s in found.scenarios] == [
        s.selectors[-1].exact for s in seed.scenarios
    ]
    assert [s.title for s in found.scenarios][2] == "Revolution"
    assert len({s.key for s in found.scenarios}) == 3


def test_the_two_types_of_reactions_are_not_scenarios(seed_path):
    found = parse_document(seed_path.read_bytes())
    assert not any("mobilisation" in s.description for s in found.scenarios)
