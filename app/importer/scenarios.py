"""Scenarios found in the text: an announced set of possible futures and the passages that
state each one.

An announcement is a sentence that counts futures, options, paths or scenarios ("several
scenarios are possible", "I see three broad paths", "there are two ways this could go"). The
items follow it, each opened by a marker at the start of its sentence or paragraph: an ordinal
with a word of the family ("The first path…", "In the first version…", "A third option is…",
"Finally, the third…"), an enumerator ("Second,"), a numeral ("1. …", "Plan B: …"), or a
continuation ("Alternatively…", "Another…", "One possibility…", "In the other…"). Items are
taken in order only: an ordinal that does not continue the count, in the middle of a sentence
("drift into the first path"), on a word outside the family ("the first train") or too far
from the announcement is not one.

Two levels, as essays write them: sentences of the announcing paragraph that name each item in
brief, and the paragraphs after it that open with each item's marker. A scenario's selectors
are its brief sentence and its paragraph, whichever exist; its title comes from the words that
state it ("The first path is the fortress." → "The fortress").

An announcement may also name the set without counting it ("the trust has set out its
options", a heading "The options on the table", "The choices, broadly, are these"); then the
run that follows must prove it: items opened by a first ("One option…", "First,…") and at
least a second, or a list whose entries are the items.

Format-agnostic: it sees the plain text's passages (paragraphs, headings, list entries) with
their offsets and roles only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from .model import Scenario, Selector, make_id
from .selectors import make_selector
from .text import first_sentence_span, sentence_spans, slugify, unique_key

PassageRole = Literal["paragraph", "heading", "item"]  # an item is one entry of a list


class ParagraphAt(NamedTuple):
    """A passage's offset in the plain text, its text, and its role."""

    start: int
    text: str
    role: PassageRole = "paragraph"


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_ORDINALS |= {"seventh": 7, "firstly": 1, "secondly": 2, "thirdly": 3, "fourthly": 4}
# Plural nouns that announce futures whatever counts them; the weak ones need a number and a
# modal verb ("two ways this could go", not "two ways to read it").
_STRONG = (
    "scenarios|futures|paths|pathways|options|outcomes|possibilities|trajectories|routes|cases"
    "|roads|directions|alternatives|endings|courses|visions|choices"
)
_WEAK = "ways|versions|forms|shapes|worlds|endgames"
_VAGUE = "several|a few|a number of|a handful of|multiple|various|some"
# The words an item's ordinal may qualify (singular of the above, and their kin).
FAMILY = {
    *("scenario", "future", "path", "pathway", "option", "outcome", "possibility"),
    *("trajectory", "route", "road", "direction", "alternative", "ending", "course"),
    *("vision", "way", "version", "form", "shape", "world", "case", "endgame", "one"),
}
# What may follow a bare ordinal: "The first is…", "The first would…", "The first, …".
_AFTER_BARE = {
    *("is", "was", "would", "will", "could", "might", "may", "sees", "assumes", "involves"),
    *("imagines", "means", "has", "leads", "starts", "begins", "runs", "goes", "holds"),
}


_NOT_DESCRIBING = "(?:is|are|was|were|be|been|the|a|an|of|in|on|at|to|and|or|but|if|that)"


def _counted(noun: str) -> re.Pattern[str]:
    """A count and, up to two words on, a plural: "three broad paths", "a few options"; the
    words between describe the plural, so a verb or a function word there ends the phrase."""
    return re.compile(
        rf"(?<![\w-])(?P<count>{'|'.join(_NUMBERS)}|[2-7]|{_VAGUE})\s+"
        rf"(?:(?!{_NOT_DESCRIBING}\b)[\w-]+\s+){{0,2}}?"
        rf"(?P<noun>{noun})\b",
        re.IGNORECASE,
    )


ANNOUNCEMENT = _counted(f"{_STRONG}|{_WEAK}")
# "the previous two options", "these three paths": items already named, not announced.
_ANAPHORIC = re.compile(
    r"\b(?:the|these|those|previous|both|other|my|our|its|their|all|first|last|(?<!one\s)of)\s+$",
    re.IGNORECASE,
)
# "its options", "The options on the table", "the choices before us": a set named, not counted.
UNCOUNTED = re.compile(
    r"(?<![\w-])(?:the|its|their|our|his|her|my|your|these)\s+(?:(?!(?:previous|other|same"
    r"|above|former|latter|earlier|last|both|two|three|four|five)\b)[\w-]+\s+)?"
    rf"(?P<noun>{_STRONG})\b",
    re.IGNORECASE,
)
# Every noun ANNOUNCEMENT and UNCOUNTED need, looked for in the lowered text: a cheap gate
# (a case-insensitive search is several times slower, and a search of the alternation twice
# as slow as these substring tests).
_NOUN_HINTS = tuple(f"{_STRONG}|{_WEAK}".split("|"))
# Letters a case-insensitive search takes for an ASCII one though their lower case is none
# ("ſ" for "s", "ı" and "İ" for "i"): where one stands, the lowered text cannot rule out a noun.
_ODD_CASE = re.compile("[\u0130\u0131\u017f]")
# Any counted plural, when the sentence speaks of possibility ("three kinds of city we could
# have", "the things that could happen"); and a question of what may come, before a list.
ANY_COUNTED = _counted("[a-z]{3,}s")
# "What could happen next:", "Here is how the vote might go:": a question of what comes.
OPEN_QUESTION = re.compile(
    r"\b(?:what|how|where)\b[^.?!]*?\b(?:could|might|may|will|would|can)\s+(?:\w+\s+)?"
    r"(?:happen|go|end|unfold|turn\s+out|play\s+out|look|become)\b|\bwhat\s+happens\s+next\b"
    r"|\b\w+s\s+(?:that\s+|which\s+)?(?:could|might|may|will|would)\s+(?:happen|unfold|follow)\b",
    re.IGNORECASE,
)
# Sentences an item opens with when what it states is over: "The first was …".
_PAST = re.compile(
    r"\b(?:was|were|had|did|lasted|ran|tried|failed|worked|came|went|became|began|took)\b",
    re.IGNORECASE,
)
_POSSIBLE = re.compile(
    r"\b(?:would|could|might|may|will|can|should|if|unless|going\s+to)\b|['\u2019]ll\b",
    re.IGNORECASE,
)
_MODAL = re.compile(r"\b(?:could|might|may|will|would|can)\b", re.IGNORECASE)
# The same on lowered text, twice as fast; the same answer unless `_ODD_CASE` finds a letter
# (lowering keeps every other letter's length and whether it is a word character).
_LOWER_MODAL = re.compile(_MODAL.pattern)
_WEAK_NOUN = re.compile(rf"^(?:{_WEAK})$", re.IGNORECASE)
_WAYS_AHEAD = re.compile(r"\s+(?:forward|ahead)\b", re.IGNORECASE)  # "three ways forward"

_LEAD = (
    r"^(?:(?:Finally|Lastly|And|But|Then|So)\s*,?\s+)?"
    r"(?:there\s+(?:is|was|would\s+be|remains)\s+)?"  # "Then there is the third option"
)
_PREPOSITION = r"(?:(?:in|under|on|with|down|along|at|by|for|through)\s+)"
ORDINAL_MARKER = re.compile(
    rf"{_LEAD}{_PREPOSITION}?(?:the|a|an)\s+"
    rf"(?P<ord>{'|'.join(_ORDINALS)}|last|final|other)\b(?P<next>\s*[\w-]+|\s*[,:;—–])?",
    re.IGNORECASE,
)
ENUMERATOR = re.compile(rf"^(?P<ord>{'|'.join(_ORDINALS)}|lastly|finally)\s*[,:—–]", re.IGNORECASE)
# "1. A bridge", "(2) a ferry", "b) a tunnel": a numbered paragraph in plain text.
NUMERAL = re.compile(r"^\(?(?:(?P<digit>[1-7])|(?P<letter>[a-g]))[.)]\s+(?=\w)")
# "Scenario one:", "Option 2 —", "Path B:".
NUMBERED = re.compile(
    r"^(?:scenarios?|options?|paths?|futures?|possibilit(?:y|ies)|outcomes?|routes?|roads?"
    r"|plans?|choices?|models?|cases?|designs?)\s+"
    rf"(?P<number>one|{'|'.join(_NUMBERS)}|[1-7]|[A-G])(?:\s*[:.,—–-]|(?=\s+(?:would|will|could"
    r"|might|may|is|means|sees|involves|keeps|assumes)\b))",
    re.IGNORECASE,
)
# "Either the county buys …": the first of two.
EITHER = re.compile(r"^Either\b(?!\s+(?:way|of|side)\b)")
# "The third and least likely possibility": words between an ordinal and its noun.
_AND_AHEAD = re.compile(r"\s*and\s+(?P<words>(?:[\w-]+\s+){0,2}[\w-]+)")
CONTINUATION = re.compile(
    rf"{_LEAD}(?:(?:in|under|on|with)\s+)?(?P<word>alternatively|another|or|one)\b(?P<next>\s*[\w-]+)?",
    re.IGNORECASE,
)
_COPULA = re.compile(
    r"^\s*(?:(?:is|was|would\s+be|will\s+be|could\s+be|might\s+be|of)\s+(?:that\s+)?|[:—–]\s*)"
)
_CLAUSE_END = re.compile(r"[,;:.!?()—–]|\s[-–—]\s|\b(?:which|who|where|in which|because)\b")
_TRAILING = {
    *("a", "an", "the", "of", "and", "or", "to", "in", "on", "with", "for", "that", "by"),
    *("is", "are", "was", "were", "be", "been", "has", "have", "had", "could", "would"),
    *("will", "might", "may", "can", "should", "must", "over", "under", "at", "from"),
    *("into", "about", "as", "than", "but", "its", "their", "his", "her"),
}
TITLE_WORDS = 7
KEY_LENGTH = 60
MAX_GAP = 2  # unmarked paragraphs allowed between two items


@dataclass(frozen=True)
class Marker:
    ordinal: int | None  # None: the next one ("Alternatively", "Another")
    end: int  # where the marker's words end in the sentence
    final: bool = False  # "Finally", "the last": closes the set


@dataclass(frozen=True)
class Announced:
    count: int | None  # None: "several", "a few", or a set named without a number
    named: bool = False  # named without any count: the items that follow must prove it
    noun: str | None = None  # the singular of what it counts ("kind", "case"): items may name it


@dataclass
class Item:
    """One scenario: its brief sentence and its paragraph, as (start, end) in the plain text."""

    ordinal: int | None  # the ordinal its marker states (None: "Another", or unmarked)
    brief: tuple[int, int] | None = None
    paragraph: tuple[int, int] | None = None
    title_sources: list[tuple[str, int]] = field(default_factory=list)  # (sentence, marker end)
    summary: str = ""  # the brief sentence, else the paragraph's first sentence


def find_scenarios(paragraphs: Sequence[ParagraphAt], plain_text: str, slug: str) -> list[Scenario]:
    """The scenarios an essay lays out, in order; none when it announces no set of futures."""
    items: list[Item] = []
    index = 0
    while index < len(paragraphs):
        found, index = _enumeration(paragraphs, index)
        items.extend(found)
    return _scenarios(items, plain_text, slug)


def _enumeration(paragraphs: Sequence[ParagraphAt], index: int) -> tuple[list[Item], int]:
    """The items announced in passage `index`, and the passage to look at next."""
    text, role = paragraphs[index].text, paragraphs[index].role
    lowered = text.lower()
    noun = any(hint in lowered for hint in _NOUN_HINTS)
    odd = _ODD_CASE.search(text)
    modal = _MODAL.search(text) if odd else _LOWER_MODAL.search(lowered)
    if not (noun or modal):  # most name no plural of futures and no modal: skip the scans
        return _self_announced(paragraphs, index)
    plural = noun or odd is not None
    sentences = sentence_spans(text)
    for number, (start, end) in enumerate(sentences):
        closes = role == "heading" or number == len(sentences) - 1
        announced = announcement(text[start:end], last=closes, plural=plural)
        if announced is None:
            continue
        items, last = _announced_items(paragraphs, index, sentences[number + 1 :], announced)
        if len(items) >= 2 and (not announced.named or items[0].ordinal == 1) and _open(items):
            return items[: announced.count or None], last + 1
    return _self_announced(paragraphs, index)


def _self_announced(paragraphs: Sequence[ParagraphAt], index: int) -> tuple[list[Item], int]:
    """Items that announce themselves ("One option is …", "A second option …"; "Scenario A —"
    headings): a first that names a word of the family, and at least a second after it."""
    text = paragraphs[index].text
    marker = item_marker(text[slice(*_first_sentence(text))]) if text[:1].isupper() else None
    if marker is None or marker.ordinal != 1 or not _names_family(text[: marker.end]):
        return [], index + 1
    items: list[Item] = []
    last = _paragraph_items(paragraphs, index, items, Announced(None, named=True))
    if len(items) >= 2 and _open(items):
        return items, last + 1
    return [], index + 1


def _names_family(words: str) -> bool:
    return any(word in FAMILY and word != "one" for word in re.findall(r"[a-z]+", words.lower()))


def _open(items: list[Item]) -> bool:
    """Whether the items state possibilities: not when most of them tell what was."""
    over = sum(bool(_PAST.search(i.summary)) and not _POSSIBLE.search(i.summary) for i in items)
    return over * 2 <= len(items)


def _announced_items(
    paragraphs: Sequence[ParagraphAt],
    index: int,
    rest: list[tuple[int, int]],
    announced: Announced,
) -> tuple[list[Item], int]:
    """The items after an announcement: named in its own paragraph, listed, or opening the
    paragraphs that follow; and the index of the last passage taken."""
    offset, text, _ = paragraphs[index]
    items = _brief_items(text, offset, rest, announced)
    if not items:
        listed = _listed_items(paragraphs, index + 1, announced.count)
        if listed:
            return listed
    return items, _paragraph_items(paragraphs, index + 1, items, announced)


def _listed_items(
    paragraphs: Sequence[ParagraphAt], index: int, count: int | None
) -> tuple[list[Item], int] | None:
    """A list right after the announcement (headings aside) whose entries are the items,
    as many as were announced."""
    while index < len(paragraphs) and paragraphs[index].role == "heading":
        index += 1
    items: list[Item] = []
    while index < len(paragraphs) and paragraphs[index].role == "item":
        offset, text, _ = paragraphs[index]
        first = text[slice(*_first_sentence(text))]
        items.append(Item(len(items) + 1, None, (offset, offset + len(text)), [(first, 0)], first))
        index += 1
    if len(items) < 2 or (count and len(items) != count):
        return None
    return items, index - 1


def announcement(sentence: str, last: bool = False, plural: bool = True) -> Announced | None:
    """Whether the sentence announces a set of futures, and how many; `last`: it ends its
    passage (or is a heading), so a list may follow it; `plural` False: its passage holds no
    plural of futures (`_NOUN_HINTS`), so the two slow case-insensitive noun scans would fail."""
    named = _named_plural(sentence) if plural else None
    if named is not None:
        return named
    if _MODAL.search(sentence):
        for match in ANY_COUNTED.finditer(sentence):
            if not _ANAPHORIC.search(sentence, 0, match.start()):
                return Announced(_count(match["count"]), noun=_singular(match["noun"]))
        if last and OPEN_QUESTION.search(sentence):
            return Announced(None, named=True)
    return None


def _named_plural(sentence: str) -> Announced | None:
    """A counted plural of futures ("three broad paths"), else a set named uncounted."""
    for match in ANNOUNCEMENT.finditer(sentence):
        if _ANAPHORIC.search(sentence, 0, match.start()):
            continue
        number = _count(match["count"])
        ahead = _WAYS_AHEAD.match(sentence, match.end())
        weak = _WEAK_NOUN.match(match["noun"]) and not ahead
        if weak and (number is None or not _MODAL.search(sentence)):
            continue
        return Announced(number, noun=_singular(match["noun"]))
    if UNCOUNTED.search(sentence):
        return Announced(None, named=True)
    return None


def _count(word: str) -> int | None:
    word = word.lower()
    return _NUMBERS.get(word) or (int(word) if word.isdigit() else None)


def _singular(noun: str) -> str:
    noun = noun.lower()
    return noun[:-3] + "y" if noun.endswith("ies") else noun[:-1]


def _brief_items(
    text: str, offset: int, sentences: list[tuple[int, int]], announced: Announced
) -> list[Item]:
    """Items named one sentence each in the announcing paragraph; the sentence right after
    the announcement is the first when the next one continues it ("Alternatively, …")."""
    items: list[Item] = []
    pending: tuple[int, int] | None = None
    count = announced.count
    for position, (start, end) in enumerate(sentences):
        sentence = text[start:end]
        marker = item_marker(sentence, announced.noun)
        if marker is None:
            if position == 0:
                pending = (start, end)
            continue
        expected = len(items) + 1
        if expected == 1 and pending and marker.ordinal in (None, 2):
            items.append(_brief(text, offset, pending, 0, None))
            expected = 2
        if marker.ordinal not in (None, expected) or (count and expected > count):
            break
        items.append(_brief(text, offset, (start, end), marker.end, marker.ordinal))
        pending = None
    return items


def _brief(
    text: str, offset: int, span: tuple[int, int], marker_end: int, ordinal: int | None
) -> Item:
    start, end = span
    sentence = text[start:end]
    return Item(ordinal, (offset + start, offset + end), None, [(sentence, marker_end)], sentence)


def _paragraph_items(
    paragraphs: Sequence[ParagraphAt], index: int, items: list[Item], announced: Announced
) -> int:
    """Attach (or add) the paragraphs that open with each item's marker, in order (or that
    follow a heading opening with one: "Scenario one: the fortress"); returns the index of the
    last passage taken (or the announcing one)."""
    taken, gap, last = 0, 0, index - 1
    count = announced.count
    while index < len(paragraphs) and gap <= MAX_GAP:
        text, role = paragraphs[index].text, paragraphs[index].role
        first = text[slice(*_first_sentence(text))]
        marker = item_marker(first, announced.noun)
        body = _body_under(paragraphs, index) if role == "heading" else index
        expected = taken + 1
        if marker is None or marker.ordinal not in (None, expected) or (count and expected > count):
            if marker is not None and taken:
                break  # an ordinal out of turn ends the set
            gap, index = gap + 1, index + 1
            continue
        if body is None:  # a heading with nothing under it
            break
        if taken == len(items):
            items.append(Item(marker.ordinal))
        _attach(items[taken], (first, marker.end), paragraphs[body])
        items[taken].ordinal = items[taken].ordinal or marker.ordinal
        taken, gap, last, index = taken + 1, 0, body, body + 1
        if marker.final:
            break
    return last


def _body_under(paragraphs: Sequence[ParagraphAt], index: int) -> int | None:
    """The paragraph right under a heading, if one is."""
    following = index + 1
    if following < len(paragraphs) and paragraphs[following].role != "heading":
        return following
    return None


def _attach(item: Item, source: tuple[str, int], body: ParagraphAt) -> None:
    """The item's paragraph, the words its title comes from, and its summary."""
    offset, text, _ = body
    first = text[slice(*_first_sentence(text))]
    item.paragraph = (offset, offset + len(text))
    item.title_sources.append(source)
    item.summary = item.summary or first


def _first_sentence(text: str) -> tuple[int, int]:
    """The span of a passage's first sentence, a leading numeral ("1.") included."""
    numeral = NUMERAL.match(text)
    skip = numeral.end() if numeral else 0
    start, end = first_sentence_span(text[skip:])
    return (0 if numeral else start), skip + end


def item_marker(sentence: str, noun: str | None = None) -> Marker | None:
    """The marker that opens an item's sentence, if any; `noun` is the singular of what the
    announcement counted ("case"), which an item may name ("The optimistic case is …")."""
    match = ORDINAL_MARKER.match(sentence)
    if match and (_qualifies(match["next"], noun) or _qualified_after(sentence, match, noun)):
        word = match["ord"].lower()
        final = word in ("last", "final") or sentence[:5].lower() in ("final", "lastl")
        return Marker(_ORDINALS.get(word), match.end(), final)
    match = ENUMERATOR.match(sentence)
    if match:
        word = match["ord"].lower()
        return Marker(_ORDINALS.get(word), match.end(), word in ("lastly", "finally"))
    numbered = _numbered(sentence)
    if numbered:
        return numbered
    match = EITHER.match(sentence)
    if match:
        return Marker(1, match.end())
    match = CONTINUATION.match(sentence)
    if match:
        word = match["word"].lower()
        if word in ("one", "another") and not _qualifies(match["next"], noun):
            return None
        return Marker(1 if word == "one" else None, match.end())
    return _naming(sentence, noun) if noun else None


def _qualified_after(sentence: str, match: re.Match[str], noun: str | None) -> bool:
    """ "The third and least likely possibility": the family word a few words on."""
    ahead = _AND_AHEAD.match(sentence, match.start("next")) if match["next"] else None
    words = ahead["words"].lower().split() if ahead else []
    return any(word in FAMILY or word == noun for word in words)


def _naming(sentence: str, noun: str) -> Marker | None:
    """An item that names the announced noun with its own words: "The optimistic case is…",
    "A less likely outcome…", "In between lies a third case…"."""
    pattern = _NAMING.get(noun)
    if pattern is None:
        pattern = _NAMING[noun] = re.compile(
            rf"^{_LEAD}(?:[\w-]+\s+){{0,3}}?(?:the|a|an)\s+(?P<mods>(?:[\w-]+\s+){{0,3}}?)"
            rf"{re.escape(noun)}\b",
            re.IGNORECASE,
        )
    match = pattern.match(sentence)
    if match is None:
        return None
    ordinals = [_ORDINALS[w] for w in match["mods"].lower().split() if w in _ORDINALS]
    return Marker(ordinals[0] if ordinals else None, match.end())


_NAMING: dict[str, re.Pattern[str]] = {}


def _numbered(sentence: str) -> Marker | None:
    """ "1. …", "(b) …", "Scenario one: …", "Plan B —": a number or letter for the item."""
    match = NUMERAL.match(sentence)
    if match:
        return Marker(_place(match["digit"] or match["letter"]), match.end())
    match = NUMBERED.match(sentence)
    return Marker(_place(match["number"]), match.end()) if match else None


def _place(word: str) -> int:
    """The position a number, number word or letter gives ("3", "three", "c" → 3)."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    return 1 if word == "one" else _NUMBERS.get(word) or ord(word[0]) - ord("a") + 1


def _qualifies(following: str | None, noun: str | None = None) -> bool:
    """An ordinal marks an item when it qualifies a word of the family (or what was counted)
    or stands alone."""
    if following is None:
        return True
    word = following.strip().lower()
    return not word[:1].isalnum() or word in FAMILY or word in _AFTER_BARE or word == noun


def title_of(sources: list[tuple[str, int]]) -> str:
    """A short title from the words that state the item: what it "is" when a sentence says so
    ("A third option is revolution." → "Revolution"), else the opening of its first clause."""
    for sentence, marker_end in sources:
        copula = _COPULA.match(sentence[marker_end:]) if marker_end else None
        if copula:
            title = _clause(sentence[marker_end + copula.end() :])
            if title:
                return title
    sentence, marker_end = sources[0]
    return _clause(sentence[marker_end:]) or _clause(sentence)


def _clause(text: str) -> str:
    text = text.lstrip(" ,;:—–")
    end = _CLAUSE_END.search(text)
    words = text[: end.start() if end else len(text)].split()
    if len(words) > TITLE_WORDS:  # cut short: end on a word that carries meaning
        words = words[:TITLE_WORDS]
        while words and words[-1].lower() in _TRAILING:
            words.pop()
    title = " ".join(words)
    return title[:1].upper() + title[1:]


def _scenarios(items: list[Item], plain_text: str, slug: str) -> list[Scenario]:
    scenarios: list[Scenario] = []
    keys: set[str] = set()
    for position, item in enumerate(items, 1):
        spans = [span for span in (item.brief, item.paragraph) if span]
        selectors = [_selector(plain_text, span) for span in spans]
        title = title_of(item.title_sources) or f"Scenario {position}"
        key = unique_key(slugify(title, KEY_LENGTH) or f"scenario-{position}", keys)
        scenarios.append(
            Scenario(
                id=make_id(slug, "scenario", position),
                key=key,
                position=position,
                title=title,
                summary=item.summary,
                description=selectors[-1].exact,
                selectors=selectors,
            )
        )
    return scenarios


def _selector(plain_text: str, span: tuple[int, int]) -> Selector:
    return make_selector(plain_text, span[0], plain_text[span[0] : span[1]])
