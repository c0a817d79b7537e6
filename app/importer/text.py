"""Small text helpers shared by the importer: slugs, word counts, sentence endings."""

from __future__ import annotations

import re
import unicodedata

SLUG_MAX_LENGTH = 120
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# A word may hold apostrophes and hyphens (grave-digger, Putin’s) and digit groups (1,500).
_WORD = re.compile(r"[^\W_]+(?:(?:['\u2019\-]|(?<=\d)[.,](?=\d))[^\W_]+)*")
_CLOSERS = "”\u2019\"')]"
# Sentence-internal boundary: punctuation, optional closing quote, space, then a capital.
_SENTENCE_BREAK = re.compile(r"[.!?…][”\u2019\"')]*\s+[“\u2018\"(]?[A-Z]")


# Where a sentence ends, in text whose quotations and brackets are masked (`mask_quoted`).
# An initial ("W. H. Auden") or a title ("Dr. Lee") does not end one. The mark comes first
# so that the engine only tries the lookbehinds where there is one.
SENTENCE_END = re.compile(
    r"[.!?…](?<!\b[A-Z].)(?<!\bMr.)(?<!\bMrs.)(?<!\bMs.)(?<!\bDr.)(?<!\bSt.)(?<!\bProf.)"
    r"[”\u2019\"')]*\s+(?=[“\u2018\"(]?[A-Z])"
)
_QUOTED_OR_BRACKETED = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"|\([^()\n]*\)")
_SENTENCE_MARKS = re.compile(r"[.!?…]")


def mask_quoted(text: str) -> str:
    """The text with the sentence punctuation inside quotations and brackets blanked, so a
    quoted sentence does not end the sentence quoting it; offsets are unchanged."""
    return _QUOTED_OR_BRACKETED.sub(lambda m: _SENTENCE_MARKS.sub("_", m[0]), text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, without the space between them."""
    masked = mask_quoted(text)
    spans, start = [], 0
    for match in SENTENCE_END.finditer(masked):
        spans.append((start, match.start() + len(match[0].rstrip())))
        start = match.end()
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return spans or [(0, len(text))]


def first_sentence_span(text: str) -> tuple[int, int]:
    """`sentence_spans(text)[0]`, without finding the sentences after it."""
    match = SENTENCE_END.search(mask_quoted(text))
    if match:
        return 0, match.start() + len(match[0].rstrip())
    return 0, len(text.rstrip()) or len(text)


def slugify(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """ASCII, lowercase, `a-z0-9` and single hyphens: stable in URLs on every platform."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.replace("'", "").lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0]
    return slug


def count_words(text: str) -> int:
    """Words as readers count them: dashes and stray punctuation are not words."""
    return len(_WORD.findall(text))


def has_words(text: str) -> bool:
    """Whether `count_words(text) > 0`, without counting them all."""
    return _WORD.search(text) is not None


def last_mark(text: str) -> str:
    """The final punctuation character, looking through closing quotes and brackets."""
    stripped = text.rstrip(_CLOSERS)
    return stripped[-1:] if stripped else ""


def is_single_sentence(text: str) -> bool:
    return _SENTENCE_BREAK.search(text) is None


def unique_key(key: str, taken: set[str]) -> str:
    """`key`, or `key-2`, `key-3`, ... if taken; the result is added to `taken`."""
    candidate, n = key, 1
    while candidate in taken:
        n += 1
        candidate = f"{key}-{n}"
    taken.add(candidate)
    return candidate
