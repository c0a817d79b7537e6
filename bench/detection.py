"""`python -m bench.detection [-v]`: precision and recall of the importer's detection, per kind.

Over the corpus in tests/documents/detection/ (each essay — `.txt` in the seed's layout, `.md`,
`.html`, or `.docx.tsv` built into a Word document here — beside `<stem>.expected.json`, written
by hand before the importer ever read it), counts for each kind what the importer found that a
reader expects (true positives), what it found that nobody expects, and what it missed:

- scenarios: each expected scenario is a list of words its passages (selectors) must hold;
- attributions: (words of the quotation, the speaker) for each quotation a reader attributes;
  an attribution to anyone else, or to somebody where a reader sees nobody, is a false one;
- dates: the EDTF value of every date mention in the body and captions (the byline aside);
- figures: words of each figure's caption; pull quotes: words of each pull quote;
- boilerplate: promotional lines (a newsletter sign-up) that must not reach the essay's text.

Micro-averaged over the corpus; `-v` lists each essay's misses and false finds.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.importer import DocumentError, parse_document
from app.importer.model import ParsedEssay
from tests.importer.essays import build_docx, docx_rows

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "documents" / "detection"
SOURCES = {".txt": "text", ".md": "markdown", ".html": "html", ".tsv": "docx"}
KINDS = ("scenarios", "attributions", "dates", "figures", "pull_quotes")


@dataclass
class Tally:
    hits: int = 0
    found: int = 0
    expected: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.hits += other.hits
        self.found += other.found
        self.expected += other.expected
        self.notes += other.notes

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0


def essays() -> Iterable[tuple[str, bytes, str, dict]]:
    """(stem, source bytes, format, expected) for each essay of the corpus."""
    for expected_path in sorted(CORPUS.glob("*.expected.json")):
        stem = expected_path.name.removesuffix(".expected.json")
        source = next(p for p in CORPUS.glob(f"{stem}.*") if p.suffix in SOURCES)
        kind = SOURCES[source.suffix]
        data = build_docx(docx_rows(source)) if kind == "docx" else source.read_bytes()
        yield stem, data, kind, json.loads(expected_path.read_text())


def matched(found: list, wanted: list, fits: Callable[[object, object], bool]) -> Tally:
    """One-to-one matches between what was found and what was expected, first fit first."""
    left = list(wanted)
    tally = Tally(found=len(found), expected=len(wanted))
    for item in found:
        partner = next((w for w in left if fits(item, w)), None)
        if partner is None:
            tally.notes.append(f"false: {_show(item)}")
        else:
            left.remove(partner)
            tally.hits += 1
    tally.notes += [f"missed: {_show(w)}" for w in left]
    return tally


def _show(item: object) -> str:
    return str(item)[:110]


def score(essay: ParsedEssay, expected: dict) -> dict[str, Tally]:
    scenarios = [" ".join(s.exact for s in scenario.selectors) for scenario in essay.scenarios]
    attributed = [
        (q.text, q.attributed_to) for q in essay.quotes if q.kind == "quotation" and q.attributed_to
    ]
    dates = [d.value for d in essay.dates if d.where != "byline"]
    return {
        "scenarios": matched(scenarios, expected["scenarios"], lambda f, w: all(x in f for x in w)),
        "attributions": matched(
            attributed, [tuple(a) for a in expected["attributions"]],
            lambda f, w: w[0] in f[0] and f[1] == w[1],
        ),
        "dates": _dates(dates, expected["dates"]),
        "figures": matched([f.caption for f in essay.figures], expected["figures"], _within),
        "pull_quotes": matched(
            [q.text for q in essay.quotes if q.kind == "pull_quote"],
            expected["pull_quotes"],
            lambda f, w: w.lower() in f.lower(),
        ),
    }  # fmt: skip


def _within(found: object, wanted: object) -> bool:
    return str(wanted) in str(found)


def _dates(found: list[str], wanted: list[str]) -> Tally:
    hits = sum((Counter(found) & Counter(wanted)).values())
    tally = Tally(hits, len(found), len(wanted))
    tally.notes += [f"false: {v}" for v in (Counter(found) - Counter(wanted)).elements()]
    tally.notes += [f"missed: {v}" for v in (Counter(wanted) - Counter(found)).elements()]
    return tally


def missed_entirely(expected: dict) -> dict[str, Tally]:
    return {kind: Tally(expected=len(expected[kind]), notes=["not imported"]) for kind in KINDS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list each essay's errors")
    verbose = parser.parse_args().verbose
    totals = {kind: Tally() for kind in KINDS}
    promos, promos_kept, count, elapsed = 0, 0, 0, 0.0
    for stem, data, kind, expected in essays():
        started = time.perf_counter()
        try:
            essay = parse_document(data, format=kind, slug=stem[:80])
        except DocumentError as exc:
            print(f"  {stem}: {exc}")
            tallies = missed_entirely(expected)
        else:
            elapsed += time.perf_counter() - started
            count += 1
            tallies = score(essay, expected)
            kept = [p for p in expected.get("boilerplate", []) if p in essay.plain_text]
            promos, promos_kept = (
                promos + len(expected.get("boilerplate", [])),
                promos_kept + len(kept),
            )
            tallies["scenarios"].notes += [f"promotional line kept: {p}" for p in kept]
        for name, tally in tallies.items():
            totals[name].add(tally)
            if verbose and tally.notes:
                print(f"  {stem} [{name}]: " + "; ".join(tally.notes))
    print(f"\n{count} essays imported from tests/documents/detection/")
    print(f"{'kind':14} {'precision':>9} {'recall':>7} {'found':>6} {'expected':>8} {'right':>6}")
    for name, tally in totals.items():
        print(
            f"{name:14} {tally.precision:9.2f} {tally.recall:7.2f} {tally.found:6} "
            f"{tally.expected:8} {tally.hits:6}"
        )
    print(f"promotional lines dropped: {promos - promos_kept} of {promos}")
    print(f"import time: {1000 * elapsed / max(count, 1):.1f} ms an essay (mean)")


if __name__ == "__main__":
    main()
