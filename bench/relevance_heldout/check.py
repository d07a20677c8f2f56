"""Validate the held-out relevance set (standard library only).

Run: python bench/relevance_heldout/check.py
Exits non-zero and prints every problem found; prints the counts otherwise.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent

CATEGORIES = {
    "通知公告",
    "政策文件",
    "政策解读",
    "财政信息",
    "行政执法",
    "规划计划",
    "人事信息",
    "统计信息",
    "应急管理",
    "其他",
}
DOC_FIELDS = {
    "id": str,
    "title": str,
    "document_number": str,
    "body": str,
    "category": str,
    "published_on": str,
    "script": str,
    "source_note": str,
}
KINDS = {
    "doc_number",
    "title",
    "phrase",
    "topic",
    "abbreviation",
    "traditional",
    "place",
    "name",
}
# Minimum counts asked for by the brief.
MINIMUM_DOCUMENTS = 200
MINIMUM_QUERIES = 140
MINIMUM_PER_KIND = {"topic": 30, "abbreviation": 20, "traditional": 20, "place": 10}
BODY_LENGTH = (150, 600)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_jsonl(path: Path, problems: list[str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            problems.append(f"{path.name}:{number}: empty line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{path.name}:{number}: not JSON ({error})")
            continue
        if not isinstance(row, dict):
            problems.append(f"{path.name}:{number}: not an object")
            continue
        rows.append(row)
    return rows


def check_documents(docs: list[dict[str, object]], problems: list[str]) -> set[str]:
    ids: Counter[str] = Counter()
    for doc in docs:
        name = str(doc.get("id", "?"))
        if set(doc) != set(DOC_FIELDS):
            problems.append(f"document {name}: fields {sorted(doc)} != {sorted(DOC_FIELDS)}")
        for field, kind in DOC_FIELDS.items():
            if field in doc and not isinstance(doc[field], kind):
                problems.append(f"document {name}: {field} is not a string")
        ids[name] += 1
        if not re.fullmatch(r"h\d{3}", name):
            problems.append(f"document {name}: id is not hNNN")
        for field in ("title", "body", "source_note"):
            if not str(doc.get(field, "")).strip():
                problems.append(f"document {name}: empty {field}")
        length = len(str(doc.get("body", "")))
        if not BODY_LENGTH[0] <= length <= BODY_LENGTH[1]:
            problems.append(f"document {name}: body has {length} characters")
        if doc.get("category") not in CATEGORIES:
            problems.append(f"document {name}: category {doc.get('category')!r}")
        if doc.get("script") not in ("simplified", "traditional"):
            problems.append(f"document {name}: script {doc.get('script')!r}")
        if not DATE.match(str(doc.get("published_on", ""))):
            problems.append(f"document {name}: published_on {doc.get('published_on')!r}")
    for name, count in ids.items():
        if count > 1:
            problems.append(f"document id {name} used {count} times")
    return set(ids)


def check_queries(queries: list[dict[str, object]], doc_ids: set[str], problems: list[str]) -> None:
    ids: Counter[str] = Counter()
    texts: Counter[tuple[str, str]] = Counter()
    for query in queries:
        name = str(query.get("id", "?"))
        ids[name] += 1
        if set(query) != {"id", "kind", "query", "relevant"}:
            problems.append(f"query {name}: fields {sorted(query)}")
        if not re.fullmatch(r"q\d{3}", name):
            problems.append(f"query {name}: id is not qNNN")
        if query.get("kind") not in KINDS:
            problems.append(f"query {name}: kind {query.get('kind')!r}")
        text = query.get("query")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"query {name}: empty query")
        else:
            texts[(str(query.get("kind")), text)] += 1
        relevant = query.get("relevant")
        if not isinstance(relevant, list) or not relevant:
            problems.append(f"query {name}: relevant must be a non-empty list")
            continue
        if len(set(relevant)) != len(relevant):
            problems.append(f"query {name}: relevant has duplicates")
        for doc_id in relevant:
            if doc_id not in doc_ids:
                problems.append(f"query {name}: relevant id {doc_id!r} does not exist")
    for name, count in ids.items():
        if count > 1:
            problems.append(f"query id {name} used {count} times")
    for (kind, text), count in texts.items():
        if count > 1:
            problems.append(f"query {text!r} ({kind}) appears {count} times")


def main() -> int:
    problems: list[str] = []
    docs = read_jsonl(HERE / "documents.jsonl", problems)
    queries = read_jsonl(HERE / "queries.jsonl", problems)
    doc_ids = check_documents(docs, problems)
    check_queries(queries, doc_ids, problems)

    kinds = Counter(str(q.get("kind")) for q in queries)
    scripts = Counter(str(d.get("script")) for d in docs)
    categories = Counter(str(d.get("category")) for d in docs)
    traditional_share = scripts["traditional"] / len(docs) if docs else 0.0

    if len(docs) < MINIMUM_DOCUMENTS:
        problems.append(f"{len(docs)} documents, fewer than {MINIMUM_DOCUMENTS}")
    if len(queries) < MINIMUM_QUERIES:
        problems.append(f"{len(queries)} queries, fewer than {MINIMUM_QUERIES}")
    for kind, minimum in MINIMUM_PER_KIND.items():
        if kinds[kind] < minimum:
            problems.append(f"{kinds[kind]} {kind} queries, fewer than {minimum}")
    if not 0.2 <= traditional_share <= 0.35:
        problems.append(f"traditional share {traditional_share:.1%} is not about a quarter")

    print(f"documents: {len(docs)}")
    print(f"  scripts: {dict(scripts)} (traditional {traditional_share:.1%})")
    print(f"  categories: {dict(sorted(categories.items()))}")
    print(f"queries: {len(queries)}")
    for kind in sorted(KINDS):
        print(f"  {kind}: {kinds[kind]}")
    relevant_counts = [
        len(relevant) for q in queries if isinstance(relevant := q.get("relevant"), list)
    ]
    if relevant_counts:
        print(
            "  relevant per query: "
            f"min {min(relevant_counts)}, max {max(relevant_counts)}, "
            f"mean {sum(relevant_counts) / len(relevant_counts):.2f}"
        )
    if problems:
        print(f"{len(problems)} problem(s):")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
