"""Promotional and UI text that publishing platforms mix into an article's body.

Detected by keyword and by shape, never by one site's exact wording, so that essays from
the same family of sites are cleaned without per-essay rules. All patterns live here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .text import is_single_sentence, last_mark

# A line is promotional when it matches one of these and is short (promo boxes are terse).
PROMO_PATTERNS = re.compile(
    r"\bnewsletters?\b"
    r"|\bsign(?:ing)?[ -]up (?:here|now|today|for)\b"
    r"|\bsubscribe (?:here|now|today|to (?:our|the)\b)"
    r"|\b(?:straight )?(?:to|in) your inbox\b"  # what a sign-up box says the email brings
    r"|\bcomment(?:ing)? guidelines\b"
    r"|\bsupport (?:our|independent) journalism\b"
    r"|\bfollow us on\b"
    r"|\b(?:buy|order) (?:this|it|a copy)\b.{0,40}\b(?:from|at)\b"  # a shop's box in a review
    r"|\baffiliate (?:links?|ones|commissions?)\b",  # the disclosure above a buying guide
    re.IGNORECASE,
)
PROMO_MAX_WORDS = 30
PROMO_TITLE_MAX_WORDS = 8  # "Get the free newsletter": a longer promo line holds its own blurb
# A link to another article set into the body: "Read more: <its headline>".
LINK_LINE = re.compile(
    r"^(?:read more|see also|also read|related|more on this(?: story)?|recommended)\s*:",
    re.IGNORECASE,
)

# Words of a page's toolbar ("Bookmark Share Print ...") that leak into copied text.
UI_WORDS = frozenset(
    [
        "audio",
        "bookmark",
        "check",
        "close",
        "comments",
        "copy",
        "download",
        "email",
        "facebook",
        "instagram",
        "language",
        "link",
        "linkedin",
        "newsletter",
        "play",
        "print",
        "reddit",
        "save",
        "search",
        "share",
        "telegram",
        "twitter",
        "whatsapp",
        "youtube",
    ]
)
UI_LINE_MIN_WORDS = 8
UI_LINE_MIN_TOOLBAR_WORDS = 3

_SENTENCE_PUNCTUATION = re.compile(r"[.,;:!?]")


def is_promo(text: str) -> bool:
    return _is_terse(text) and PROMO_PATTERNS.search(text) is not None


def _is_terse(text: str) -> bool:
    """At most PROMO_MAX_WORDS words: counted no further than one past it, for a body's
    paragraphs run to hundreds."""
    return len(text.split(maxsplit=PROMO_MAX_WORDS)) <= PROMO_MAX_WORDS


def is_ui_line(text: str) -> bool:
    """Many capitalised toolbar words and no sentence punctuation: a page's controls."""
    if _SENTENCE_PUNCTUATION.search(text):  # most lines: no need to split them into words
        return False
    words = text.split()
    if len(words) < UI_LINE_MIN_WORDS:
        return False
    capitalised = sum(word[0].isupper() for word in words)
    toolbar = sum(word.lower() in UI_WORDS for word in words)
    return capitalised >= 0.8 * len(words) and toolbar >= UI_LINE_MIN_TOOLBAR_WORDS


def _is_blurb(text: str) -> bool:
    """The one-sentence teaser under a promo box's title."""
    return _is_terse(text) and last_mark(text) in ".!…" and is_single_sentence(text)


def find_boilerplate(texts: Sequence[str]) -> set[int]:
    """Indexes of promo and UI lines; a promo title (no closing punctuation) takes its blurb too."""
    found: set[int] = set()
    for index, text in enumerate(texts):
        if index in found:
            continue
        if is_promo(text):
            found.add(index)
            following = index + 1
            if (
                last_mark(text) not in ".!?…"
                and len(text.split()) <= PROMO_TITLE_MAX_WORDS
                and following < len(texts)
                and _is_blurb(texts[following])
            ):
                found.add(following)
        elif is_ui_line(text) or (LINK_LINE.match(text) and _is_terse(text)):
            found.add(index)
    return found
