"""Synthetic essays in the seed's plain-text layout, deterministic from a seed number.

Each essay is written from scratch: its own title, byline, date line, lead figure, sections with
headings, paragraphs of varied length with dated events and quotations, figures in the body,
a pull quote repeated from the text, and sometimes annotations (quote attributions, date labels,
scenarios) anchored to words it wrote. Words come from a vocabulary drawn with a Zipf-like skew,
plus rare coined words, so full-text search sees common and selective terms as in real prose.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from pathlib import Path

import yaml


def _words(text: str) -> list[str]:
    return text.split()


MONTHS = _words(
    "January February March April May June July August September October November December"
)
COMMON = _words(
    """
the of and to in a is that for it as was with be by on not he this are or his from at which
but have an they you were her she there one all we their been has more when will would who so
no if out up what about than into them can only other new some could time these two may then
do first any my now such like our over man me even most made after also did many before must
through back years where much your way well down should because each just those people how too
little state good very make world still own see men work long get here between both life being
under never day same another know while last might us great old year off come since against go
came right used take three
"""
)
TOPICS = _words(
    """
city river election archive winter harbour railway parliament museum border factory village
island market council budget protest treaty hospital school library bridge forest drought flood
harvest mine union court newspaper festival frontier province ministry refugee migration tax
reform climate energy coal grid pension strike coalition memory diaspora archive census canal
dike reservoir mayor governor queue ration bakery clinic tram ferry pipeline satellite orchard
vineyard quarry garrison monastery cathedral estuary delta glacier steppe tundra lagoon plateau
"""
)
VERBS = _words(
    """
built closed opened moved changed argued promised refused counted mapped flooded emptied
rebuilt funded divided joined left reached crossed measured recorded remembered forgot
"""
)
FIRST = _words(
    """
Anna Boris Chiara Dmitri Elena Farid Greta Hassan Ines Jonas Kateryna Luis Mariam Nikolay Olga
Pavel Qi Rosa Samir Tomas Uma Viktor Wen Ximena Yusuf Zofia Helen Arthur Tomás Ingrid
"""
)
LAST = _words(
    """
Andreev Marsh Okafor Lindqvist Petrova Haddad Rossi Novak Kowalski Haugen Moreau Silva Tanaka
Brennan Duarte Eriksen Fischer Garcia Ivanova Jensen Kaur Larsen Mendes Nakamura Oyelaran
"""
)
AGENCIES = ("Reuters", "Alamy", "AP Photo", "Getty Images", "Agence", "Northfield Archive")
LABELS = ("oDR: Opinion", "oD: Long Read", "Culture: Essay", "Cities: Analysis", "Economy: Essay")
SYLLABLES = _words("ka lo mi ne ru sa te vo zu bri dan fel gor hal jin kor lum mar nor pel")
VOCABULARY = COMMON + TOPICS
CUMULATIVE = list(itertools.accumulate(1 / (rank + 8) for rank in range(len(VOCABULARY))))


@dataclass(frozen=True)
class Planned:
    """What a generated document holds, for checking that the importer read it all."""

    slug: str
    sections: int
    figures: int  # the lead figure included
    pull_quotes: int
    scenarios: int


class Writer:
    """One essay's worth of prose from one random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def words(self, low: int, high: int) -> list[str]:
        words = self.rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=self.rng.randint(low, high))
        if self.rng.random() < 0.3:  # a rare coined word
            coined = "".join(self.rng.choice(SYLLABLES) for _ in range(3))
            words[self.rng.randrange(len(words))] = coined
        return words

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def title(self) -> str:
        words = [self.rng.choice(TOPICS), *self.words(2, 5), self.rng.choice(TOPICS)]
        return capitalised(" ".join(words))

    def date_phrase(self) -> str:
        year = self.rng.randint(1905, 2024)
        month, day = self.rng.choice(MONTHS), self.rng.randint(1, 28)
        return self.rng.choice(
            [
                f"in {year}",
                f"in {month} {year}",
                f"on {day} {month} {year}",
                f"on {month} {day}, {year}",
            ]
        )

    def sentence(self, *, quote: bool = False) -> str:
        parts = self.words(6, 18)
        parts.insert(self.rng.randint(1, len(parts)), self.rng.choice(TOPICS))
        if self.rng.random() < 0.1:
            parts += [self.rng.choice(VERBS), self.date_phrase()]
        text = capitalised(" ".join(parts))
        if quote:
            text += f", said {self.name()}: “{' '.join(self.words(5, 12))}”"
        return text + "."


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def essay_source(number: int, seed: int) -> tuple[str, str, str | None, Planned]:
    """(slug, document text, annotations YAML or None, what it holds) for essay `number`."""
    rng = random.Random(f"{seed}:{number}")
    w = Writer(rng)
    title = w.title()
    slug = f"essay-{number:05d}-" + "-".join(title.lower().split()[:4])
    authors = [w.name() for _ in range(rng.choice((1, 1, 1, 2)))]
    year, month, day = rng.randint(1995, 2025), rng.choice(MONTHS), rng.randint(1, 28)
    time = f", {rng.randint(1, 12)}.{rng.randint(0, 59):02d}{rng.choice(('am', 'pm'))}"
    lines = [
        rng.choice(LABELS),
        "",
        title,
        "",
        w.sentence().rstrip("."),
        "",
        " and ".join(authors),
        f"{day} {month} {year}{time if rng.random() < 0.5 else ''}",
        "",
        capitalised(" ".join(w.words(6, 14))),
        "",
        "",
        f"{w.name()}/{rng.choice(AGENCIES)}",
    ]
    paragraphs: list[str] = []
    sections, figures, pull_quotes = rng.randint(1, 8), 1, 0
    for section in range(sections):
        if section:
            lines += ["", capitalised(" ".join(w.words(2, 6)))]
        for _ in range(rng.randint(2, 10)):
            paragraph = " ".join(
                w.sentence(quote=rng.random() < 0.12) for _ in range(rng.randint(2, 7))
            )
            paragraphs.append(paragraph)
            lines += ["", paragraph]
            if rng.random() < 0.08:
                caption = capitalised(" ".join(w.words(5, 12)))
                lines += ["", "", caption, "", "", f"{w.name()} / {rng.choice(AGENCIES)}"]
                figures += 1
        if pull_quotes == 0 and rng.random() < 0.5:
            pulled = rng.choice(paragraphs).split(". ")[0].rstrip(".")
            if len(pulled.split()) >= 6 and "“" not in pulled:
                lines += ["", pulled]
                pull_quotes = 1
    annotations, scenarios = _annotations(rng, paragraphs)
    planned = Planned(slug, sections, figures, pull_quotes, scenarios)
    return slug, "\n".join(lines) + "\n", annotations, planned


def _annotations(rng: random.Random, paragraphs: list[str]) -> tuple[str | None, int]:
    if rng.random() < 0.5:
        return None, 0
    sentences = [s.rstrip(".") + "." for p in paragraphs for s in p.split(". ")]
    sentences = [s for s in sentences if "“" not in s and len(s.split()) > 4]
    scenarios = []
    for index in range(rng.choice((0, 2, 3)) if sentences else 0):
        exact = rng.choice(sentences)
        scenarios.append(
            {
                "key": f"future-{index + 1}",
                "title": " ".join(exact.split()[:4]),
                "summary": exact,
                "passages": [{"exact": exact, "occurrence": 1}],
            }
        )
    notes = {"publication": {"name": "The Synthetic Review"}, "scenarios": scenarios}
    return yaml.safe_dump(notes, allow_unicode=True, sort_keys=False), len(scenarios)


def write_corpus(folder: Path, count: int, seed: int = 1) -> list[Planned]:
    """Write `count` essays into `folder` (`<slug>.txt` and annotations); idempotent."""
    folder.mkdir(parents=True, exist_ok=True)
    planned = []
    for number in range(1, count + 1):
        slug, text, annotations, plan = essay_source(number, seed)
        (folder / f"{slug}.txt").write_text(text)
        if annotations is not None:
            (folder / f"{slug}.annotations.yaml").write_text(annotations)
        planned.append(plan)
    return planned
