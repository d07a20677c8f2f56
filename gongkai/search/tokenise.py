"""Tokenisation for search: three ways of cutting normalised Chinese text, compared in
docs/benchmarks.md ("Search: tokenisation"). Pure: no Django.

- ``bigram`` (the one in use): overlapping two-character tokens over each run of CJK
  characters, plus the run's last character alone; letters and digits as whole words.
  张凤彪 → 张凤 凤彪 彪. Any substring of two or more characters of a run is a phrase of
  consecutive bigrams, so whatever a person remembers is found, with no dictionary.
- ``jieba``: dictionary segmentation (jieba's search mode, which adds the shorter words inside
  long ones). Finds what the dictionary knows; names and new terms are cut by guesswork, and
  not always the same way in a query as in the text.
- ``trigram``: SQLite's own FTS5 ``trigram`` tokenizer over the normalised text; substring
  matching, but no index use for queries shorter than three characters.

A query is cut into terms at whitespace; every term must match (AND). Within a term the
tokens must be consecutive (a phrase), so 老旧小区 does not match 老旧的小区.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from operator import add
from typing import Protocol

CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_SEGMENTS = re.compile(rf"([{CJK}]+)|([^\W{CJK}_]+)")
_CJK_RUN = re.compile(rf"[{CJK}]+")


@dataclass(frozen=True)
class Phrase:
    """Tokens that must occur consecutively; ``prefix``: the last one may be a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Substring:
    """A substring too short for an index (trigram with fewer than three characters)."""

    text: str


@dataclass(frozen=True)
class AnyOf:
    """One of several alternatives, each a conjunction of clauses: a word and its equivalents
    in the vocabulary, or a run typed as one phrase and the same run cut into words
    (gongkai.search.plan). Never holds a Substring."""

    options: tuple[tuple[Clause, ...], ...]


Clause = Phrase | Substring | AnyOf


def phrases_in(clauses: tuple[Clause, ...] | list[Clause]) -> list[Phrase]:
    """Every phrase in the clauses, inside alternatives too."""
    out: list[Phrase] = []
    for clause in clauses:
        if isinstance(clause, Phrase):
            out.append(clause)
        elif isinstance(clause, AnyOf):
            for option in clause.options:
                out.extend(phrases_in(option))
    return out


class Tokeniser(Protocol):
    name: str

    def index_text(self, text: str) -> str:
        """Normalised text → what is stored in the full-text column."""
        ...

    def clauses(self, term: str) -> list[Clause]:
        """One normalised query term → the clauses that must all match (none: nothing in the
        term can be searched, e.g. only punctuation)."""
        ...


def segments(text: str) -> list[str]:
    """Runs of CJK characters and words of letters or digits; punctuation dropped."""
    return [m.group() for m in _SEGMENTS.finditer(text)]


class Bigram:
    name = "bigram"

    def tokens(self, text: str) -> list[str]:
        out: list[str] = []
        extend, append = out.extend, out.append
        for run, word in _SEGMENTS.findall(text):
            if run:
                extend(map(add, run, run[1:]))  # the bigrams, made in C
                append(run[-1])
            else:
                append(word)
        return out

    def index_text(self, text: str) -> str:
        return " ".join(self.tokens(text))

    def clauses(self, term: str) -> list[Clause]:
        found = _SEGMENTS.findall(term)
        tokens: list[str] = []
        prefix = False
        for position, (run, word) in enumerate(found):
            if word:
                tokens.append(word)
                continue
            last = position == len(found) - 1
            tokens.extend([run[i : i + 2] for i in range(len(run) - 1)])
            if not last:
                # In the text this run also ends where the term's next word begins, so the
                # text has the run's last character as a token there.
                tokens.append(run[-1])
            elif len(run) == 1 and not tokens:
                # A single character alone: the start of any bigram, or a run's last one.
                tokens.append(run)
                prefix = True
            # A single character ending a longer term (the 号 of 32号) is left out: as a
            # prefix it would match every token starting with it, slow for so common a
            # character, and the tokens before it already make the term precise.
        return [Phrase(tuple(tokens), prefix)] if tokens else []


@cache
def _jieba():  # type: ignore[no-untyped-def]
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


class Jieba:
    name = "jieba"

    def tokens(self, text: str) -> list[str]:
        jieba = _jieba()
        out: list[str] = []
        for run, word in _SEGMENTS.findall(text):
            if run:
                out.extend(jieba.cut_for_search(run, HMM=True))
            else:
                out.append(word)
        return out

    def index_text(self, text: str) -> str:
        return " ".join(self.tokens(text))

    def clauses(self, term: str) -> list[Clause]:
        jieba = _jieba()
        words: list[str] = []
        for run, word in _SEGMENTS.findall(term):
            words.extend(jieba.cut(run, HMM=True) if run else [word])
        # Search mode indexes the words of the accurate cut and the shorter words inside them;
        # each word of the query's accurate cut must be there.
        return [Phrase((word,)) for word in dict.fromkeys(words)]


class Trigram:
    name = "trigram"

    def index_text(self, text: str) -> str:
        return text

    def clauses(self, term: str) -> list[Clause]:
        pieces = segments(term)
        if not pieces:
            return []
        text = "".join(pieces) if len(pieces) == 1 else term
        if len(text) < 3:
            return [Substring(text)]
        return [Phrase((text,))]


TOKENISERS: dict[str, Tokeniser] = {t.name: t for t in (Bigram(), Jieba(), Trigram())}
DEFAULT = "bigram"


def get_tokeniser(name: str = DEFAULT) -> Tokeniser:
    return TOKENISERS[name]
