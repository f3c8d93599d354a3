"""Batch extraction over an archive: parallel, resumable, crash-safe.

``run(sources, out="results.jsonl")`` walks folders and globs, extracts
each document in a pool of worker processes and yields a ``Record`` per
file as it completes, while appending one JSON line per document to
``out`` (the output contract plus a ``batch`` object; a failure is a line
``{"source": {...}, "error": {...}}``).

- Resume: records are keyed by path and the sha256 of the file's bytes; a
  re-run skips files whose record is already there (``force`` redoes
  them, ``retry_failed`` redoes failures) and reuses the result of a
  moved or copied file. See ``batch_io`` for the crash-safety rules.
- Isolation: each worker is a child process (``batch_worker``) with an
  address-space cap; a document that runs past ``timeout`` gets its
  worker killed and replaced, and becomes an error record, as does one
  whose worker crashes.
- Cores: ``jobs`` document workers, each OCR-ing with ``cores // jobs``
  processes, so the two levels never run more processes than cores.
- Distributed: ``scheduler="tcp://host:8786"`` or ``local_cluster=N``
  sends the same tasks to Dask workers (``batch_dask``); the client keeps
  writing the output, so resumability is the same.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import json
import os
import queue
import select
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .batch_io import Journal
from .batch_worker import DEFAULT_FN, error_record

__all__ = ["run", "discover", "Record", "Summary", "DOC_SUFFIXES", "WorkerProcess"]

#: Suffixes picked up when walking a folder (a file named explicitly is always taken).
DOC_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".pdf", ".docx", ".doc",
                          ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"})
#: Default per-document limits.
DEFAULT_TIMEOUT = 600.0
DEFAULT_MEMORY_MB = 4096
#: Seconds a new worker may take to import and warm up.
_START_TIMEOUT = 120.0
#: Thread pools of numerical libraries and tesseract: one thread per process,
#: since the batch already uses every core with processes.
_WORKER_ENV = {"OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1"}


# ------------------------------------------------------------------ records


@dataclass
class Record:
    """The outcome of one file: done | reused | failed | skipped.

    ``line`` is the JSON line written to the output (``None`` when skipped);
    ``data()`` parses it.
    """

    path: str
    status: str
    sha256: str | None = None
    pages: int = 0
    ocr_pages: int = 0
    seconds: float = 0.0
    error: dict | None = None
    rss_mb: float | None = None
    line: str | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.status != "failed"

    def data(self) -> dict | None:
        """The record as written (the output contract, or the error record)."""
        return json.loads(self.line) if self.line else None

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("line")
        return d


@dataclass
class Summary:
    """Counts and throughput of a batch run; ``add`` each record."""

    total: int = 0
    done: int = 0
    reused: int = 0
    skipped: int = 0
    failed: int = 0
    pages: int = 0
    ocr_pages: int = 0
    seconds: float = 0.0
    max_rss_mb: float = 0.0
    _start: float = field(default_factory=time.perf_counter, repr=False)

    def add(self, rec: Record) -> None:
        setattr(self, rec.status, getattr(self, rec.status) + 1)
        self.pages += rec.pages
        self.ocr_pages += rec.ocr_pages
        self.max_rss_mb = max(self.max_rss_mb, rec.rss_mb or 0.0)
        self.seconds = time.perf_counter() - self._start

    def to_dict(self) -> dict:
        self.seconds = time.perf_counter() - self._start
        d = {k: v for k, v in asdict(self).items() if not k.startswith("_")}
        d["seconds"] = round(self.seconds, 3)
        return d

    def __str__(self) -> str:
        self.seconds = time.perf_counter() - self._start
        n = self.done + self.reused + self.skipped + self.failed
        rate = self.done / self.seconds if self.seconds else 0.0
        prate = self.pages / self.seconds if self.seconds else 0.0
        rss = f"; worker peak RSS {self.max_rss_mb:.0f} MB" if self.max_rss_mb else ""
        return (f"{n} files: {self.done} done, {self.reused} reused, {self.skipped} skipped, "
                f"{self.failed} failed; {self.pages} pages ({self.ocr_pages} OCR) in "
                f"{self.seconds:.1f} s ({rate:.1f} docs/s, {prate:.1f} pages/s){rss}")


# -------------------------------------------------------------------- walk


@dataclass
class Found:
    """A file to process, or a path that could not be walked (``error``)."""

    path: str
    error: str | None = None


def discover(sources: Iterable[str | os.PathLike], suffixes: frozenset[str] = DOC_SUFFIXES) -> list[Found]:
    """Expand files, folders (recursively) and glob patterns, in sorted order.

    Symlink loops, unreadable folders, dangling links and patterns that
    match nothing come back as ``Found`` with an ``error``, never raise.
    """
    out: list[Found] = []
    seen: set[str] = set()
    for src in sources:
        s = str(src)
        if glob.has_magic(s) and not os.path.lexists(s):
            matches = sorted(glob.glob(s, recursive=True))
            if not matches:
                out.append(Found(s, "no file matches this pattern"))
        else:
            matches = [s]
        for m in matches:
            items = _walk(m, suffixes) if os.path.isdir(m) else [_one(m)]
            for f in items:
                if f.path not in seen:
                    seen.add(f.path)
                    out.append(f)
    return out


def _one(path: str) -> Found:
    p = str(Path(path))
    if not os.path.lexists(p):
        return Found(p, "no such file")
    if not os.path.exists(p):
        return Found(p, "broken symbolic link or symlink loop")
    if not os.path.isfile(p) and not os.path.isdir(p):  # a FIFO would block the reader forever
        return Found(p, "not a regular file (a named pipe, socket or device)")
    return Found(p)


def _walk(root: str, suffixes: frozenset[str]) -> Iterator[Found]:
    """Depth-first, sorted, following folder links but not into an ancestor;
    hidden entries (``.name``) are left out."""
    try:
        st = os.stat(root)
    except OSError as exc:  # vanished since it was listed
        yield Found(str(Path(root)), f"cannot open folder: {exc.strerror or exc}")
        return
    stack = [(str(Path(root)), frozenset({(st.st_dev, st.st_ino)}))]
    while stack:
        folder, ancestors = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Found(folder, f"cannot list folder: {exc.strerror or exc}")
            continue
        subdirs = []
        for e in entries:
            if e.name.startswith("."):  # hidden: .git, macOS ._x.pdf resource forks …
                continue
            p = os.path.join(folder, e.name)
            try:
                is_dir = e.is_dir()
                st = os.stat(p) if is_dir else None
            except OSError as exc:  # a link to itself, a folder vanishing …
                yield Found(p, f"broken symbolic link or symlink loop: {exc.strerror or exc}")
                continue
            if st is not None:
                key = (st.st_dev, st.st_ino)
                if key in ancestors:
                    yield Found(p, "symlink loop: the folder links back to one of its parents")
                else:
                    subdirs.append((p, ancestors | {key}))
                continue
            if Path(e.name).suffix.lower() not in suffixes:
                continue
            yield _one(p)
        stack.extend(reversed(subdirs))


def sha256_file(path: str) -> str:
    """Hex sha256 of a file's bytes (the resume key)."""
    # O_NONBLOCK: a file replaced by a named pipe since the walk must not block the batch
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a named pipe, socket or device)")
        return hashlib.file_digest(fh, "sha256").hexdigest()


# ----------------------------------------------------------------- workers


def failure_result(task: dict, etype: str, message: str, code: int, start: float) -> tuple[dict, bytes]:
    """Header and error line for a task whose worker did not answer."""
    rec = error_record(task["path"], task.get("sha256"), etype, message, code, time.monotonic() - start)
    line = (json.dumps(rec, ensure_ascii=False) + "\n").encode()
    meta = {"ok": False, "pages": 0, "ocr_pages": 0, "sha256": task.get("sha256"), "n": len(line),
            "seconds": rec["batch"]["seconds"]}
    return meta, line


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class WorkerProcess:
    """A ``batch_worker`` child: send a task, wait for its record with a timeout.

    On timeout the child is killed (and restarted on the next call); a
    child that dies mid-task (out of memory, crash) gives an error record.
    """

    def __init__(self, memory_mb: int = DEFAULT_MEMORY_MB, *, quiet: bool = True):
        self.memory_mb = memory_mb
        self.quiet = quiet and not os.environ.get("EXTRACT_BATCH_DEBUG")
        self.proc: subprocess.Popen | None = None
        self._buf = bytearray()

    def _start(self) -> None:
        env = dict(os.environ)
        for k, v in _WORKER_ENV.items():
            env.setdefault(k, v)
        pkg_root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [pkg_root, env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "extractor.batch_worker", "--memory-mb", str(self.memory_mb),
             "--parent", str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL if self.quiet else None, env=env, start_new_session=True)
        self._buf.clear()
        self._read(None, time.monotonic() + _START_TIMEOUT)  # {"ready": true}

    def call(self, task: dict, timeout: float | None = None) -> tuple[dict, bytes]:
        """Run one task; return ``(header, record line)``, never raise for the task."""
        start = time.monotonic()
        if self.proc is None or self.proc.poll() is not None:
            try:
                self._start()  # start-up (imports, rules) is not charged to the task's timeout
            except (TimeoutError, EOFError, OSError, ValueError) as exc:
                self.kill()
                return failure_result(task, "WorkerCrashed", f"worker process could not start: "
                                      f"{type(exc).__name__}", 1, start)
            start = time.monotonic()
        try:
            self.proc.stdin.write(json.dumps(task).encode() + b"\n")
            self.proc.stdin.flush()
            deadline = start + timeout if timeout else None
            meta = json.loads(self._read(None, deadline))
            line = self._read(meta["n"], None if deadline is None else deadline + 30)
        except TimeoutError:
            self.kill()
            return failure_result(task, "LimitExceededError", f"timed out after {timeout:g} s", 14, start)
        except (EOFError, BrokenPipeError, OSError, ValueError):
            code = self.kill()
            why = f"killed by signal {-code}" if code and code < 0 else f"exit status {code}"
            hint = " (out of memory?)" if code == -9 else ""
            return failure_result(task, "WorkerCrashed", f"worker process died: {why}{hint}", 1, start)
        if meta.get("recycle"):
            self.close()
        return meta, line

    def _read(self, n: int | None, deadline: float | None) -> bytes:
        fd = self.proc.stdout.fileno()
        while True:
            if n is None:
                i = self._buf.find(b"\n")
                if i != -1:
                    out = bytes(self._buf[:i + 1])
                    del self._buf[:i + 1]
                    return out
            elif len(self._buf) >= n:
                out = bytes(self._buf[:n])
                del self._buf[:n]
                return out
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                raise TimeoutError
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise EOFError
            self._buf += chunk

    def kill(self) -> int | None:
        """Kill the child now; return its exit status."""
        if self.proc is None:
            return None
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            proc.kill()
        code = proc.wait()
        for f in (proc.stdin, proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        return code

    def close(self, wait: float = 5.0) -> None:
        """Let the child finish and exit (closing its stdin), else kill it."""
        if self.proc is None:
            return
        try:
            self.proc.stdin.close()
            self.proc.wait(wait)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


class LocalPool:
    """``jobs`` worker processes, each driven by a thread of this process."""

    def __init__(self, jobs: int, *, timeout: float | None, memory_mb: int):
        self.capacity = jobs
        self.timeout = timeout
        self.tasks: queue.Queue = queue.Queue()
        self.results: queue.Queue = queue.Queue()
        self.workers = [WorkerProcess(memory_mb) for _ in range(jobs)]
        self.threads = [threading.Thread(target=self._loop, args=(w,), daemon=True) for w in self.workers]
        for t in self.threads:
            t.start()

    def _loop(self, worker: WorkerProcess) -> None:
        while (task := self.tasks.get()) is not None:
            try:
                meta, line = worker.call(task, self.timeout)
            except BaseException as exc:  # noqa: BLE001 - keep the batch alive
                meta, line = failure_result(task, type(exc).__name__, _first_line(exc), 1, time.monotonic())
            self.results.put((task, meta, line))

    def submit(self, task: dict) -> None:
        self.tasks.put(task)

    def get(self, block: bool = True):
        """Next finished ``(task, header, line)``; ``None`` if not blocking and none is ready."""
        try:
            return self.results.get(block=block)
        except queue.Empty:
            return None

    def close(self, *, kill: bool = False) -> None:
        for _ in self.threads:
            self.tasks.put(None)
        for w in self.workers:
            w.kill() if kill else w.close()


# --------------------------------------------------------------------- run


def run(sources: Iterable[str | os.PathLike], out: str | os.PathLike | None = None, *,
        errors: str | os.PathLike | None = None, jobs: int | None = None, force: bool = False,
        retry_failed: bool = False, timeout: float | None = DEFAULT_TIMEOUT,
        memory_mb: int = DEFAULT_MEMORY_MB, ocr: str = "auto", ocr_jobs: int | None = None,
        scheduler: str | None = None, local_cluster: int | None = None, fn: str = DEFAULT_FN,
        suffixes: frozenset[str] = DOC_SUFFIXES, fsync: bool = True,
        on_start: Callable[[int], None] | None = None) -> Iterator[Record]:
    """Extract every document under ``sources``; yield a ``Record`` per file as it completes.

    With ``out``, each record is appended to that JSON Lines file (errors to
    ``errors`` if given) and files already recorded there are skipped.
    ``jobs`` worker processes (default: cores) run locally, or Dask runs them
    (``scheduler`` address, or ``local_cluster`` workers on 127.0.0.1).
    ``timeout`` seconds (``None``/0: none) and ``memory_mb`` (0: none) bound
    each document. ``fn`` (``"module:function"``) is the extractor called
    in the workers. ``on_start(n)`` is told how many files were found.

    Example::

        for rec in run(["archive/"], out="results.jsonl", jobs=4):
            print(rec.status, rec.path)
    """
    cores = os.cpu_count() or 1
    jobs = max(1, jobs or cores)
    own = {os.path.abspath(p) for p in (out, errors) if p}  # never extract our own output
    found = [f for f in discover(sources, suffixes) if os.path.abspath(f.path) not in own]
    if on_start:
        on_start(len(found))
    opts = {"ocr": ocr, "fn": fn,
            "ocr_jobs": ocr_jobs or (1 if scheduler or local_cluster else max(1, cores // jobs))}
    journal = Journal(Path(out), Path(errors) if errors else None, fsync=fsync).open() if out else None
    pool = None
    try:
        pending = 0
        for f in found:
            item = _plan(f, journal, force, retry_failed, opts)
            if isinstance(item, Record):
                yield _emit(item, journal)
                continue
            if pool is None:
                pool = _make_pool(jobs, timeout or None, memory_mb, scheduler, local_cluster)
            pool.submit(item)
            pending += 1
            while pending and (got := pool.get(block=pending >= 2 * pool.capacity)) is not None:
                pending -= 1
                yield _emit(_to_record(*got), journal)
        while pending:
            pending -= 1
            yield _emit(_to_record(*pool.get()), journal)
        if journal and journal.needs_compaction:
            journal.compact()
        if pool is not None:
            pool.close()
            pool = None
    finally:
        if pool is not None:  # interrupted: do not wait for running documents
            pool.close(kill=True)
        if journal:
            journal.close()


def _make_pool(jobs, timeout, memory_mb, scheduler, local_cluster):
    if scheduler or local_cluster:
        from .batch_dask import DaskPool

        return DaskPool(scheduler=scheduler, n_workers=local_cluster, timeout=timeout, memory_mb=memory_mb)
    return LocalPool(jobs, timeout=timeout, memory_mb=memory_mb)


def _failed(path: str, sha: str | None, message: str, etype: str = "InputError", code: int = 10) -> Record:
    line = json.dumps(error_record(path, sha, etype, message, code), ensure_ascii=False) + "\n"
    return Record(path, "failed", sha, error={"type": etype, "message": message, "exit_code": code}, line=line)


def _plan(f: Found, journal: Journal | None, force: bool, retry_failed: bool, opts: dict) -> Record | dict:
    """A record decided without extracting (skip, reuse, walk error), or a task."""
    entry = journal.by_path.get(f.path) if journal else None
    redo_failed = force or retry_failed
    sha = None
    if f.error is None:
        try:
            sha = sha256_file(f.path)
        except OSError as exc:  # vanished, unreadable, a folder named *.pdf …
            f = Found(f.path, exc.strerror or str(exc))
    if entry is not None and entry.sha256 == sha:
        if (entry.ok and not force) or (not entry.ok and not redo_failed):
            return Record(f.path, "skipped", sha, error=None if entry.ok else {"type": "previous failure"})
    if f.error is not None:
        rec = _failed(f.path, None, f.error)
        if entry is not None and entry.ok and not force:
            rec.line = None  # unreadable now: report it, but keep the finished result on file
        return rec
    reuse = journal.ok_by_sha.get(sha) if journal and not force else None
    # the suffix decides how some content is read (text named .pdf is refused)
    if reuse is not None and reuse.path != f.path and _suffix(reuse.path) == _suffix(f.path):
        data = json.loads(journal.read_line(reuse))
        data["source"]["path"] = f.path
        data.setdefault("batch", {})["reused_from"] = reuse.path
        src = data["source"]
        return Record(f.path, "reused", sha, pages=int(src.get("pages") or 0),
                      line=json.dumps(data, ensure_ascii=False) + "\n")
    return {"path": f.path, "read_path": os.path.abspath(f.path), "sha256": sha, **opts}


def _suffix(path: str) -> str:
    return Path(path).suffix.lower()


def _to_record(task: dict, meta: dict, line: bytes) -> Record:
    text = line.decode("utf-8")
    error = None
    if not meta.get("ok"):
        try:
            error = json.loads(text).get("error")
        except ValueError:
            error = {"type": "WorkerError", "message": "unreadable record"}
    return Record(task["path"], "done" if meta.get("ok") else "failed", meta.get("sha256") or task.get("sha256"),
                  pages=meta.get("pages", 0), ocr_pages=meta.get("ocr_pages", 0),
                  seconds=meta.get("seconds", 0.0),
                  error=error, rss_mb=meta.get("rss_mb"), line=text)


def _emit(rec: Record, journal: Journal | None) -> Record:
    if journal is not None and rec.status != "skipped" and rec.line:
        journal.append(rec.path, rec.sha256, rec.ok, rec.line.encode("utf-8"))
    return rec
