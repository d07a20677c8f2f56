"""Information often applied for (Art. 44): several applicants asking one agency for the same
information. Pure: no Django.

Two applications ask for "the same information" when the sets of bigrams of their
descriptions (the search tokeniser's bigrams, `gongkai.search.tokenise`, over the text folded
to half width) overlap enough: Jaccard |A ∩ B| / |A ∪ B| ≥ `threshold` (0.75 by default),
after the words every application starts with (申请公开, 请求公开, 请公开…) are removed.
Groups are the connected components of that relation (single linkage): A like B and B like C
puts A, B and C together. A group counts when it holds applications from at least
`min_applicants` different applicants.

Readings beyond the article, decided here:
- "several applicants" is 2 or more *different* applicants (the article's 多个; one person
  applying three times is not several); a supervising office may ask for more;
- the applicant is told apart by name alone, folded to half width and without spaces;
- descriptions shorter than 4 characters are not compared (too little to say "the same");
- 0.75 keeps apart the same request about two places (南湖小区 / 建设大道 道路改造工程的招标文件:
  0.65; 滨江花园 / 南湖小区 在建商品房项目的预售许可证及监管账户信息: 0.70) and keeps together
  the same words with a year changed (2025 / 2026 年保障性租赁住房分配名单及审核标准: 0.90).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.search.normalise import fold_width
from gongkai.search.tokenise import Bigram

THRESHOLD = 0.75
MIN_APPLICANTS = 2
MIN_LENGTH = 4
_BIGRAM = Bigram()


@dataclass(frozen=True)
class Case:
    id: int
    applicant: str
    description: str


@dataclass(frozen=True)
class Group:
    cases: tuple[Case, ...]  # in the order given
    applicants: int

    @property
    def signature(self) -> str:
        """A stable key for the group: its smallest case id."""
        return str(min(case.id for case in self.cases))


_BOILERPLATE = re.compile(r"^(?:本人|我|我们|特此)?(?:依法)?(?:申请|请求|要求|请)?(?:予以)?公开")


def bigrams(text: str) -> frozenset[str]:
    """The two-character tokens of a description without its opening words (single
    characters and punctuation dropped)."""
    text = _BOILERPLATE.sub("", fold_width(text).strip())
    return frozenset(t for t in _BIGRAM.tokens(text) if len(t) >= 2)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _applicant(name: str) -> str:
    return "".join(fold_width(name).split())


def group_similar(
    cases: Sequence[Case],
    *,
    threshold: float = THRESHOLD,
    min_applicants: int = MIN_APPLICANTS,
) -> list[Group]:
    """The groups of similar applications with at least `min_applicants` applicants, largest
    first (then by their first case)."""
    usable = [c for c in cases if len(c.description.strip()) >= MIN_LENGTH]
    grams = [bigrams(c.description) for c in usable]
    parent = list(range(len(usable)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(usable)):
        for j in range(i + 1, len(usable)):
            if jaccard(grams[i], grams[j]) >= threshold:
                parent[root(j)] = root(i)
    members: dict[int, list[Case]] = {}
    for i, case in enumerate(usable):
        members.setdefault(root(i), []).append(case)
    groups = []
    for group in members.values():
        applicants = len({_applicant(c.applicant) for c in group})
        if len(group) >= 2 and applicants >= min_applicants:
            groups.append(Group(tuple(group), applicants))
    return sorted(groups, key=lambda g: (-len(g.cases), min(c.id for c in g.cases)))
