"""Benchmark the search index: indexing speed and search latency.

Extracts the documents of corpus/docs once, writes N variant records (new
source paths, hashes, numbers, titles and dates) to a .jsonl, indexes them
into a fresh SQLite database and times a set of queries.

    python bench/bench_index.py            # 5,000 documents
    python bench/bench_index.py -n 500 --keep out.sqlite
    python bench/bench_index.py --search-only out.sqlite   # time searches only
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.index.filters import DocFilter  # noqa: E402
from extractor.index.search import search  # noqa: E402
from extractor.index.store import connect, index_results, iter_jsonl  # noqa: E402
from extractor.pipeline import extract  # noqa: E402

QUERIES = [
    ("giáo dục", {}),
    ("giao duc", {}),
    ("đào tạo", {}),
    ("dao tao", {}),
    ("khuyến học", {}),
    ("tuyên truyền", {"doc_type": "KH"}),
    ('"xã hội học tập"', {}),
    ("học sinh bỏ học", {}),
    ("ô nhiễm không khí", {}),
    ("tín ngưỡng tôn giáo", {"doc_type": "QĐ"}),
    ("đại lý internet", {}),
    ("chuyển đổi số", {"date_from": "2020-01-01"}),
    ("Phòng Văn hóa", {"issuer": "UBND"}),
    ("công nghiệp văn hóa", {}),
    ("nhập ngũ", {}),
    ("kinh phí", {"date_from": "2022", "date_to": "2024-12"}),
    ("tuyên*", {}),
    ("trường học", {}),
    ("Chi Lăng", {}),
    ("mô hình cải cách hành chính", {}),
]

PLACES = ["Chi Lăng", "Tam Thanh", "Vĩnh Bảo", "Hà Quảng", "Ninh Bình", "Đà Lạt", "Thái Nguyên", "Đông Anh"]


def variants(base: list[dict], n: int, seed: int = 7):
    """``n`` records derived from ``base`` with distinct ids, hashes, titles and dates."""
    rng = random.Random(seed)
    for i in range(n):
        rec = copy.deepcopy(base[i % len(base)])
        src, doc = rec["source"], rec["document"]
        name = Path(src.get("path") or "doc.txt").name
        src["path"] = f"variants/{i:05d}-{name}"
        src["sha256"] = hashlib.sha256(f"{i}:{src.get('sha256')}".encode()).hexdigest()
        year = rng.randint(2015, 2025)
        doc["issued_date"] = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        doc["number"] = str(i + 1)
        if doc.get("symbol"):
            doc["number_symbol"] = f"{i + 1}/{doc['symbol']}"
        doc["title"] = f"{doc.get('title') or 'Văn bản'} tại {rng.choice(PLACES)} ({year})"
        yield rec


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5000, help="number of variant documents")
    ap.add_argument("--rounds", type=int, default=10, help="times each query is run")
    ap.add_argument("--keep", type=Path, help="keep the database here")
    ap.add_argument("--search-only", type=Path, metavar="DB", help="only time searches on this index")
    args = ap.parse_args()
    if args.search_only:
        conn = connect(args.search_only, create=False)
        n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        print(f"{args.search_only}: {n} documents")
        time_searches(conn, args.rounds)
        return 0

    docs = sorted((ROOT / "corpus" / "docs").glob("*.*"))
    t0 = time.perf_counter()
    base = [extract(p).to_dict() for p in docs]
    print(f"extracted {len(base)} corpus documents in {time.perf_counter() - t0:.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "variants.jsonl"
        with jsonl.open("w", encoding="utf-8") as fh:
            for rec in variants(base, args.n):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"wrote {args.n} variant records ({jsonl.stat().st_size / 1e6:.1f} MB of JSON Lines)")

        db = args.keep or Path(tmp) / "bench.sqlite"
        if db.exists():
            db.unlink()
        conn = connect(db)
        stats = index_results(conn, iter_jsonl(jsonl))
        rate = (stats.added + stats.replaced) / stats.seconds
        print(f"indexed {stats.added} documents in {stats.seconds:.1f} s: {rate:.0f} documents/s"
              f" ({len(stats.failed)} failed); database {db.stat().st_size / 1e6:.0f} MB")
        again = index_results(conn, iter_jsonl(jsonl))
        print(f"re-index of the same file: {again.unchanged} unchanged in {again.seconds:.1f} s")
        conn.execute("PRAGMA optimize")

        time_searches(conn, args.rounds)
        conn.close()
    return 0


def time_searches(conn, rounds: int) -> None:
    """Print p50/p95 search latency over ``rounds`` runs of QUERIES."""
    times: list[float] = []
    cpu: list[float] = []  # CPU time of this process: what a shared, busy machine does not inflate
    for q, flt in QUERIES:  # warm-up
        search(conn, q, where=DocFilter(**flt), limit=20)
    for _ in range(rounds):
        for q, flt in QUERIES:
            t, c = time.perf_counter(), time.process_time()
            search(conn, q, where=DocFilter(**flt), limit=20)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    for name, values in (("wall", times), ("cpu", cpu)):
        values.sort()
        p50, p95 = statistics.median(values), values[int(0.95 * (len(values) - 1))]
        print(f"search latency ({name}) over {len(values)} queries ({len(QUERIES)} distinct, top 20):"
              f" p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {values[-1]:.1f} ms")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    slow = sorted(QUERIES, key=lambda qf: -_one(conn, *qf))[:3]
    print("slowest: " + ", ".join(f"{q!r} {_one(conn, q, f):.1f} ms" for q, f in slow))


def _one(conn, q: str, flt: dict) -> float:
    t = time.perf_counter()
    search(conn, q, where=DocFilter(**flt), limit=20)
    return (time.perf_counter() - t) * 1000


if __name__ == "__main__":
    sys.exit(main())
