"""Benchmark: file bombs against the attachment checks, before and after the file limits.

    .venv/bin/python bench/file_bombs.py [--before] [--before-seconds 30] [--only NAME ...]

For each bomb (generated into a temporary directory, small on disk, see
`gongkai/core/tests/bombs.py`) a fresh process runs what the server and the task worker do
with an attachment, and reports the time to refusal and the peak resident memory (VmHWM):

- after: `catalogue.attachments.check` (the cheap checks, in the request) and, when the file
  passes them, `catalogue.attachments.extract_text` (the worker's extraction in a child
  process under `core.file_limits`); the request process's peak RSS and the extraction
  child's peak RSS are printed separately;
- before (`--before`): main's `catalogue/attachments.py` as it was before the limits (read with
  `git show 4a4e77f:...`), `check` then `extract_text`, all in one process, as the request did.
  Bounded so that the benchmark cannot take the machine down: the process is given
  `--before-memory` MB of address space (default 3072) and killed after `--before-seconds`;
  a run stopped by either is printed as such ("> 30 s", "MemoryError at 3072 MB").
  The 1 GB DOCX is not run before: the issue's figure (about 8 minutes and 10 GB) stands.

Nothing is asserted; figures are printed for docs/benchmarks.md. No network.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024
BEFORE_COMMIT = "4a4e77f"  # main before the file limits

BOMBS = {
    "docx-1gb": ("DOCX, document.xml unpacks to 1 GB", "docx_bomb", {"size": 1024 * MB}),
    "zip-100k": ("ZIP (DOCX) with 100,000 members", "zip_members_bomb", {"members": 100_000}),
    "xlsx-rows": ("XLSX, 150,000 rows", "xlsx_rows_bomb", {"rows": 150_000}),
    "xlsx-wide": ("XLSX, A1:XFD1048576, a cell in column 16,384", "xlsx_wide_bomb", {}),
    "pdf-pages": ("PDF, 100,000 pages", "pdf_pages_bomb", {"pages": 100_000}),
    "pdf-flate": ("PDF, one stream inflating to 1 GB", "pdf_flate_bomb", {"size": 1024 * MB}),
    "png": ("PNG claiming 100,000 × 100,000 pixels", "png_bomb", {}),
    "jpeg": ("JPEG claiming 65,000 × 65,000 pixels", "jpeg_bomb", {}),
}
SKIP_BEFORE = {"docx-1gb": "issue 14: about 8 min, 10 GB"}


def _old_attachments() -> types.ModuleType:
    source = subprocess.run(  # noqa: S603 - git, fixed arguments
        ["git", "show", f"{BEFORE_COMMIT}:gongkai/catalogue/attachments.py"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    module = types.ModuleType("old_attachments")
    exec(compile(source, "old_attachments.py", "exec"), module.__dict__)  # noqa: S102
    return module


def run_one(path: str, mode: str, memory_mb: int) -> None:
    """In a fresh process: check, then extract; print one JSON line."""
    data = Path(path).read_bytes()
    if mode == "before":
        files = _old_attachments()
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * MB, memory_mb * MB))
    else:
        from gongkai.catalogue import attachments as files
    from gongkai.core import file_limits

    stats: dict[str, int] = {}
    started = time.perf_counter()
    outcome = ""
    try:
        mime = files.check(data, "bomb")
        if mode == "before":
            files.extract_text(data, mime)
        else:  # what catalogue.attachments.extract_text does, with the child's figures
            try:
                file_limits.extract_text_limited(data, mime, stats=stats)
            except file_limits.FileLimitError as error:
                raise files.AttachmentError(str(error)) from None
        outcome = "accepted"
    except files.AttachmentError as error:
        outcome = f"refused: {error}"
    except MemoryError:
        outcome = f"MemoryError at {memory_mb} MB"
    elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "rss_mb": file_limits.peak_rss_kb() / 1024,
                "child_rss_mb": stats.get("peak_rss_kb", 0) / 1024,
                "outcome": outcome,
            },
            ensure_ascii=False,
        )
    )


def measure(path: Path, mode: str, seconds: float, memory_mb: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    try:
        done = subprocess.run(  # noqa: S603 - this script, fixed arguments
            [sys.executable, __file__, "--run", str(path), mode, str(memory_mb)],
            capture_output=True,
            text=True,
            timeout=seconds,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"outcome": f"> {seconds:g} s, killed", "seconds": None}
    lines = done.stdout.strip().splitlines()
    if not lines:
        tail = done.stderr.strip().splitlines()[-1:] or ["?"]
        return {"outcome": f"died: {tail[0][:80]}", "seconds": time.perf_counter() - started}
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", action="store_true", help="also run main's old code")
    parser.add_argument("--before-seconds", type=float, default=30)
    parser.add_argument("--before-memory", type=int, default=3072, help="MB")
    parser.add_argument("--only", nargs="*", choices=sorted(BOMBS))
    parser.add_argument("--run", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_one(args.run[0], args.run[1], int(args.run[2]))
        return

    from gongkai.core.tests import bombs

    print(f"python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as directory:
        for name in args.only or BOMBS:
            label, maker, kwargs = BOMBS[name]
            path = Path(directory) / name
            path.write_bytes(getattr(bombs, maker)(**kwargs))
            size = path.stat().st_size
            print(f"\n{name}: {label} — {size / MB:.2f} MB on disk")
            modes = ["after"] + (["before"] if args.before else [])
            for mode in modes:
                if mode == "before" and name in SKIP_BEFORE:
                    print(f"  before: not run ({SKIP_BEFORE[name]})")
                    continue
                timeout = args.before_seconds if mode == "before" else 300
                result = measure(path, mode, timeout, args.before_memory)
                if result.get("seconds") is None:
                    print(f"  {mode}: {result['outcome']}")
                    continue
                child = result.get("child_rss_mb") or 0
                rss = result.get("rss_mb", 0)
                print(
                    f"  {mode}: {result['seconds']:.2f} s, peak RSS {rss:.0f} MB"
                    + (f" (extraction child {child:.0f} MB)" if child else "")
                    + f" — {result['outcome']}"
                )


if __name__ == "__main__":
    main()
