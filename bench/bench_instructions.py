"""Instructions per pass of the text path, counted by valgrind (not a test).

This machine is shared and its speed drifts by up to 1.5x within minutes, so
two timings of the same code can differ more than two versions of the code do.
The number of machine instructions a pass executes does not drift: this
script runs the text path over corpus/docs under ``valgrind --tool=cachegrind``
and prints the instructions of one pass (imports and warm-up subtracted), for
read+normalise+segment+metadata and for the whole path, and with ``--against
REV`` the same for a git revision, with the ratio. Fewer instructions is not
always less time (cache misses, branch mispredictions), but on this pure-Python
path the two moved together.

Run: python bench/bench_instructions.py [--against REV] [--passes 2]
Needs valgrind (``apt-get install valgrind``); takes about a minute per version.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs in the child: the package ``pkg`` from ``path``, ``passes`` passes of ``mode``.
CHILD = r"""
import importlib, sys
path, pkg, mode, passes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, path)
sys.path.insert(0, {root!r})
from bench.bench_text import clear_line_caches, corpus_texts
read = importlib.import_module(pkg + ".read")
norm = importlib.import_module(pkg + ".normalize")
seg = importlib.import_module(pkg + ".segment")
meta = importlib.import_module(pkg + ".metadata")
pipe = importlib.import_module(pkg + ".pipeline")
texts = corpus_texts()
def foundation(t):
    n = norm.normalize(read.read_string(t))
    meta.find_metadata(n, seg.segment(n))
def whole(t):
    pipe.extract_raw(read.read_string(t))
fn = foundation if mode == "foundation" else whole
for t in texts:  # warm-up: lazy imports, compiled patterns
    whole(t)
for _ in range(passes):
    for t in texts:
        clear_line_caches()
        fn(t)
"""


def count(python: str, path: Path, pkg: str, mode: str, passes: int) -> int:
    """Instructions of the child run (valgrind's "I refs")."""
    out = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         python, "-c", CHILD.format(root=str(ROOT)), str(path), pkg, mode, str(passes)],
        capture_output=True, text=True, check=True,
    )
    m = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if not m:
        raise SystemExit(f"bench_instructions: no instruction count in valgrind's output:\n{out.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def per_pass(python: str, path: Path, pkg: str, passes: int) -> dict[str, float]:
    """Millions of instructions of one pass, per mode (0 passes subtracted)."""
    jobs = [(mode, n) for mode in ("foundation", "whole") for n in (0, passes)]
    with ThreadPoolExecutor(max_workers=2) as ex:
        counts = dict(zip(jobs, ex.map(lambda j: count(python, path, pkg, j[0], j[1]), jobs)))
    return {mode: (counts[(mode, passes)] - counts[(mode, 0)]) / passes / 1e6 for mode in ("foundation", "whole")}


def export(rev: str, into: Path) -> Path:
    """The package and rules of ``rev`` under ``into``, the package renamed ``extractor_base``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "extractor", "rules"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    (into / "extractor").rename(into / "extractor_base")
    return into


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--against", metavar="REV", help="a git revision to compare with (e.g. HEAD~3)")
    ap.add_argument("--passes", type=int, default=2, help="passes over corpus/docs per count (default 2)")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("bench_instructions: valgrind is not installed (apt-get install valgrind)")
    python = str(Path(sys.executable).resolve())  # not a shell shim: valgrind must see Python itself
    size = sum(len(p.read_bytes()) for p in (ROOT / "corpus" / "docs").glob("*") if p.suffix in (".txt", ".md"))
    print(f"text: corpus/docs, {size / 1e6:.2f} MB; millions of instructions per pass (valgrind cachegrind)")
    here = per_pass(python, ROOT, "extractor", args.passes)
    print(f"this tree:  read+normalise+segment+metadata {here['foundation']:8.1f}   whole path {here['whole']:8.1f}")
    if args.against:
        with tempfile.TemporaryDirectory() as tmp:
            base = per_pass(python, export(args.against, Path(tmp)), "extractor_base", args.passes)
        print(f"{args.against:10s}  read+normalise+segment+metadata {base['foundation']:8.1f}   "
              f"whole path {base['whole']:8.1f}")
        print(f"ratio {args.against} / this tree: read+normalise+segment+metadata "
              f"{base['foundation'] / here['foundation']:.3f}, whole path {base['whole'] / here['whole']:.3f}")


if __name__ == "__main__":
    main()
