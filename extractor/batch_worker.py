"""One batch worker: a child process that extracts documents sent to it.

Run as ``python -m extractor.batch_worker --memory-mb N --parent PID``. Protocol on
stdin/stdout (stdout is kept for it; stray prints go to stderr):

- once warmed up, the worker writes ``{"ready": true}``;
- the parent writes one JSON task per line: ``{"path", "read_path", "ocr",
  "ocr_jobs", "fn"}``;
- the worker answers with one JSON header line ``{"n": bytes, "ok", "pages",
  "ocr_pages", "sha256", "rss_mb", "recycle"}`` followed by ``n`` bytes: the
  record, one JSON line.

The address space is capped with ``RLIMIT_AS`` so a decompression bomb
ends in ``MemoryError`` (an error record, then the worker exits and is
replaced) instead of taking the machine down. The parent enforces the
per-document timeout by killing the process.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from importlib import import_module
from pathlib import Path

DEFAULT_FN = "extractor.pipeline:extract"


def cap_memory(megabytes: int) -> None:
    """Limit this process's address space (0 = no limit)."""
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def peak_rss_mb() -> float:
    """Peak resident memory of this process, MB (``VmHWM``; ``ru_maxrss``
    would include the parent's when the worker was spawned by vfork)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def load_fn(spec: str):
    """``"module:function"`` -> the function (the extractor, or a test double)."""
    module, _, name = spec.partition(":")
    return getattr(import_module(module), name or "extract")


def error_record(path: str, sha256: str | None, etype: str, message: str,
                 exit_code: int, seconds: float = 0.0) -> dict:
    """The error line of the output: which file, and why it failed."""
    return {"source": {"path": path, "sha256": sha256},
            "error": {"type": etype, "message": message, "exit_code": exit_code},
            "batch": {"seconds": round(seconds, 3)}}


def _describe(exc: BaseException, memory_mb: int) -> tuple[str, str, int]:
    from .errors import ExtractorError

    if isinstance(exc, ExtractorError):
        return type(exc).__name__, exc.reason, exc.exit_code
    if isinstance(exc, MemoryError):
        return "LimitExceededError", f"memory limit of {memory_mb} MB exceeded", 14
    if isinstance(exc, OSError):
        return "InputError", exc.strerror or str(exc), 10
    first = str(exc).splitlines()[0] if str(exc) else ""
    return type(exc).__name__, f"internal error: {first}".rstrip(": "), 1


def process(task: dict, memory_mb: int = 0) -> tuple[dict, bytes]:
    """Extract one document; return the header and the record line."""
    path = task["path"]
    start = time.perf_counter()
    meta = {"ok": False, "pages": 0, "ocr_pages": 0, "sha256": task.get("sha256"), "recycle": False}
    try:
        fn = load_fn(task.get("fn") or DEFAULT_FN)
        result = fn(Path(task.get("read_path") or path), ocr=task.get("ocr", "auto"),
                    jobs=task.get("ocr_jobs"))
        data = result if isinstance(result, dict) else result.to_dict()
        src = data.setdefault("source", {})
        src["path"] = path
        data["batch"] = {"seconds": round(time.perf_counter() - start, 3)}
        ocr = src.get("ocr") or {}
        meta.update(ok=True, pages=int(src.get("pages") or 0), ocr_pages=len(ocr.get("pages") or []),
                    sha256=src.get("sha256") or meta["sha256"])
    except BaseException as exc:  # noqa: BLE001 - every failure becomes a record
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        etype, message, code = _describe(exc, memory_mb)
        data = error_record(path, meta["sha256"], etype, message, code, time.perf_counter() - start)
        meta["recycle"] = isinstance(exc, MemoryError)  # state may be damaged
    line = (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
    meta["seconds"] = data["batch"]["seconds"]
    meta["rss_mb"] = peak_rss_mb()
    return meta, line


def die_with_parent(parent_pid: int) -> None:
    """Linux: get SIGKILL when the batch process dies (even by ``kill -9``),
    so an orphan never keeps extracting a long document."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if parent_pid and os.getppid() != parent_pid:  # it died before prctl
        sys.exit(0)


def _warm_up() -> None:
    """Import the stages and load the rules before the first timed task."""
    try:
        from .pipeline import extract

        extract("KẾ HOẠCH\nSố: 1/KH-UBND\nNgày 1 tháng 1 năm 2024\nGiao Phòng Nội vụ chủ trì.\n")
    except Exception:  # noqa: BLE001 - a broken stage shows up on real tasks
        pass


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    memory_mb = int(args[args.index("--memory-mb") + 1]) if "--memory-mb" in args else 0
    die_with_parent(int(args[args.index("--parent") + 1]) if "--parent" in args else 0)
    proto = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by a library goes to stderr, not the protocol
    sys.stdout = sys.stderr
    cap_memory(memory_mb)
    if "--no-warm-up" not in args:
        _warm_up()
    proto.write(b'{"ready": true}\n')  # the parent starts the task clock from here
    proto.flush()
    stdin = sys.stdin.buffer
    for raw in stdin:
        if not raw.strip():
            continue
        meta, line = process(json.loads(raw), memory_mb)
        meta["n"] = len(line)
        try:
            proto.write(json.dumps(meta).encode() + b"\n" + line)
            proto.flush()
        except BrokenPipeError:  # the parent is gone
            return 0
        if meta["recycle"]:
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
