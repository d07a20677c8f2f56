"""Words in Chinese text, for what people type and for ranking. Pure: no Django.

Citizens do not type spaces: 义务教育招生, 防汛应急响应, 城管养狗规定. `split` cuts such a run
into words with jieba's dictionary (accurate mode, no HMM guessing, the vocabulary's words
added), then joins back what the dictionary cut into single characters — a name (张|凤|彪), a
place (青|山镇) or a word it lacks — to its neighbour, and drops the particles (的, 和 …), so
that every word searched has two characters or more.

`inside_word` tells a match on a word boundary from the same characters inside another word:
大连 in 五大连池 (inside one word) or 西安 in 江西安全 (across two words) is inside; 大连 in
大连市 (the start of a word) is not. Only the index's bigrams decide what matches; this only
ranks (gongkai.search.selectors).

jieba is the dictionary measured in docs/benchmarks.md ("Tokenisation"); here it never
tokenises the index, only a query's runs and the titles of a page of results.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from functools import cache

# Characters that join words and mean nothing searched alone.
PARTICLES = frozenset("的了和与及或在是对把被等之其并")
MIN_SPLIT = 3  # runs shorter than this stay whole
CONTEXT = 4  # characters either side of a match cut to find its word boundaries
_lock = threading.Lock()


@cache
def _tokenizer():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


class Words:
    """jieba's dictionary with extra words (the vocabulary's). One per process: jieba's
    dictionary takes a second to load; words are added and removed in place."""

    def __init__(self) -> None:
        self.added: set[str] = set()

    def use(self, words: Iterable[str]) -> None:
        """Make exactly these the extra words."""
        wanted = {w for w in words if len(w) > 1}
        if wanted == self.added:
            return
        tokenizer = _tokenizer()
        with _lock:
            for word in self.added - wanted:
                tokenizer.del_word(word)
            for word in wanted - self.added:
                # A frequency high enough that the word is kept whole against its parts.
                tokenizer.add_word(word, freq=max(tokenizer.suggest_freq(word), 1000))
            self.added = wanted

    def cut(self, text: str) -> list[str]:
        pieces: list[str] = _tokenizer().lcut(text, HMM=False)
        return pieces

    def split(self, run: str) -> list[str]:
        """A run of CJK characters → its words (two characters or more); the run itself when
        it is short or does not split."""
        if len(run) < MIN_SPLIT:
            return [run]
        words: list[str] = []
        single = ""  # characters the dictionary left alone, waiting for a neighbour
        for piece in self.cut(run):
            if len(piece) == 1:
                if piece in PARTICLES:
                    if single and words:
                        words[-1] += single
                    elif single:
                        words.append(single)
                    single = ""
                    continue
                single += piece
                continue
            if single:
                if len(single) > 1:
                    words.append(single)
                    single = ""
                else:
                    piece, single = single + piece, ""
            words.append(piece)
        if single:
            if len(single) > 1 or not words:
                words.append(single)
            else:
                words[-1] += single
        words = [w for w in words if len(w) > 1]
        return words if len(words) > 1 else [run]

    def boundaries(self, text: str) -> set[int]:
        """The offsets in `text` where a word begins or ends."""
        out, position = {0}, 0
        for piece in self.cut(text):
            position += len(piece)
            out.add(position)
        return out

    def inside_word(self, text: str, needle: str) -> bool:
        """`needle` occurs in `text`, and every occurrence is inside another word: neither
        its start nor its end is a word boundary, or it runs across one without being whole
        words. At the start or end of a longer word (大连 in 大连市, 养老 in 养老金) is not
        inside."""
        return self.inside_any(text, [needle])

    def inside_any(self, text: str, needles: list[str]) -> bool:
        """Whether one of `needles` is in `text` only inside other words. Only a window of
        CONTEXT characters either side of each occurrence is cut (a title cut whole costs
        about ten times more; docs/benchmarks.md)."""
        return any(self._inside(text, n) for n in needles if len(n) > 1 and n in text)

    def _inside(self, text: str, needle: str) -> bool:
        start = text.find(needle)
        while start >= 0:
            end = start + len(needle)
            left = max(0, start - CONTEXT)
            marks = {left + mark for mark in self.boundaries(text[left : end + CONTEXT])}
            starts, ends = start in marks, end in marks
            across = any(start < mark < end for mark in marks)
            if (starts and ends) or ((starts or ends) and not across):
                return False
            start = text.find(needle, start + 1)
        return True


WORDS = Words()
