"""The vocabulary of government terms: abbreviations, everyday names and synonyms that
citizens type for what documents call otherwise (城管 for 城市管理综合执法, 养狗 for 养犬,
拆迁 for 房屋征收).
Pure: no Django.

The shipped list is `data/vocabulary.tsv`; the administrator edits the copy in the database
(`search.models.SearchTerm`). A query is widened with it (gongkai.search.plan): each known
word in what was typed may also be found as any of its equivalents, an OR group. The index is
not touched, so an edit applies to the next search, on both databases.

An entry is two-way (双向: each of its words stands for all the others) or one-way (单向: the
first word also finds the others, not the reverse; 三公经费 finds 公务接待费, but a search for
公务接待费 should not bring every 三公经费 table). Words are normalised as queries are, so a
Traditional query (養狗) finds what the Simplified entry (养狗) lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gongkai.search.normalise import normalise

DATA = Path(__file__).parent / "data" / "vocabulary.tsv"
TWO_WAY, ONE_WAY = "双向", "单向"
MAX_WORD = 40  # characters of one word
MAX_VARIANTS = 12  # spellings of one query term tried at most


@dataclass(frozen=True)
class VocabularyEntry:
    word: str
    equivalents: tuple[str, ...]
    two_way: bool = True
    note: str = ""


class VocabularyError(ValueError):
    pass


def split_equivalents(text: str) -> tuple[str, ...]:
    """Equivalents as written by a person: separated by |, ｜, 、, commas or new lines."""
    for separator in ("｜", "、", "，", ",", "\n", "\r"):
        text = text.replace(separator, "|")
    return tuple(dict.fromkeys(part.strip() for part in text.split("|") if part.strip()))


def check(word: str, equivalents: Iterable[str]) -> str | None:
    """What is wrong with an entry (a message for the person editing it), or None."""
    equivalents = list(equivalents)
    if not word.strip():
        return "请填写词语"
    if not equivalents:
        return "请至少填写一个对应词"
    for text in (word, *equivalents):
        if len(text) > MAX_WORD:
            return f"每个词不超过 {MAX_WORD} 个字：{text[:10]}…"
        if not any(ch.isalnum() for ch in text):
            return f"“{text}”中没有可检索的文字"
    key = normalise(word.strip())
    if all(normalise(e) == key for e in equivalents):
        return "对应词不能与词语本身相同"
    return None


def parse_file(text: str) -> list[VocabularyEntry]:
    """The shipped file: word TAB equivalents (|) TAB 双向/单向 [TAB note]; # comments."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 3 or fields[2] not in (TWO_WAY, ONE_WAY):
            raise VocabularyError(f"第 {number} 行：应为“词语<TAB>对应词<TAB>双向或单向”")
        word, equivalents = fields[0].strip(), split_equivalents(fields[1])
        problem = check(word, equivalents)
        if problem:
            raise VocabularyError(f"第 {number} 行：{problem}")
        note = fields[3].strip() if len(fields) > 3 else ""
        out.append(VocabularyEntry(word, equivalents, fields[2] == TWO_WAY, note))
    return out


def shipped() -> list[VocabularyEntry]:
    return parse_file(DATA.read_text(encoding="utf-8"))


class Vocabulary:
    """The entries as a map: a normalised word → the words that may stand for it."""

    def __init__(self, entries: Iterable[VocabularyEntry] = ()) -> None:
        table: dict[str, dict[str, None]] = {}
        for entry in entries:
            group = [normalise(w) for w in (entry.word, *entry.equivalents)]
            group = [w for w in dict.fromkeys(group) if w]
            if len(group) < 2:
                continue
            heads = group if entry.two_way else group[:1]
            for head in heads:
                table.setdefault(head, {}).update((w, None) for w in group if w != head)
        self.table = {word: tuple(others) for word, others in table.items()}
        self.longest = max(map(len, self.table), default=0)

    def __len__(self) -> int:
        return len(self.table)

    def words(self) -> set[str]:
        """Every word of the vocabulary (for the word splitter's dictionary)."""
        return set(self.table) | {w for others in self.table.values() for w in others}

    def equivalents(self, word: str) -> tuple[str, ...]:
        return self.table.get(word, ())

    def found_in(self, term: str) -> list[tuple[int, int, str]]:
        """Known words in a normalised term, longest first at each place, not overlapping:
        (start, end, word)."""
        out, position = [], 0
        while position < len(term):
            for length in range(min(self.longest, len(term) - position), 1, -1):
                word = term[position : position + length]
                if word in self.table:
                    out.append((position, position + length, word))
                    position += length
                    break
            else:
                position += 1
        return out

    def variants(self, term: str) -> list[str]:
        """Other spellings of a normalised term: each known word in it replaced, one at a
        time, by each of its equivalents (城管养狗 → 城市管理养狗, 城管养犬 …); at most
        MAX_VARIANTS."""
        out: dict[str, None] = {}
        for start, end, word in self.found_in(term):
            for other in self.table[word]:
                out[term[:start] + other + term[end:]] = None
        out.pop(term, None)
        return list(out)[:MAX_VARIANTS]
