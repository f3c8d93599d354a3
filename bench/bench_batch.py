"""Throughput of ``extract batch``: documents/s and pages/s for --jobs 1 vs 2.

Builds an archive of text variants of corpus/docs (each made unique, so
nothing is reused by content hash), optionally with PDFs, runs the batch
with each --jobs value into a fresh output and prints the wall-clock rates
(worker start-up included), the speed-up and the peak RSS of a worker.

    python bench/bench_batch.py                 # 360 text documents, 3 rounds of --jobs 1, 2
    python bench/bench_batch.py --docs 300 --pdf 20 --jobs 1 2 --repeat 5

The machine is shared and its speed drifts from minute to minute, so a
single pair of runs can say 1.55x or 2.1x; rounds alternate the --jobs
values and the median speed-up is the figure to quote.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.batch import Summary, run  # noqa: E402


def build(folder: Path, n_docs: int, n_pdf: int) -> None:
    docs = sorted((ROOT / "corpus" / "docs").glob("*"))
    for i in range(n_docs):
        doc = docs[i % len(docs)]
        p = folder / f"batch{i // 50:02d}" / f"{i:04d}-{doc.name}"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(doc.read_bytes() + f"\n\nBản số {i}.\n".encode())
    if n_pdf:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen import canvas

        font = "Helvetica"
        ttf = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
        if ttf.exists():
            pdfmetrics.registerFont(TTFont("DejaVu", str(ttf)))
            font = "DejaVu"
        (folder / "pdf").mkdir(exist_ok=True)
        for i in range(n_pdf):
            lines = docs[i % len(docs)].read_text(encoding="utf-8").splitlines()
            c = canvas.Canvas(str(folder / "pdf" / f"{i:04d}.pdf"))
            for page in range(0, min(len(lines), 160), 40):
                c.setFont(font, 10)
                for k, line in enumerate(lines[page:page + 40]):
                    c.drawString(40, 800 - 19 * k, line[:100])
                c.showPage()
            c.save()


def bench(folder: Path, jobs: int, out: Path) -> Summary:
    summary = Summary()
    for rec in run([folder], out=out, jobs=jobs, force=True):
        summary.add(rec)
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=360, help="text documents (default 360)")
    ap.add_argument("--pdf", type=int, default=0, help="PDF documents of up to 4 pages (default 0)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to compare")
    ap.add_argument("--repeat", type=int, default=3,
                    help="rounds over the --jobs values (default 3); the median speed-up is reported")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "archive"
        build(folder, args.docs, args.pdf)
        print(f"archive: {args.docs} text + {args.pdf} PDF documents; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.2f}")
        print(f"{'jobs':>4} {'seconds':>8} {'docs/s':>8} {'pages/s':>8} {'failed':>6} {'RSS/worker':>11} "
              f"{'speed-up':>8} {'worker CPU s':>12} {'CPU use':>8} {'parent CPU s':>12}")
        speedups: dict[int, list[float]] = {j: [] for j in args.jobs}
        for _round in range(args.repeat):
            base = None
            for jobs in args.jobs:
                base = _one_run(folder, Path(tmp), jobs, base, speedups)
        for jobs, values in speedups.items():
            if jobs != args.jobs[0]:
                print(f"--jobs {jobs} over --jobs {args.jobs[0]}: median {statistics.median(values):.2f}x "
                      f"(rounds: {', '.join(f'{v:.2f}' for v in values)})")


def _one_run(folder: Path, tmp: Path, jobs: int, base: float | None, speedups: dict) -> float:
    """One batch with ``jobs`` workers; prints its row and returns the docs/s base of the round."""
    cpu0, own0 = _children_cpu(), time.process_time()
    t = time.perf_counter()
    s = bench(folder, jobs, tmp / f"out-{jobs}.jsonl")
    wall = time.perf_counter() - t
    cpu = _children_cpu() - cpu0
    own = time.process_time() - own0  # the parent: walking, hashing, writing the output
    n = s.done + s.failed
    base = base or n / wall
    # CPU use = worker CPU time / (wall x jobs): below 100% means waiting (start-up,
    # the parent, or other programs competing for the cores)
    print(f"{jobs:>4} {wall:>8.2f} {n / wall:>8.1f} {s.pages / wall:>8.1f} {s.failed:>6} "
          f"{s.max_rss_mb:>8.0f} MB {(n / wall) / base:>7.2f}x {cpu:>12.1f} {cpu / wall / jobs:>7.0%} {own:>12.2f}")
    speedups[jobs].append((n / wall) / base)
    return base


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


if __name__ == "__main__":
    main()
