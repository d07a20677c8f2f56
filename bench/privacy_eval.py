"""Quality of the privacy guard (`gongkai.catalogue.privacy.scan`) on the labelled set.

Run from the repository root:

    .venv/bin/python bench/privacy_eval.py [--misses]

Standalone: needs only the pure module, no Django. Reads
`gongkai/catalogue/tests/data/privacy_snippets.jsonl` (one snippet a line with the personal
data it contains) and prints, per kind and overall, true positives, false positives, false
negatives, precision and recall, then the targets with PASS/FAIL beside each. A finding
matches a label when kind and text are equal (offsets are not compared); each label matches
at most one finding. `--misses` also lists every false positive and false negative. Last, for
information only, the scan time over the seed documents in /work/shared/seeds.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.catalogue.privacy import KIND_LABELS, scan  # noqa: E402

DATA = ROOT / "gongkai" / "catalogue" / "tests" / "data" / "privacy_snippets.jsonl"
SEEDS = Path("/work/shared/seeds")
KINDS = tuple(KIND_LABELS)
PHONE_KINDS = ("mobile", "landline")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def __iadd__(self, other: Tally) -> Tally:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self


@dataclass
class Result:
    by_kind: dict[str, Tally] = field(default_factory=lambda: {kind: Tally() for kind in KINDS})
    misses: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # (FP|FN, kind, value, text)
    snippets: int = 0
    sources: Counter[str] = field(default_factory=Counter)
    by_source: dict[str, Tally] = field(default_factory=dict)

    def total(self, kinds: tuple[str, ...] = KINDS) -> Tally:
        tally = Tally()
        for kind in kinds:
            tally += self.by_kind[kind]
        return tally


def evaluate(path: Path = DATA) -> Result:
    result = Result()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        result.snippets += 1
        source = row["source"].split(":")[0]
        result.sources[source] += 1
        by_source = result.by_source.setdefault(source, Tally())
        # A value found twice in a snippet (a name repeated) counts once: masking it masks
        # every occurrence. The labels name each value once.
        expected = Counter({(label["kind"], label["text"]): 1 for label in row["findings"]})
        found = Counter({(finding.kind, finding.text): 1 for finding in scan(row["text"])})
        for key in expected | found:
            kind, value = key
            matched = min(expected[key], found[key])
            tally = result.by_kind[kind]
            tally.tp += matched
            tally.fp += found[key] - matched
            tally.fn += expected[key] - matched
            by_source += Tally(matched, found[key] - matched, expected[key] - matched)
            for _ in range(found[key] - matched):
                result.misses.append(("FP", kind, value, row["text"]))
            for _ in range(expected[key] - matched):
                result.misses.append(("FN", kind, value, row["text"]))
    return result


def targets(result: Result) -> list[tuple[str, float, float]]:
    """(what, measured, minimum) for each target of the privacy guard."""
    return [
        ("recall, ID numbers (checksum-valid)", result.by_kind["id_number"].recall, 0.99),
        ("recall, phone numbers (mobile + landline)", result.total(PHONE_KINDS).recall, 0.99),
        ("recall, names", result.by_kind["name"].recall, 0.90),
        ("precision, overall", result.total().precision, 0.90),
    ]


def _figures(tally: Tally) -> str:
    return (
        f"{tally.tp + tally.fn:>6} {tally.tp:>5} {tally.fp:>4} {tally.fn:>4} "
        f"{tally.precision:>7.3f} {tally.recall:>7.3f}"
    )


def _speed() -> str:
    """Scan time for the seed documents (real reports, about 50,000 characters), best of 3: for
    information only, never a target."""
    documents = sorted(SEEDS.glob("0*.txt")) if SEEDS.is_dir() else []
    if not documents:
        return "speed: seed documents not found, not measured"
    text = "\n".join(path.read_text(encoding="utf-8") for path in documents)
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        findings = scan(text)
        runs.append(time.perf_counter() - started)
    best = min(runs)
    return (
        f"speed: {len(documents)} seed documents, {len(text):,} characters, {len(findings)} "
        f"finding(s): best of 3 {best * 1000:.1f} ms ({len(text) / best / 1e6:.2f} M chars/s)"
    )


def main() -> int:
    """`--data FILE`: another labelled set of the same format (privacy_dev.jsonl,
    privacy_heldout.jsonl: written apart from the guard, see docs/benchmarks.md)."""
    args = sys.argv[1:]
    path = Path(args[args.index("--data") + 1]).resolve() if "--data" in args else DATA
    result = evaluate(path)
    sources = ", ".join(f"{name} {count}" for name, count in sorted(result.sources.items()))
    print(f"Labelled set: {path.relative_to(ROOT)}")
    print(f"Snippets: {result.snippets} ({sources})")
    print()
    print(f"{'':<14} {'labels':>6} {'TP':>5} {'FP':>4} {'FN':>4} {'P':>7} {'R':>7}")
    rows = [(kind, KIND_LABELS[kind], result.by_kind[kind]) for kind in KINDS]
    rows.append(("phone", "mobile + landline", result.total(PHONE_KINDS)))
    rows.append(("overall", "", result.total()))
    for kind, label, tally in rows:
        print(f"{kind:<14} {_figures(tally)}  {label}".rstrip())
    print()
    print("by source:")
    for source, tally in sorted(result.by_source.items()):
        print(f"{source:<14} {_figures(tally)}  {result.sources[source]} snippets")
    print()
    for what, measured, minimum in targets(result):
        verdict = "PASS" if measured >= minimum else "FAIL"
        print(f"{what:<44} {measured:.3f} (target ≥ {minimum:.2f})  {verdict}")
    print()
    print(_speed())
    if "--misses" in sys.argv[1:]:
        print()
        for kind_of_miss, kind, value, text in result.misses:
            print(f"{kind_of_miss} {kind:<10} {value!r:<28} in {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
