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

from .dates import MONTH_NUMBERS
from .text import SENTENCE_END, mask_quoted

_VERBS = (
    r"said|says|say|wrote|writes|write|put\s+it|puts\s+it|complained|complains|observed"
    r"|observes|argued|argues|noted|notes|told\s+\w+|tells\s+\w+|asked|asks|remarked|remarks"
    r"|declared|declares|insisted|insists|warned|warns|added|adds|explained|explains|replied"
    r"|replies|called|calls|described\s+it\s+as|claimed|claims|recalled|recalls|remembered"
    r"|remembers|admitted|admits|suggested|suggests|concluded|concludes|stated|states|joked"
    r"|jokes|quipped|wondered|mused|answered|announced|predicted|laughed|sighed|went\s+further"
    r"|went\s+on|continued|likes\s+to\s+say|made\s+the\s+point"
)
# "has warned", "once called", "later wrote": a verb of saying with its auxiliary or adverb.
_SAYING = rf"(?:(?:has|had|have|once|also|later|then|often|famously)\s+)?(?:{_VERBS})"
# Capital letters of the Latin scripts names are written in (Željko, Áine, Trần), not only A-Z.
_UPPER = "A-Z" + "".join(
    c
    for start, end in ((0xC0, 0x250), (0x1E00, 0x1F00))
    for c in map(chr, range(start, end))
    if c.isupper()
)
_NAME_WORD = rf"(?:[{_UPPER}][\w'\u2019\-]*[a-z][\w'\u2019\-]*|[{_UPPER}]\.)"
_PARTICLE = r"(?:de|da|di|du|del|della|van|von|der|den|le|la|bin|ibn|al|ben|ter|ten|y)"
_SPACE = r"[^\S\n]+"  # a name does not run over a line break (a list's entries, a credit line)
NAME = rf"{_NAME_WORD}(?:{_SPACE}(?:{_PARTICLE}{_SPACE}){{0,2}}{_NAME_WORD})*"  # "Marta de la Cruz"
_PRONOUN = r"(?:[Hh]e|[Ss]he)"
_WHO = rf"(?P<who>{NAME}|{_PRONOUN})"
# A role before the name: "the Danish engineer X", "the union's spokeswoman, X", "its chair, X".
_ROLE = r"(?:(?i:the|an?|its|his|her|their|our)\s+(?:[\w'\u2019\-]+,?\s+){1,5}?)"
_SPEAKER = rf"{_ROLE}?{_WHO}"
_APPOSITION = r"(?:,\s+[^,“”\"]{1,80})?,?"  # "X, a nurse in Leeds, said", "X, who chairs …, warned"

# Text before the quotation, up to its opening mark.
_BEFORE = [
    re.compile(rf"\b[Aa]s\s+{_SPEAKER}\s+(?:{_SAYING})\b[^“”\"]*$"),
    re.compile(rf"\b[Ii]n\s+the\s+words\s+of\s+{_SPEAKER}[^“”\"]*$"),
    re.compile(rf"\b[Aa]ccording\s+to\s+{_SPEAKER}[^“”\"]*$"),
    re.compile(rf"(?<!\w){_WHO}['\u2019]s?\s+(?:own\s+)?(?:phrase|words|term|expression|line"
               r"|formula|description|verdict|motto)\b[^“”\"]{0,40}$"),
    re.compile(rf",\s+(?:{_SAYING})\s+{_SPEAKER}(?:,\s+[^,“”\"]{{1,60}})?,?\s+(?:but|and)?\s*$"),
    re.compile(rf"(?<!\w){_WHO}{_APPOSITION}\s+(?:{_SAYING})\b[^“”\".!?]{{0,90}}$"),
    re.compile(rf"(?<!\w){_WHO}{_APPOSITION}\s+who\s+(?:{_SAYING})\b[^“”\".!?]{{0,90}}$"),
]  # fmt: skip
# The patterns where a name opens the clause, so "in Rotterdam put it" is not one.
_NAME_FIRST = _BEFORE[3:4] + _BEFORE[5:]
# "X, …, who said": the slowest search (it tries every position), and its word is rare, so
# a test for the word comes first.
_WHO_SAID = _BEFORE[6]
# Text after the quotation, from its closing mark.
_AFTER = [
    re.compile(rf"^[,.!?]?\s*(?:{_SAYING})\s+{_SPEAKER}(?!\w)"),
    re.compile(rf"^[,.!?]?\s*{_SPEAKER}{_APPOSITION}\s+(?:{_SAYING})(?!\w)"),
    re.compile(rf"^[,.!?]?\s*\(?\s*[Aa]s\s+{_SPEAKER}\s+(?:{_SAYING})(?!\w)"),
    re.compile(rf"^[,.!?]?\s*[\u2014\u2013\u2015]\s*{_WHO}(?!\w)"),
]
_NAME_RUN = re.compile(NAME)
# A credit line under a quotation, or ending it: "— Fergus Mallin", "– Jo Park, a farmer".
CREDIT = re.compile(
    rf"(?:^|\s)[\u2014\u2013\u2015]{_SPACE.replace('+', '*')}(?P<who>{NAME})"
    r"(?:,[^\n“”\"]{0,80})?\s*$"
)
_PRONOUNS = {"he", "she"}
_ENDS_SENTENCE = re.compile(r"[.!?][”\"]$")
_NEXT_SENTENCE = re.compile(r"\s+[“\"]?[A-Z]")
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
# Capitalised runs that name a time or an institution, never a person a pronoun stands for.
_NOT_PEOPLE = re.compile(
    rf"\b(?:{'|'.join(MONTH_NUMBERS)}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
    r"|Sunday|University|Universidad|Council|Ministry|Street|Square|Road|Company|Association"
    r"|Party|Bank|Museum|Hospital|School|Church)\b",
    re.IGNORECASE,
)
_AT_PLACE = re.compile(r"\b(?:in|at|from|near|of|the|across|into)\s+$", re.IGNORECASE)
_QUOTE_MARK = re.compile('[“”"]')
_CONTINUED_GAP = 160  # characters between an attributed quotation and one that goes on


@dataclass
class _Said:
    name: str
    paragraph: int  # offset of its block in the plain text
    end: int  # where its quotation ends in the plain text


class Attributions:
    """Finds the speaker of each quotation of an essay, in reading order.

    The essay's words and capitalised runs are indexed once, so each quotation costs time in
    its own sentence only, not in the length of the essay."""

    def __init__(self, plain_text: str) -> None:
        self.plain_text = plain_text
        self.last: _Said | None = None
        self.credits: list[str] = []
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
            return self._continued(offset, start, before, after)
        if who.lower() in _PRONOUNS:
            name = self._antecedent(offset, start - 1 - len(before) + max(at, 0))
        elif self._is_name(who, at == 0):
            name = self._full_name(who, offset + start)
        else:
            return None
        if name is not None:
            self.last = _Said(name, offset, offset + end)
        return name

    def _continued(self, offset: int, start: int, before: str, after: str) -> str | None:
        """A quotation that is a sentence of its own, right after an attributed one in the
        same paragraph, goes on in the same voice ("“…,” X said. “…”")."""
        said = self.last
        if said is None or said.paragraph != offset or before.strip() or after.strip(" .,;!?"):
            return None
        between = self.plain_text[said.end + 1 : offset + start - 1]  # inside the marks
        return (
            said.name
            if len(between) <= _CONTINUED_GAP and not _QUOTE_MARK.search(between)
            else None
        )

    def _antecedent(self, offset: int, pronoun_at: int) -> str | None:
        """The person named last before the pronoun in its paragraph; nobody when someone
        else is named after the paragraph's last speaker (a name says nothing of gender)."""
        window = self.plain_text[offset : offset + pronoun_at]
        said = self.last if self.last and self.last.paragraph == offset else None
        for match in reversed(list(_NAME_RUN.finditer(window))):
            name = self._person(window, match, offset)
            if name is None:
                continue
            if said and name != said.name and offset + match.start() > said.end:
                return None
            return name
        return None

    def _person(self, window: str, match: re.Match[str], offset: int) -> str | None:
        """The full name of a person that a capitalised run names, if it names one."""
        words = match[0].split()
        while words and self._common(words[0]):
            words = words[1:]
        if not words or _AT_PLACE.search(window, 0, match.start()):
            return None
        name = self._full_name(" ".join(words), offset + match.end())
        return name if len(name.split()) >= 2 and not _NOT_PEOPLE.search(name) else None

    def _is_name(self, who: str, sentence_initial: bool) -> bool:
        """A lone sentence-initial word is a name only if the essay writes it so elsewhere."""
        if " " in who or not sentence_initial:
            return True
        return self.tokens[who.lower()] == 0 and self.tokens[who] > 1

    def credited(self, name: str, offset: int, end: int) -> None:
        """A blockquote's credit names its speaker outside the text: remember the name, for
        the pronouns and surnames that follow."""
        self.credits.append(name)
        self.last = _Said(name, offset, end)

    def _full_name(self, who: str, before: int) -> str:
        """The longest earlier mention (or credit) that ends with these words ("John Ruskin"
        for "Ruskin")."""
        ends, names = self._longest_names(tuple(who.split()))
        found = bisect_right(ends, before)
        if found and len(names[found - 1]) > len(who):
            return names[found - 1]
        return next((name for name in self.credits if name.endswith(f" {who}")), who)

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
    if _ENDS_SENTENCE.search(block, 0, close_at) and _NEXT_SENTENCE.match(block, close_at):
        end = close_at  # “… liked.” He added: the quotation closed its sentence
    return block[start:open_at], block[close_at:end]


def _match_speaker(before: str, after: str) -> tuple[str | None, int]:
    """(the name or pronoun, its start in the sentence) by the first pattern that fits."""
    for pattern in _AFTER:
        match = pattern.search(after)
        if match:
            return match["who"], -1
    for pattern in _BEFORE:
        if pattern is _WHO_SAID and "who" not in before:
            continue
        match = pattern.search(before)
        while match and pattern in _NAME_FIRST and _PLACE.search(before, 0, match.start("who")):
            match = pattern.search(before, match.start("who") + 1)  # "from Verona, X, said"
        if match:
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
