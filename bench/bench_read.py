"""Benchmark the read stage on shared/scans (and born-digital PDFs).

Prints:
1. character error rate (CER) of our OCR text vs ``*.ref.txt`` for the
   ``*.scan.pdf`` and ``*.photo.pdf`` files, next to bare
   ``tesseract <img> - -l vie --psm 3`` (OMP_THREAD_LIMIT=1) on
   (a) the embedded page images at their own resolution and
   (b) the very images our pipeline starts from (same pages, same dpi);
   CER = Levenshtein distance / reference length, after collapsing all
   whitespace to single spaces, summed over all pages of a kind;
2. born-digital throughput: pages per CPU-second of the process
   (``ocr="never"``), per file, for ``scans/*.digital.pdf`` and every PDF of
   ``dev-corpus/files`` (the image-only ones measure the text-layer pass
   only), and how many pages had their tables read from pdfium's page
   objects or with pdfplumber;
3. OCR time of the pipeline (render + preprocessing + tesseract + layout +
   repairs, one process) over bare tesseract on the same page images;
4. speed-up of ``jobs=2`` over ``jobs=1`` for OCR.

Usage: python bench/bench_read.py [--scans DIR] [--stems s000 s001 ...]
       [--ratio-stems s000] [--skip-cer] [--digital-only]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from extractor.read import read  # noqa: E402
from extractor.read import ocr as ocrmod  # noqa: E402

ENV = dict(os.environ, OMP_THREAD_LIMIT="1")


def collapse(text: str) -> str:
    return " ".join(text.split())


def distance(hyp: str, ref: str) -> tuple[int, int]:
    h, r = collapse(hyp), collapse(ref)
    return Levenshtein.distance(h, r), len(r)


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (tesseract runs)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bare_tesseract(png: Path) -> tuple[str, float, float]:
    """Text, wall seconds and CPU seconds of one bare tesseract run."""
    start, cpu = time.perf_counter(), cpu_seconds()
    out = subprocess.run(["tesseract", str(png), "-", "-l", "vie", "--psm", "3"],
                         capture_output=True, env=ENV, check=True)
    return out.stdout.decode("utf-8"), time.perf_counter() - start, cpu_seconds() - cpu


def native_images(pdf_path: Path, tmp: Path) -> list[Path]:
    """The embedded scan of each page, at its own resolution, as PNG."""
    import pypdfium2 as pdfium

    out = []
    pdf = pdfium.PdfDocument(str(pdf_path))
    for i in range(len(pdf)):
        page = pdf[i]
        imgs = [o for o in page.get_objects() if o.type == 3]
        pil = imgs[0].get_bitmap(render=False).to_pil() if imgs else page.render(scale=200 / 72).to_pil()
        p = tmp / f"{pdf_path.stem}.{i + 1}.native.png"
        pil.save(p)
        out.append(p)
    pdf.close()
    return out


def pipeline_images(pdf_path: Path, tmp: Path) -> list[tuple[ocrmod.OcrJob, Path]]:
    """The images our pipeline starts from (before preprocessing), as PNG."""
    import pypdfium2 as pdfium

    n = len(pdfium.PdfDocument(str(pdf_path)))
    out = []
    for i in range(n):
        job = ocrmod.OcrJob("pdf", str(pdf_path), i, i + 1)
        img, dpi = ocrmod.load_job_image(job)
        p = tmp / f"{pdf_path.stem}.{i + 1}.{dpi}dpi.png"
        img.save(p)
        out.append((job, p))
    return out


def bench_cer(scans: Path, stems: list[str], tmp: Path) -> None:
    print("== OCR character error rate (whitespace collapsed), summed over pages")
    print(f"{'kind':6s} {'file':16s} {'ours':>8s} {'bare@native':>12s} {'bare@ours-dpi':>14s}")
    for kind in ("scan", "photo"):
        tot = {"ours": [0, 0], "native": [0, 0], "same": [0, 0]}
        for stem in stems:
            pdf = scans / f"{stem}.{kind}.pdf"
            ref = (scans / f"{stem}.ref.txt").read_text(encoding="utf-8")
            doc = read(pdf, jobs=os.cpu_count())
            row = {"ours": distance(doc.text, ref)}
            row["native"] = distance("\n".join(bare_tesseract(p)[0] for p in native_images(pdf, tmp)), ref)
            row["same"] = distance("\n".join(bare_tesseract(p)[0] for _, p in pipeline_images(pdf, tmp)), ref)
            for k, (d, n) in row.items():
                tot[k][0] += d
                tot[k][1] += n
            print(f"{kind:6s} {pdf.name:16s} " + " ".join(
                f"{100 * d / n:{w}.2f}%" for (d, n), w in zip(row.values(), (7, 11, 13))), flush=True)
        print(f"{kind:6s} {'ALL':16s} " + " ".join(
            f"{100 * d / n:{w}.2f}%" for (d, n), w in zip(tot.values(), (7, 11, 13))), flush=True)


def bench_digital(files: list[Path], reps: int = 3) -> None:
    """Pages per CPU-second of ``read(ocr="never")``, per file and per group,
    and which pages had tables or table rules read by which reader."""
    print("== born-digital PDFs, one process, ocr='never' (CPU time of this process)")
    for f in files:  # warm-up (imports, caches)
        read(f, ocr="never")
    groups: dict[str, list[int | float]] = {}
    readers: dict[str, int] = {}
    for f in files:
        pages, cpu = 0, time.process_time()
        for _ in range(reps):
            doc = read(f, ocr="never")
            pages += doc.pages
        dc = time.process_time() - cpu
        n = pages // reps
        for how in doc.extra.get("table_readers", {}).values():
            key = how.split(":")[0]
            readers[key] = readers.get(key, 0) + 1
        blank = sum(1 for w in doc.warnings if "no usable text layer" in w)
        note = f"  ({blank} page(s) without a text layer; OCR is off)" if blank else ""
        print(f"{f.name:22s} {n:4d} pages  {pages / dc:7.1f} pages per CPU-second{note}", flush=True)
        g = groups.setdefault(_group(f), [0, 0.0])
        g[0] += pages
        g[1] += dc
    for name, (pages, dc) in groups.items():
        print(f"{name:22s} {pages // reps:4d} pages  {pages / dc:7.1f} pages per CPU-second", flush=True)
    print("pages with table rules, by reader: "
          + (", ".join(f"{k} {v}" for k, v in sorted(readers.items())) or "none"), flush=True)


def _group(f: Path) -> str:
    if ".digital." in f.name:
        return "ALL scans/*.digital"
    return "ALL dev-corpus PDFs"


def bench_ratio(scans: Path, stems: list[str], tmp: Path) -> None:
    print("== OCR time, pipeline (1 process) vs bare tesseract on the same page images")
    ours = bare = ours_cpu = bare_cpu = 0.0
    pages = 0
    for stem in stems:
        for kind in ("scan", "photo"):
            for job, png in pipeline_images(scans / f"{stem}.{kind}.pdf", tmp):
                # alternate the two, page by page, so machine load hits both alike
                start, cpu = time.perf_counter(), cpu_seconds()
                ocrmod.ocr_pages([job], jobs=1)
                ours += time.perf_counter() - start
                ours_cpu += cpu_seconds() - cpu
                _, wall, used = bare_tesseract(png)
                bare += wall
                bare_cpu += used
                pages += 1
    print(f"{pages} pages  wall: pipeline {ours:6.1f} s, bare {bare:6.1f} s, ratio {ours / bare:5.3f}   "
          f"CPU: pipeline {ours_cpu:6.1f} s, bare {bare_cpu:6.1f} s, ratio {ours_cpu / bare_cpu:5.3f}",
          flush=True)


def bench_jobs(pdf: Path) -> None:
    print("== OCR speed-up of jobs=2 over jobs=1")
    times = {}
    for jobs in (1, 2, 1, 2):
        start = time.perf_counter()
        doc = read(pdf, ocr="always", jobs=jobs)
        times.setdefault(jobs, []).append(time.perf_counter() - start)
    t1, t2 = min(times[1]), min(times[2])
    print(f"{pdf.name}: {doc.pages} pages  jobs=1 {t1:6.1f} s  jobs=2 {t2:6.1f} s  speed-up {t1 / t2:4.2f}x",
          flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    shared = Path(__file__).resolve().parent.parent.parent / "shared"  # shared/ beside the repository
    ap.add_argument("--scans", type=Path, default=shared / "scans")
    ap.add_argument("--corpus", type=Path, default=shared / "dev-corpus" / "files")
    ap.add_argument("--stems", nargs="*", default=["s000", "s001", "s002", "s003", "s004"])
    ap.add_argument("--ratio-stems", nargs="*", default=["s000", "s001"])
    ap.add_argument("--skip-cer", action="store_true")
    ap.add_argument("--digital-only", action="store_true", help="only the born-digital throughput")
    args = ap.parse_args()
    print(f"{ocrmod.tesseract_version()}, {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        digital = sorted(args.scans.glob("*.digital.pdf")) + sorted(args.corpus.glob("*.pdf"))
        bench_digital(digital)
        if args.digital_only:
            return
        bench_ratio(args.scans, args.ratio_stems, tmp)
        bench_jobs(args.scans / "s001.scan.pdf")
        if not args.skip_cer:
            bench_cer(args.scans, args.stems, tmp)


if __name__ == "__main__":
    main()
