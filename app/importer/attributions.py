"""Who said a quotation, when the sentence around it says so.

The patterns English prose uses, around a quotation Q in its sentence:

- before it: `X wrote/said/argued/complained/called it … Q`, `as X put it`, `in the words of X`,
  `according to X`, `X's phrase Q`, `…, says X, but Q`;
- after it: `Q, said X`, `Q, X said`, `Q, X, the mayor, said`, `Q (as X put it)`, `Q — X`;
- a blockquote's credit line, ending it or standing under it: `— X`.

X is a name as written: capitalised words (with initials and lower-case particles such as
`de` or `van` between them). A sentence-initial single word counts only when the essay uses it
as a name elsewhere, so "Officials said" is nobody. The full name is taken from an earlier
mention when the essay gave one ("John Ruskin" … "Ruskin" → "John Ruskin"). "He said" and
"she wrote" take the speaker of the previous attributed quotation when it is in the same
paragraph and no other name stands between (a name says nothing of gender, so a pronoun
further away stays unattributed); otherwise nobody is invented.
Format-agnostic: it sees the plain text and one block's text with its offset, nothing else.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from .text import SENTENCE_END, mask_quoted

_VERBS = (
    r"said|says|say|wrote|writes|write|put\s+it|puts\s+it|complained|complains|observed"
    r"|observes|argued|argues|noted|notes|told\s+\w+|asked|asks|remarked|remarks|declared"
    r"|declares|insisted|insists|warned|warns|added|adds|explained|explains|replied|replies"
    r"|called\s+it|calls\s+it|called\s+them|calls\s+them|described\s+it\s+as|claimed|claims"
    r"|recalled|recalls|admitted|admits|suggested|suggests|concluded|concludes|stated|states"
    r"|joked|jokes|quipped|wondered|mused|answered|announced|predicted|wrote\s+of|once\s+said"
    r"|once\s+wrote|has\s+said|had\s+said|has\s+written|had\s+written|likes\s+to\s+say"
)
_NAME_WORD = r"(?:[A-Z][\w'\u2019\-]*[a-z][\w'\u2019\-]*|[A-Z]\.)"
_PARTICLE = r"(?:de|da|di|du|del|della|van|von|der|den|le|la|bin|ibn|al|ben|ter|ten|y)"
_SPACE = r"[^\S\n]+"  # a name does not run over a line break (a list's entries, a credit line)
NAME = rf"{_NAME_WORD}(?:{_SPACE}(?:{_PARTICLE}{_SPACE})?{_NAME_WORD})*"
_PRONOUN = r"(?:[Hh]e|[Ss]he)"
_WHO = rf"(?P<who>{NAME}|{_PRONOUN})"

# Text before the quotation, up to its opening mark.
_BEFORE = [
    re.compile(rf"\b[Aa]s\s+{_WHO}\s+(?:{_VERBS})\b[^“”\"]*$"),
    re.compile(rf"\b[Ii]n\s+the\s+words\s+of\s+{_WHO}[^“”\"]*$"),
    re.compile(rf"\b[Aa]ccording\s+to\s+{_WHO}[^“”\"]*$"),
    re.compile(rf"(?<!\w){_WHO}['\u2019]s?\s+(?:own\s+)?(?:phrase|words|term|expression|line"
               r"|formula|description|verdict|motto)\b[^“”\"]{0,40}$"),
    re.compile(rf",\s+(?:{_VERBS})\s+{_WHO}(?:,\s+[^,“”\"]{{1,60}})?,?\s+(?:but|and)?\s*$"),
    re.compile(rf"(?<!\w){_WHO}(?:,\s+[^,“”\"]{{1,60}})?,?\s+(?:{_VERBS})\b[^“”\".!?]{{0,60}}$"),
]  # fmt: skip
# The patterns where a name opens the clause, so "in Rotterdam put it" is not one.
_NAME_FIRST = _BEFORE[3:4] + _BEFORE[5:]
# Text after the quotation, from its closing mark.
_AFTER = [
    re.compile(rf"^[,.!?]?\s*(?:{_VERBS})\s+{_WHO}(?!\w)"),
    re.compile(rf"^[,.!?]?\s*{_WHO}(?:,\s+[^,“”\"]{{1,60}},)?\s+(?:{_VERBS})(?!\w)"),
    re.compile(rf"^[,.!?]?\s*\(?\s*[Aa]s\s+{_WHO}\s+(?:{_VERBS})(?!\w)"),
    re.compile(rf"^[,.!?]?\s*[\u2014\u2013\u2015]\s*{_WHO}(?!\w)"),
]
_NAME_RUN = re.compile(NAME)
# A credit line under a quotation, or ending it: "— Fergus Mallin", "– Jo Park, a farmer".
CREDIT = re.compile(
    rf"(?:^|\s)[\u2014\u2013\u2015]{_SPACE.replace('+', '*')}(?P<who>{NAME})"
    r"(?:,[^\n“”\"]{0,80})?\s*$"
)
_PRONOUNS = {"he", "she"}
_TOKEN = re.compile(r"\w+(?:-\w+)*")
_NAME_WORD_PATTERN = re.compile(_NAME_WORD)
_CAPITALISED_RUN = re.compile(rf"{_NAME_WORD}(?:{_SPACE}{_NAME_WORD})+")
_OPENERS = {
    "a",
    "an",
    "and",
    "as",
    "after",
    "at",
    "before",
    "but",
    "by",
    "for",
    "from",
    "if",
    "in",
    "it",
    "its",
    "of",
    "on",
    "or",
    "so",
    "that",
    "the",
    "then",
    "this",
    "though",
    "to",
    "when",
    "where",
    "while",
    "with",
    "yet",
    "according",
}
# "a planner in Rotterdam put it": a place or an institution, not the speaker.
_PLACE = re.compile(r"\b(?:in|at|from|of|to|for|on|by|with|near|the)\s+$", re.IGNORECASE)


@dataclass
class _Said:
    name: str
    paragraph: int  # offset of its block in the plain text


class Attributions:
    """Finds the speaker of each quotation of an essay, in reading order.

    The essay's words and capitalised runs are indexed once, so each quotation costs time in
    its own sentence only, not in the length of the essay."""

    def __init__(self, plain_text: str) -> None:
        self.plain_text = plain_text
        self.last: _Said | None = None
        self.names: dict[tuple[str, ...], tuple[list[int], list[str]]] = {}

    @cached_property
    def tokens(self) -> Counter[str]:
        """How often the essay writes each word, as written (built on first need)."""
        return Counter(_TOKEN.findall(self.plain_text))

    @cached_property
    def runs(self) -> dict[str, list[tuple[int, list[str]]]]:
        """Last word of a run of capitalised words → (where it ends, the run up to it)."""
        runs: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
        for run in _CAPITALISED_RUN.finditer(self.plain_text):
            words = [(m.end(), m[0]) for m in _NAME_WORD_PATTERN.finditer(run[0])]
            for index in range(1, len(words)):
                end, word = words[index]
                runs[word].append((run.start() + end, [w for _, w in words[: index + 1]]))
        return runs

    def speaker(self, block: str, offset: int, start: int, end: int) -> str | None:
        """Who said block[start:end] (the words inside the marks); `offset` is the block's
        place in the plain text. Call in reading order."""
        before, after = _sentence_around(block, start - 1, end + 1)
        who, at = _match_speaker(before, after)
        if who is None:
            return None
        sentence_start = start - 1 - len(before)
        if who.lower() in _PRONOUNS:
            return self._antecedent(offset, sentence_start)
        if not self._is_name(who, at == 0):
            return None
        name = self._full_name(who, offset + start)
        self.last = _Said(name, offset)
        return name

    def _antecedent(self, offset: int, sentence_start: int) -> str | None:
        said = self.last
        if said is None or said.paragraph != offset:
            return None
        since = self.plain_text[said.paragraph : offset + sentence_start]
        mention = since.rfind(said.name.split()[-1])
        if mention < 0:
            return None
        others = _capitalised_mid_sentence(since[mention:]) - set(said.name.split())
        return None if others else said.name

    def _is_name(self, who: str, sentence_initial: bool) -> bool:
        """A lone sentence-initial word is a name only if the essay writes it so elsewhere."""
        if " " in who or not sentence_initial:
            return True
        return self.tokens[who.lower()] == 0 and self.tokens[who] > 1

    def _full_name(self, who: str, before: int) -> str:
        """The longest earlier mention that ends with these words ("John Ruskin" for
        "Ruskin")."""
        ends, names = self._longest_names(tuple(who.split()))
        found = bisect_right(ends, before)
        return names[found - 1] if found and len(names[found - 1]) > len(who) else who

    def _longest_names(self, wanted: tuple[str, ...]) -> tuple[list[int], list[str]]:
        """For the runs ending in `wanted`, in reading order: where each ends, and the
        longest name among it and those before it (worked out once per essay)."""
        if wanted in self.names:
            return self.names[wanted]
        ends: list[int] = []
        names: list[str] = []
        best = ""
        for end, words in self.runs.get(wanted[-1], []):
            if tuple(words[-len(wanted) :]) != wanted:
                continue
            while words and self._common(words[0]):
                words = words[1:]
            best = max(best, " ".join(words), key=len)
            ends.append(end)
            names.append(best)
        self.names[wanted] = (ends, names)
        return ends, names

    def _common(self, word: str) -> bool:
        """A word that opens sentences ("When", "As") or that the essay also writes in lower
        case: not part of a name."""
        lower = word.lower()
        return lower in _OPENERS or self.tokens[lower] > 0


def credit_line(text: str) -> tuple[int, str] | None:
    """Where a trailing credit ("— Name") starts in the text, and the name it gives."""
    match = CREDIT.search(text)
    return (match.start(), match["who"]) if match else None


def _sentence_around(block: str, open_at: int, close_at: int) -> tuple[str, str]:
    """The sentence's text before the opening mark and after the closing mark; sentence ends
    inside other quotations do not count."""
    masked = mask_quoted(block)
    start = 0
    for match in SENTENCE_END.finditer(masked):
        if match.end() > open_at:
            break
        start = match.end()
    after_end = SENTENCE_END.search(masked, min(close_at, len(block)))
    end = after_end.start() + 1 if after_end else len(block)
    return block[start:open_at], block[close_at:end]


def _match_speaker(before: str, after: str) -> tuple[str | None, int]:
    """(the name or pronoun, its start in the sentence) by the first pattern that fits."""
    for pattern in _AFTER:
        match = pattern.search(after)
        if match:
            return match["who"], -1
    for pattern in _BEFORE:
        match = pattern.search(before)
        generic = pattern in _NAME_FIRST
        if match and not (generic and _PLACE.search(before, 0, match.start("who"))):
            return match["who"], match.start("who")
    return None, -1


def _capitalised_mid_sentence(text: str) -> set[str]:
    """Capitalised words that do not open a sentence: the names a passage mentions."""
    opening = {match.end() for match in SENTENCE_END.finditer(text)} | {0}
    return {
        match[0]
        for match in re.finditer(_NAME_WORD, text)
        if match.start() not in opening and text[match.start() - 1] not in '\n“"('
    }
