"""The search syntax, parsed once and compiled for the search index (search and the list's `q`).

    word          a word (stemmed: `flood` finds "floods", "flooding")
    word*         words starting so (the 128 most frequent such words in the index)
    "a phrase"    these words in this order
    a b           both (AND binds tighter than OR)
    a OR b        either

Anything else is refused with a message, never passed to the index, so bad syntax is a 400
and both backends give the same meaning to the same query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import tantivy

from app.core.errors import BadRequest
from app.services.search_engine import ANALYZER, FOLDER, SCHEMA

MAX_TERMS = 16
PREFIX_COMPLETIONS = 128  # a prefix matches its most frequent completions, up to this many
RESERVED = set("()[]{}:^~<>|&!\\+=")
TOKEN = re.compile(r"[^\W_]+")  # letters and digits, as both indexes split words
LEXEME = re.compile(r'\s+|"[^"]*"|[^\s"]+')


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase
    prefix: bool = False


Query = list[list[Term]]  # OR of ANDs


def _refuse(q: str, why: str) -> BadRequest:
    return BadRequest(
        f"The search '{q}' cannot be read: {why}. Use words, word*, \"a phrase\" and OR.",
        errors=[{"loc": ["query", "q"], "msg": why}],
    )


def parse(q: str) -> Query:
    if q.count('"') % 2:
        raise _refuse(q, "a quotation mark is not closed")
    if bad := sorted(RESERVED & set(q)):
        raise _refuse(q, f"'{''.join(bad)}' has no meaning here")
    groups: Query = [[]]
    for lexeme in LEXEME.findall(q):
        if lexeme.isspace():
            continue
        if lexeme == "OR":
            if not groups[-1]:
                raise _refuse(q, "OR needs words on both sides")
            groups.append([])
            continue
        groups[-1].extend(_terms(q, lexeme))
    if not groups[-1]:
        raise _refuse(q, "OR needs words on both sides" if len(groups) > 1 else "no words")
    if sum(len(group) for group in groups) > MAX_TERMS:
        raise _refuse(q, f"more than {MAX_TERMS} terms")
    return groups


def _terms(q: str, lexeme: str) -> list[Term]:
    if lexeme.startswith('"'):
        words = tuple(TOKEN.findall(lexeme))
        if not words:
            raise _refuse(q, "an empty phrase")
        return [Term(words)]
    prefix = lexeme.endswith("*")
    found = TOKEN.findall(lexeme.rstrip("*"))
    if "*" in lexeme.rstrip("*") or (prefix and not lexeme.rstrip("*")[-1:].isalnum()):
        raise _refuse(q, "'*' goes at the end of a word")
    # `anti-Putin` is two words, as the index reads it; a trailing `*` belongs to the last one.
    return [Term((word,), prefix and i == len(found) - 1) for i, word in enumerate(found)]


def to_tantivy(searcher: tantivy.Searcher, query: Query) -> tantivy.Query:
    """`query` for the search index: each word analysed as the index analyses text, a prefix
    expanded to its completions in the index (each scored as a word)."""
    groups = [_all(_tantivy_term(searcher, t) for t in group) for group in query]
    if len(groups) == 1:
        return groups[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, g) for g in groups])


def _all(queries: Iterable[tantivy.Query]) -> tantivy.Query:
    must = [(tantivy.Occur.Must, q) for q in queries]
    return must[0][1] if len(must) == 1 else tantivy.Query.boolean_query(must)


def _tantivy_term(searcher: tantivy.Searcher, term: Term) -> tantivy.Query:
    if term.prefix:
        (start,) = FOLDER.analyze(term.words[0]) or [""]
        completions = searcher.terms_with_prefix("text", start, limit=PREFIX_COMPLETIONS)
        if not start or not completions:
            return tantivy.Query.empty_query()
        words = [tantivy.Query.term_query(SCHEMA, "text", word) for word, _ in completions]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in words])
    tokens: list[str | tuple[int, str]] = [t for word in term.words for t in ANALYZER.analyze(word)]
    if not tokens:
        return tantivy.Query.empty_query()
    if len(tokens) == 1:
        return tantivy.Query.term_query(SCHEMA, "text", tokens[0])
    return tantivy.Query.phrase_query(SCHEMA, "text", tokens)
