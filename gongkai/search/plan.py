"""From a parsed query to what the backends look for. Pure: no Django.

Two forms of the same query:

- ``phrase``: each term as typed, a phrase — or any of its spellings with the vocabulary's
  equivalents (城管 → 城管 | 城市管理 | 城市管理综合执法; gongkai.search.vocabulary);
- ``split``: each run typed without spaces cut into words (gongkai.search.words), every word
  required anywhere, each word with its equivalents: 义务教育招生 → 义务教育 AND 招生.
  None when no term splits.

The selector searches the phrase form first and the split form only when the phrase finds few
(gongkai.search.selectors), the phrase matches first. A quoted term ("…", “…”, 「…」) is
exact in both: never split, never widened. A document number is never split or widened
either: it is matched as written, and pinned when exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.search.query import ParsedQuery
from gongkai.search.tokenise import AnyOf, Clause, Substring, Tokeniser, segments
from gongkai.search.vocabulary import Vocabulary
from gongkai.search.words import Words

_DOC_NUMBER = re.compile(r"\[(?:19|20)\d\d\]|\d+号")
_CJK_ONLY = re.compile(r"[\u3007\u3400-\u9fff\uf900-\ufaff]+")

Terms = tuple[tuple[Clause, ...], ...]


@dataclass(frozen=True)
class Plan:
    phrase: Terms
    split: Terms | None
    needles: list[str]  # strings to mark in results, longest first
    words: list[str]  # what was typed, as words: for the word-boundary ranking
    split_words: list[str] = field(default_factory=list)  # the words of the split form
    widened: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)


def _any_of(tokeniser: Tokeniser, spellings: list[str]) -> tuple[Clause, ...]:
    options = []
    for text in spellings:
        clauses = tuple(tokeniser.clauses(text))
        if not clauses:
            continue
        if any(isinstance(c, Substring) for c in clauses):
            # The trigram tokeniser's short substrings are LIKE conditions, not index
            # expressions: no alternatives for them, the term as typed only.
            return tuple(tokeniser.clauses(spellings[0]))
        options.append(clauses)
    if not options:
        return ()
    if len(options) == 1:
        return options[0]
    return (AnyOf(tuple(options)),)


def _pieces(term: str, words: Words) -> list[str]:
    """A term's words: its runs of CJK characters cut, its letters and digits whole."""
    out: list[str] = []
    for piece in segments(term):
        out.extend(words.split(piece) if _CJK_ONLY.fullmatch(piece) else [piece])
    return out


def build(parsed: ParsedQuery, tokeniser: Tokeniser, vocabulary: Vocabulary, words: Words) -> Plan:
    phrase: list[tuple[Clause, ...]] = []
    split: list[tuple[Clause, ...]] = []
    needles: dict[str, None] = {}
    typed: dict[str, None] = {}
    split_words: dict[str, None] = {}
    widened: dict[str, tuple[str, ...]] = {}
    splits = False
    for term in parsed.terms:
        exact = term in parsed.quoted or bool(_DOC_NUMBER.search(term))
        typed[term] = None
        if exact:
            clauses = tuple(tokeniser.clauses(term))
            if clauses:
                phrase.append(clauses)
                split.append(clauses)
            continue
        spellings = [term, *vocabulary.variants(term)]
        for _s, _e, word in vocabulary.found_in(term):
            widened[word] = vocabulary.equivalents(word)
        needles.update((s, None) for s in spellings)
        as_phrase = _any_of(tokeniser, spellings)
        if not as_phrase:
            continue
        phrase.append(as_phrase)
        pieces = _pieces(term, words)
        if len(pieces) < 2:
            split.append(as_phrase)
            continue
        splits = True
        for piece in pieces:
            split_words[piece] = None
            others = vocabulary.variants(piece)
            for _s, _e, word in vocabulary.found_in(piece):
                widened[word] = vocabulary.equivalents(word)
            needles.update((s, None) for s in (piece, *others))
            clauses = _any_of(tokeniser, [piece, *others])
            if clauses:
                split.extend([clauses])
    for term in parsed.terms:
        for piece in segments(term):
            if len(piece) > 1 or len(term) == 1:
                needles[piece] = None
        if "".join(segments(term)) != term:
            needles[term] = None
    return Plan(
        phrase=tuple(phrase),
        split=tuple(split) if splits else None,
        needles=sorted(needles, key=lambda s: (-len(s), s)),
        words=list(typed),
        split_words=list(split_words),
        widened=list(widened.items()),
    )
