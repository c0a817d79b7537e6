"""The editorial annotations file (YAML) that adds what the text alone cannot say.

Format (every key optional)::

    publication: {name: openDemocracy}
    timezone: Europe/London          # for the byline time; default: the importer's setting
    language: en
    slug: my-essay
    quotes:                          # attribution of a quotation or pull quote, by its text
      - {exact: senseless and merciless, attributed_to: Alexander Pushkin}
    dates:                           # a label for every mention written so (`text`) or
      - {text: 24 February, label: ...}          # meaning so (`value`); `occurrence: N`
      - {value: 2022-02-24, label: ...}          # picks the N-th such mention only
    figures:
      - {caption_starts: Demonstrators gather, alt: ...}
    scenarios:
      - key: dictatorship
        title: ...
        summary: ...                 # optional
        description: ...             # optional; default: the passages joined by blank lines
        passages:                    # exact text of the essay; first occurrence unless told
          - The power of the incumbent elite could be maintained and strengthened.
          - {exact: ..., occurrence: 2}

Anything that does not anchor in the essay, and any unknown key, is a DocumentError.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NoReturn

import yaml

from .errors import DocumentError
from .layout import decode
from .model import DateMention, Figure, Quote, Scenario, make_id
from .selectors import find_passage
from .text import SLUG_PATTERN


@dataclass(frozen=True)
class Passage:
    exact: str
    occurrence: int


@dataclass(frozen=True)
class QuoteNote:
    where: str  # e.g. "quotes[0]", for messages
    exact: str
    attributed_to: str


@dataclass(frozen=True)
class DateNote:
    where: str
    text: str | None
    value: str | None
    occurrence: int | None
    label: str


@dataclass(frozen=True)
class FigureNote:
    where: str
    caption_starts: str
    alt: str


@dataclass(frozen=True)
class ScenarioNote:
    where: str
    key: str
    title: str
    summary: str | None
    description: str | None
    passages: list[Passage]


@dataclass(frozen=True)
class Annotations:
    name: str  # the annotations file, for messages
    publication_name: str | None = None
    timezone: str | None = None
    language: str | None = None
    slug: str | None = None
    quotes: tuple[QuoteNote, ...] = ()
    dates: tuple[DateNote, ...] = ()
    figures: tuple[FigureNote, ...] = ()
    scenarios: tuple[ScenarioNote, ...] = ()

    def error(self, where: str, problem: str) -> DocumentError:
        return annotation_error(self.name, where, problem)


def annotation_error(name: str, where: str, problem: str) -> DocumentError:
    return DocumentError(f"{name}: {where}: {problem}")


# libyaml's safe loader when PyYAML was built with it: the same documents, ~10x faster.
_FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _raise_yaml_error(text: str, name: str) -> NoReturn:
    """Explain with the pure-Python loader, so a message names the same line either way."""
    try:
        yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise DocumentError(f"{name}: not valid YAML ({where}{problem})") from None
    raise DocumentError(f"{name}: not valid YAML")


def load_annotations(raw: str | bytes | None, name: str) -> Annotations:
    if raw is None:
        return Annotations(name)
    text = decode(raw, name)
    try:
        data = yaml.load(text, Loader=_FAST_SAFE_LOADER)
    except yaml.YAMLError:
        _raise_yaml_error(text, name)
    reader = _Reader(name)
    top = reader.mapping(data or {}, "top level", set(), _TOP_KEYS)
    publication = reader.mapping(top.get("publication", {}), "publication", set(), {"name"})
    slug = reader.optional_text(top, "slug", "top level")
    if slug is not None and not SLUG_PATTERN.fullmatch(slug):
        raise DocumentError(f"{name}: slug '{slug}' is not lowercase a-z0-9 with hyphens")
    scenarios = tuple(reader.items(top, "scenarios", reader.scenario))
    keys = [scenario.key for scenario in scenarios]
    for scenario in scenarios:
        if keys.count(scenario.key) > 1:
            raise reader.fail(scenario.where, "the key is used by more than one scenario")
    return Annotations(
        name=name,
        publication_name=reader.optional_text(publication, "name", "publication"),
        timezone=reader.optional_text(top, "timezone", "top level"),
        language=reader.optional_text(top, "language", "top level"),
        slug=slug,
        quotes=tuple(reader.items(top, "quotes", reader.quote)),
        dates=tuple(reader.items(top, "dates", reader.date)),
        figures=tuple(reader.items(top, "figures", reader.figure)),
        scenarios=scenarios,
    )


_TOP_KEYS = {
    "publication",
    "timezone",
    "language",
    "slug",
    "quotes",
    "dates",
    "figures",
    "scenarios",
}


class _Reader:
    """Validates the parsed YAML item by item, so every message names the file and the item."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, problem: str) -> DocumentError:
        return annotation_error(self.name, where, problem)

    def mapping(self, data: Any, where: str, required: set[str], optional: set[str]) -> dict:
        if not isinstance(data, dict):
            raise self.fail(where, f"expected a mapping, got {type(data).__name__}")
        unknown = sorted(set(map(str, data)) - required - optional)
        if unknown:
            allowed = ", ".join(sorted(required | optional))
            raise self.fail(where, f"unknown key '{unknown[0]}' (allowed: {allowed})")
        missing = sorted(required - set(data))
        if missing:
            raise self.fail(where, f"missing key '{missing[0]}'")
        return data

    def text(self, data: dict, key: str, where: str) -> str:
        """A non-empty string; YAML's numbers and dates are read back as written."""
        value = data.get(key)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"'{key}' must be non-empty text")
        return value.strip()

    def optional_text(self, data: dict, key: str, where: str) -> str | None:
        return None if data.get(key) is None else self.text(data, key, where)

    def occurrence(self, data: dict, where: str) -> int | None:
        value = data.get("occurrence")
        if value is not None and (not isinstance(value, int) or value < 1):
            raise self.fail(where, "'occurrence' must be a whole number from 1")
        return value

    def items(self, top: dict, key: str, read) -> list:
        value = top.get(key) or []
        if not isinstance(value, list):
            raise self.fail(key, "expected a list")
        return [read(item, f"{key}[{index}]") for index, item in enumerate(value)]

    def quote(self, item: Any, where: str) -> QuoteNote:
        data = self.mapping(item, where, {"exact", "attributed_to"}, set())
        return QuoteNote(
            where, self.text(data, "exact", where), self.text(data, "attributed_to", where)
        )

    def date(self, item: Any, where: str) -> DateNote:
        data = self.mapping(item, where, {"label"}, {"text", "value", "occurrence"})
        if ("text" in data) == ("value" in data):
            raise self.fail(where, "give exactly one of 'text' or 'value'")
        return DateNote(
            where,
            text=self.optional_text(data, "text", where),
            value=self.optional_text(data, "value", where),
            occurrence=self.occurrence(data, where),
            label=self.text(data, "label", where),
        )

    def figure(self, item: Any, where: str) -> FigureNote:
        data = self.mapping(item, where, {"caption_starts", "alt"}, set())
        return FigureNote(
            where, self.text(data, "caption_starts", where), self.text(data, "alt", where)
        )

    def scenario(self, item: Any, where: str) -> ScenarioNote:
        key = item.get("key") if isinstance(item, dict) else None
        if isinstance(key, str):
            where = f"{where} (key '{key}')"
        data = self.mapping(item, where, {"key", "title", "passages"}, {"summary", "description"})
        if not SLUG_PATTERN.fullmatch(str(key)):
            raise self.fail(where, "'key' must be lowercase a-z0-9 with hyphens")
        passages = data["passages"]
        if not isinstance(passages, list) or not passages:
            raise self.fail(where, "'passages' must be a non-empty list")
        return ScenarioNote(
            where,
            key=str(key),
            title=self.text(data, "title", where),
            summary=self.optional_text(data, "summary", where),
            description=self.optional_text(data, "description", where),
            passages=[self.passage(p, f"{where} passages[{i}]") for i, p in enumerate(passages)],
        )

    def passage(self, item: Any, where: str) -> Passage:
        if isinstance(item, str):
            item = {"exact": item}
        data = self.mapping(item, where, {"exact"}, {"occurrence"})
        return Passage(self.text(data, "exact", where), self.occurrence(data, where) or 1)


def apply_annotations(
    annotations: Annotations,
    *,
    plain_text: str,
    quotes: list[Quote],
    dates: list[DateMention],
    figures: list[Figure],
    slug: str,
    source_name: str,
) -> list[Scenario]:
    """Attach attributions, labels and alt texts; anchor the scenarios. Returns the scenarios."""
    for quote_note in annotations.quotes:
        for quote in _anchored(
            annotations,
            quote_note.where,
            [quote for quote in quotes if quote.text == quote_note.exact],
            f"no quotation or pull quote with the text '{quote_note.exact}' in {source_name}",
        ):
            quote.attributed_to = quote_note.attributed_to
            quote.found_by, quote.confirmed = "annotation", True
    for date_note in annotations.dates:
        for mention in _anchored(
            annotations, date_note.where, *_date_matches(date_note, dates, source_name)
        ):
            mention.label = date_note.label
            mention.found_by, mention.confirmed = "annotation", True
    for figure_note in annotations.figures:
        for figure in _anchored(
            annotations,
            figure_note.where,
            [figure for figure in figures if figure.caption.startswith(figure_note.caption_starts)],
            f"no figure caption starting '{figure_note.caption_starts}' in {source_name}",
        ):
            figure.alt = figure_note.alt
    return [
        _scenario(annotations, note, position, plain_text, slug, source_name)
        for position, note in enumerate(annotations.scenarios, 1)
    ]


def _anchored(annotations: Annotations, where: str, matches: list, problem: str) -> list:
    if not matches:
        raise annotations.error(where, problem)
    return matches


def _date_matches(
    note: DateNote, dates: list[DateMention], source_name: str
) -> tuple[list[DateMention], str]:
    if note.text is not None:
        matches = [mention for mention in dates if mention.text == note.text]
        described = f"written '{note.text}'"
    else:
        matches = [mention for mention in dates if mention.value == note.value]
        described = f"with value '{note.value}'"
    if note.occurrence is not None:
        matches = matches[note.occurrence - 1 : note.occurrence]
        described += f" (occurrence {note.occurrence})"
    return matches, f"no date mention {described} in {source_name}"


def _scenario(
    annotations: Annotations,
    note: ScenarioNote,
    position: int,
    plain_text: str,
    slug: str,
    source_name: str,
) -> Scenario:
    selectors = []
    for passage in note.passages:
        selector = find_passage(plain_text, passage.exact, passage.occurrence)
        if selector is None:
            occurrence = f" (occurrence {passage.occurrence})" if passage.occurrence > 1 else ""
            raise annotations.error(
                note.where,
                f"passage '{_clip(passage.exact)}'{occurrence} not found in {source_name}",
            )
        selectors.append(selector)
    return Scenario(
        id=make_id(slug, "scenario", position),
        key=note.key,
        position=position,
        title=note.title,
        summary=note.summary,
        description=note.description or "\n\n".join(p.exact for p in note.passages),
        selectors=selectors,
        found_by="annotation",
        confirmed=True,
    )


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
