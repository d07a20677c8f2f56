"""What a person typed → normalised search terms, and matches marked in text. Pure: no
Django.

Any input gives an answer: nothing typed, ten thousand characters, or a string of search
syntax (`" AND OR NOT * ( ) : ^ -`). Brackets and operators are not syntax here: the words in
them are searched as words, and whatever holds no letter or digit is dropped. Quotation marks
("…", “…”, 「…」, 『…』) are the one piece of syntax: what they enclose is searched exactly as
written, never cut into words nor widened with the vocabulary (gongkai.search.plan).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from gongkai.search.normalise import doc_number_key, normalise
from gongkai.search.tokenise import segments

MAX_QUERY_CHARS = 100
MAX_TERMS = 10
# Written in capitals these are the operators of search engines; people type them expecting
# that, never to find the English word. "与/或/非" are ordinary Chinese and stay.
OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})

EMPTY = "请输入检索词（标题、文号、关键词或正文中的字词）"
NOTHING = "检索词中没有可检索的文字或数字，请换一个检索词"
TOO_LONG = f"检索词过长，已按前{MAX_QUERY_CHARS}个字检索"
TOO_MANY = f"检索词过多，已按前{MAX_TERMS}个检索"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # NUL and the like: never searched, never stored


# A quoted phrase: ASCII, curly and corner quotes, each closed by its own mark.
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # as typed (cut to MAX_QUERY_CHARS)
    terms: tuple[str, ...]  # normalised; every term must match
    notice: str = ""  # for the person: why nothing was searched, or what was cut
    quoted: frozenset[str] = frozenset()  # the terms that were typed between quotation marks

    @property
    def key(self) -> str:
        """The whole query as an exact document number or title would be keyed."""
        return doc_number_key(self.text)

    def needles(self) -> list[str]:
        """Strings to mark in results: each term and its words (at least two characters,
        unless the term is a single character), longest first."""
        found = set()
        for term in self.terms:
            pieces = segments(term)
            if "".join(pieces) != term:
                found.add(term)
            found.update(p for p in pieces if len(p) > 1 or len(term) == 1)
        return sorted(found, key=lambda s: (-len(s), s))


def parse(typed: str | None) -> ParsedQuery:
    text = _CONTROL.sub(" ", typed or "").strip()
    notices = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(TOO_LONG)
    if not text:
        return ParsedQuery("", (), EMPTY)
    quoted: list[str] = []

    def take(match: re.Match[str]) -> str:
        inner = " ".join(normalise(next(g for g in match.groups() if g is not None)).split())
        if segments(inner):
            quoted.append(inner)
        return " "

    rest = _QUOTED.sub(take, text)
    words = [word for word in rest.split() if word not in OPERATORS]
    unquoted = [t for t in normalise(" ".join(words)).split() if segments(t)]
    terms = list(dict.fromkeys([*quoted, *unquoted]))
    if not terms:
        return ParsedQuery(text, (), NOTHING)
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        notices.append(TOO_MANY)
    return ParsedQuery(text, tuple(terms), "；".join(notices), frozenset(quoted) & set(terms))


def highlight(
    text: str, needles: list[str], width: int | None = None, normal: str | None = None
) -> str:
    """HTML: `text` escaped, each occurrence of a needle (normalised) in <mark>. With
    `width`, only about that many characters around the first match (or from the start).
    `normal`: the text already normalised, if the caller has it."""
    normal = normalise(text) if normal is None else normal
    if len(normal) != len(text):
        text = normal  # normalisation changed lengths (rare): show the normalised text
    spans = []
    if needles:
        pattern = re.compile("|".join(re.escape(n) for n in needles))
        spans = [m.span() for m in pattern.finditer(normal)]
    start, end = 0, len(text)
    if width is not None and len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - width // 5, len(text) - width))
        end = start + width
    out, position = [], start
    for left, right in spans:
        if right <= start or left < position:
            continue
        if left >= end:
            break
        right = min(right, end)
        out.append(html.escape(text[position:left]))
        out.append(f"<mark>{html.escape(text[left:right])}</mark>")
        position = right
    out.append(html.escape(text[position:end]))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")
