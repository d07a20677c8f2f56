"""Text normalisation for search, applied alike to what is indexed and to what people type.
Pure: no Django.

1. Traditional → Simplified with OpenCC's own dictionaries (``t2s``): 慶政發 → 庆政发.
2. Full-width → half-width: ［２００５］ → [2005], ＡＢＣ → ABC, the ideographic space → " ".
3. Document numbers (文号) in one form: the year in square brackets, whatever brackets were
   typed, and no spaces: 慶政發〔2005〕32號, 庆政发（2005）32号, 庆政发 [2005] 32 号 all become
   庆政发[2005]32号.
4. Case folding.

OpenCC's pure-Python converter takes about 5 µs a character, too slow for a catalogue of a
million items. Almost all of its work is a character table, so that is done with
``str.translate``; the converter proper runs only on the stretches of text that hold a
character whose phrase-level conversion differs from the table (乾, 瞭, 著 ...), which gives
the same output as OpenCC, a hundred times faster on Traditional text and at the cost of one
set test on Simplified text.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import opencc

_DICTIONARIES = Path(opencc.__file__).parent / "dictionary"

# Half-width forms of the full-width ASCII block (U+FF01–U+FF5E) and the ideographic space.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# A year between brackets, inside a document number: 〔2005〕 [2005] ［2005］ (2005) （2005）
# 【2005】 〖2005〗 (full-width forms are already half-width when this runs). Spaces around
# the parts of a document number are dropped: "庆政发 [2005] 32 号".
_DOC_YEAR = re.compile(
    r"(?<=[\u3400-\u9fff])\s*[\[(〔【〖]\s*((?:19|20)\d\d)\s*[\])〕】〗]\s*(?=第?\d{1,6}\s*号)"
)
_DOC_SERIAL = re.compile(r"(?<=\])(第?\d{1,6})\s+号")
_SPACES = re.compile(r"\s+")


def _read(name: str) -> dict[str, str]:
    table = {}
    with (_DICTIONARIES / name).open(encoding="utf-8") as lines:
        for line in lines:
            key, _, values = line.rstrip("\n").partition("\t")
            if key and values:
                table[key] = values.split(" ")[0]
    return table


_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


@cache
def _opencc() -> tuple[dict[int, str], frozenset[str], re.Pattern[str], opencc.OpenCC]:
    characters = _read("TSCharacters.txt")
    phrases = _read("TSPhrases.txt")
    table = {ord(key): value for key, value in characters.items() if len(key) == 1}
    # Characters where a phrase converts differently from the table: only text holding one
    # of them needs OpenCC's phrase matching.
    triggers: set[str] = set()
    for key, value in phrases.items():
        by_table = key.translate(table)
        if by_table == value:
            continue
        if len(by_table) == len(value):
            triggers.update(k for k, t, v in zip(key, by_table, value, strict=True) if t != v)
        else:
            triggers.update(key)
    # A phrase never spans a character that is in no dictionary key, so text can be cut there
    # and converted piece by piece.
    known = {char for key in (*characters, *phrases) for char in key}
    pieces = re.compile("[" + "".join(sorted(re.escape(c) for c in known)) + "]+")
    return table, frozenset(triggers), pieces, opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified, exactly as OpenCC's ``t2s`` converts it."""
    table, triggers, pieces, converter = _opencc()
    if triggers.isdisjoint(text):
        return text.translate(table)
    return pieces.sub(
        lambda m: (
            m.group().translate(table)
            if triggers.isdisjoint(m.group())
            else converter.convert(m.group())
        ),
        text,
    )


def fold_width(text: str) -> str:
    return text.translate(_WIDTH) if _FULL_WIDTH.search(text) else text


def canonical_doc_numbers(text: str) -> str:
    """Bring document numbers to one written form: 庆政发[2005]32号 (after width folding and
    conversion to Simplified)."""
    if "号" not in text:
        return text
    return _DOC_SERIAL.sub(r"\1号", _DOC_YEAR.sub(r"[\1]", text))


def normalise(text: str) -> str:
    """What both the index and the query see."""
    return canonical_doc_numbers(fold_width(to_simplified(text))).casefold()


def doc_number_key(text: str) -> str:
    """A document number reduced to what identifies it, for exact matching: normalised and
    without spaces."""
    return _SPACES.sub("", normalise(text))
