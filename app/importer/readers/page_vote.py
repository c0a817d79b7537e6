"""A vote of two more extractors on trafilatura's blocks. Extractors err in different places,
and a majority of them beats each one (Bevendorff et al., SIGIR 2023): blocks that
readability and jusText both keep and trafilatura lost are put back where readability has
them, and a run of blocks at the start or end of the article that neither of them keeps (teasers
for other stories, a sign-up box) is dropped. Words are compared as runs of four `\\w+` tokens,
so a block matches however each extractor splits or spaces it.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cached_property

from lxml import etree, html
from trafilatura.baseline import basic_cleaning
from trafilatura.external import try_justext, try_readability

from ..document import Element, ElementKind
from .extracted_text import SHOWN_TEXT, squashed

TOKEN = re.compile(r"\w+")
RUN = 4  # tokens in a run compared across extractors
KEPT = 0.5  # share of a block's runs another extractor has for it to keep the block
DROPPED = 0.2  # at most this share: the other extractor left the block out
THIN = 0.3  # readability kept less than this share of trafilatura's words: it missed the article
MIN_CORE_BLOCKS = 2  # blocks readability keeps, for their container to say where the article is
MIN_CARDS = 3  # alike siblings that each link somewhere: teaser cards, not one aside
READ_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
KINDS: dict[str, ElementKind] = {f"h{level}": "heading" for level in range(2, 7)}
KINDS |= {"blockquote": "blockquote", "li": "list"}

# jusText reads a page at about 0.2 MB of text a second: past this, the vote would take a big
# page over its time (under 1 s for a page of 1 MB)
MAX_VOTED_CHARS = 150_000
CODE = ("script", "style", "noscript", "template", "svg", etree.Comment)

Grams = Counter[tuple[str, ...]]


class Opinions:
    """What readability and jusText kept of the page: readability's blocks in reading order
    (tag, text) and the runs of each. jusText, the slower, runs only when its vote counts."""

    def __init__(self, tree: html.HtmlElement) -> None:
        self._tree = tree
        summary = try_readability(copy.deepcopy(tree))
        blocks = [(node.tag, squashed(node)) for node in _outer_blocks(summary)]
        self.blocks = [(tag, text) for tag, text in blocks if text]
        self.readability = _grams(text for _, text in self.blocks)

    @cached_property
    def justext(self) -> Grams:
        kept = try_justext(basic_cleaning(_without_code(self._tree)), None, None)
        return _grams(squashed(p) for p in kept.iter("p"))


def _without_code(tree: html.HtmlElement) -> html.HtmlElement:
    """A copy without scripts and styles, which jusText would read as text (and slowly)."""
    bare = copy.deepcopy(tree)
    etree.strip_elements(bare, *CODE, with_tail=False)
    return bare


def voted(
    elements: list[Element], tree: html.HtmlElement, unwanted: Callable[[Element], bool]
) -> list[Element]:
    """The blocks after the vote; `unwanted` says which of readability's not to put back (the
    headline, the byline, a caption). A page of more text than the vote can afford in its time
    keeps trafilatura's blocks."""
    if sum(map(len, tree.xpath(SHOWN_TEXT))) > MAX_VOTED_CHARS:
        return elements
    opinions = Opinions(tree)
    ours = _grams(_words(e) for e in elements if e.kind != "figure")
    if sum(opinions.readability.values()) < THIN * sum(ours.values()):
        return elements  # readability missed the article: its silence says nothing
    elements = _without_teasers(_trimmed(elements, opinions), tree, opinions)
    return _with_missing(elements, opinions, unwanted)


def _without_teasers(
    elements: list[Element], tree: html.HtmlElement, opinions: Opinions
) -> list[Element]:
    """Without the cards for other stories below the article, which jusText keeps for their
    sentences: blocks after the last one readability keeps, set outside the container of the
    ones it keeps (and outside any container like it: some sites set an article in several),
    in a run of alike siblings that each link somewhere (a card grid, a related-stories list)."""
    nodes = _page_blocks(tree)
    located = [nodes.get(_first_run(_words(e))) if e.kind != "figure" else None for e in elements]
    core = [
        (index, node)
        for index, (element, node) in enumerate(zip(elements, located, strict=True))
        if node is not None and _share(_grams([_words(element)]), opinions.readability) >= KEPT
    ]
    container = _common_ancestor([node for _, node in core])
    if container is None:
        return elements
    return [
        element
        for index, (element, node) in enumerate(zip(elements, located, strict=True))
        if index <= core[-1][0] or node is None or _inside(node, container) or not _in_cards(node)
    ]


def _page_blocks(tree: html.HtmlElement) -> dict[tuple[str, ...], html.HtmlElement]:
    """The page's blocks by their first run of words (the first block, where it repeats)."""
    nodes: dict[tuple[str, ...], html.HtmlElement] = {}
    for node in tree.iter(*READ_BLOCKS):
        nodes.setdefault(_first_run(squashed(node)), node)
    nodes.pop((), None)
    return nodes


def _first_run(text: str) -> tuple[str, ...]:
    tokens = TOKEN.findall(text)
    return tuple(tokens[:RUN]) if len(tokens) >= RUN else ()


def _common_ancestor(nodes: list[html.HtmlElement]) -> html.HtmlElement | None:
    """The innermost element holding all `nodes`; None for fewer than two, or the body."""
    if len(nodes) < MIN_CORE_BLOCKS:
        return None
    common = None
    for level in zip(*(list(node.iterancestors())[::-1] for node in nodes), strict=False):
        if any(node is not level[0] for node in level):
            break
        common = level[0]
    return None if common is None or common.tag in ("body", "html") else common


def _inside(node: html.HtmlElement, container: html.HtmlElement) -> bool:
    return any(
        parent is container
        or (parent.tag == container.tag and parent.get("class") == container.get("class"))
        for parent in node.iterancestors()
    )


def _in_cards(node: html.HtmlElement) -> bool:
    """Inside one of at least `MIN_CARDS` siblings of one tag and class that each hold a link."""
    for parent in node.iterancestors():
        above = parent.getparent()
        if above is None or parent.tag == "body":
            return False
        alike = [s for s in above if s.tag == parent.tag and s.get("class") == parent.get("class")]
        if len(alike) >= MIN_CARDS and all(s.find(".//a[@href]") is not None for s in alike):
            return True
    return False


def _trimmed(elements: list[Element], opinions: Opinions) -> list[Element]:
    """Without the blocks at either end that neither readability nor jusText keeps."""

    def unkept(element: Element) -> bool:
        runs = _grams([_words(element)])
        return (
            element.kind == "figure"
            or not runs
            or all(
                _share(runs, theirs) <= DROPPED
                for theirs in (opinions.readability, opinions.justext)
            )
        )

    start, end = 0, len(elements)
    while end > start and unkept(elements[end - 1]):
        end -= 1
    while start < end and unkept(elements[start]):
        start += 1
    if not any(e.kind != "figure" for e in elements[start:end]):
        return elements
    return [e for i, e in enumerate(elements) if start <= i < end or e.kind == "figure"]


def _with_missing(
    elements: list[Element], opinions: Opinions, unwanted: Callable[[Element], bool]
) -> list[Element]:
    """readability's blocks that jusText keeps too and trafilatura lost, each after the block
    holding the readability block before it; none after the article's last block."""
    owner: dict[tuple[str, ...], int] = {}
    ours: Grams = Counter()
    for index, element in enumerate(elements):
        runs = _grams([_words(element)])
        ours.update(runs)
        for run in runs:
            owner.setdefault(run, index)
    after: dict[int, list[Element]] = {}
    anchor = -1
    repeated = Counter(text for _, text in opinions.blocks)
    for tag, text in opinions.blocks:
        runs = _grams([text])
        if not runs or repeated[text] > 1:  # a box the page shows twice: a sign-up, a share bar
            continue
        if _share(runs, ours) >= KEPT:
            holders = Counter(owner[run] for run in runs if run in owner)
            anchor = holders.most_common(1)[0][0] if holders else anchor
        elif _share(runs, opinions.justext) >= KEPT and not unwanted(
            element := _element(tag, text)
        ):
            _append(after.setdefault(anchor, []), element)
    after.pop(len(elements) - 1, None)  # below the article: a bio, an appeal, a sign-up box
    if not after:
        return elements
    merged = after.get(-1, [])
    for index, element in enumerate(elements):
        merged += [element, *after.get(index, [])]
    return merged


def _element(tag: str, text: str) -> Element:
    kind = KINDS.get(tag, "paragraph")
    return Element(kind, text, items=(text,) if kind == "list" else None)


def _append(blocks: list[Element], element: Element) -> None:
    """Items of one list put back are one list."""
    if blocks and blocks[-1].kind == element.kind == "list":
        items = (*(blocks[-1].items or ()), *(element.items or ()))
        blocks[-1] = Element("list", "\n".join(items), items=items)
    else:
        blocks.append(element)


def _outer_blocks(root: html.HtmlElement) -> Iterable[html.HtmlElement]:
    """The blocks of readability's summary, a block inside another one read with it."""
    for node in root.iter(*READ_BLOCKS):
        if not any(parent.tag in READ_BLOCKS for parent in node.iterancestors()):
            yield node


def _words(element: Element) -> str:
    return " ".join(element.items) if element.items else element.text


def _grams(texts: Iterable[str]) -> Grams:
    runs: Grams = Counter()
    for text in texts:
        tokens = TOKEN.findall(text)
        runs.update(zip(*(tokens[i:] for i in range(RUN)), strict=False))
    return runs


def _share(runs: Grams, theirs: Grams) -> float:
    """The share of `runs` that `theirs` holds (as many times); 0 for a block of no runs."""
    total = sum(runs.values())
    return sum(min(n, theirs[run]) for run, n in runs.items()) / total if total else 0.0
