"""Crash-safe JSON Lines output and the resume index of ``extract batch``.

How a result survives a crash (``kill -9``, power loss, a full disk):

- each record is one complete line, appended with a single ``os.write`` on
  an ``O_APPEND`` descriptor and followed by ``fsync``; a line is either
  fully in the file or (killed inside the write) a trailing fragment;
- on start-up, ``repair_tail`` truncates a trailing fragment (bytes after
  the last ``\\n``), so the file holds only complete lines again;
- only one process writes an output file at a time (``flock``);
- a document redone (``--force``, changed content) is appended again, so a
  path may briefly have two lines: readers keep the *last* one, and the
  file is compacted (rewritten to a temporary file, fsynced and renamed
  over the original) at the end of the run, or at the next start-up if
  the run was killed first.

The resume index maps each path to its last record (content hash, ok or
error, where the line is), and each content hash to a successful record, so
a file that was moved or copied is not extracted again.
"""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError


@dataclass
class Entry:
    """Where the last record of one path is, and what it says."""

    path: str
    sha256: str | None
    ok: bool
    file: int  # index into the list of output files
    offset: int
    length: int


def repair_tail(path: Path) -> int:
    """Truncate a trailing partial line left by a crash; return bytes removed."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return 0
    if size == 0:
        return 0
    with path.open("rb+") as fh:
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return 0
        # scan back in blocks for the last newline
        pos, keep = size, 0
        while pos > 0:
            start = max(0, pos - 65536)
            fh.seek(start)
            block = fh.read(pos - start)
            i = block.rfind(b"\n")
            if i != -1:
                keep = start + i + 1
                break
            pos = start
        fh.truncate(keep)
        fh.flush()
        os.fsync(fh.fileno())
        return size - keep


def line_identity(line: bytes) -> tuple[str | None, str | None, bool]:
    """``(path, sha256, ok)`` of one record line, parsing as little as possible.

    A result line is big (the whole text); its ``source`` object sits near
    the start, so only that object is decoded. Error lines are small.
    """
    text = line.decode("utf-8")
    if text.startswith('{"schema_version"'):
        i = text.find('"source": ', 0, 200)
        if i != -1:
            try:
                src, _ = json.JSONDecoder().raw_decode(text, i + len('"source": '))
                return src.get("path"), src.get("sha256"), True
            except ValueError:
                pass
    data = json.loads(text)
    src = data.get("source") or {}
    return src.get("path"), src.get("sha256"), "error" not in data


class Journal:
    """The output files of one batch run: append-only, locked, resumable.

    ``paths[0]`` receives results; error records go to ``paths[1]`` when an
    errors file is given, else to ``paths[0]`` too.
    """

    def __init__(self, out: Path, errors: Path | None = None, *, fsync: bool = True):
        self.paths = [Path(out)] + ([Path(errors)] if errors else [])
        self.fsync = fsync
        self.fds: list[int] = []
        self.by_path: dict[str, Entry] = {}
        self.ok_by_sha: dict[str, Entry] = {}
        self.needs_compaction = False
        self.repaired = 0
        self.bad_lines = 0

    # ------------------------------------------------------------- lifecycle

    def open(self) -> "Journal":
        """Lock, repair, index and (if needed) compact the output files."""
        for p in self.paths:
            p.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(p, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                self.close()
                raise InputError("another batch is writing this file", str(p)) from None
            self.fds.append(fd)
            self.repaired += repair_tail(p)
        for i, p in enumerate(self.paths):
            self._index(i, p)
        if self.needs_compaction:
            self.compact()
        return self

    def close(self) -> None:
        for fd in self.fds:
            os.close(fd)
        self.fds = []

    def __enter__(self) -> "Journal":
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    # ----------------------------------------------------------------- index

    def _index(self, file: int, path: Path) -> None:
        offset = 0
        with path.open("rb") as fh:
            for line in fh:
                try:
                    rpath, sha, ok = line_identity(line)
                except (ValueError, UnicodeDecodeError):
                    self.bad_lines += 1
                    rpath = None
                if rpath is not None:
                    self._remember(Entry(rpath, sha, ok, file, offset, len(line)), loading=True)
                offset += len(line)

    def _remember(self, entry: Entry, *, loading: bool = False) -> None:
        old = self.by_path.get(entry.path)
        if old is not None:
            self.needs_compaction = True
            # across files the order is unknown at load time: a success wins
            if loading and old.file != entry.file and old.ok and not entry.ok:
                return
            if old.sha256 and self.ok_by_sha.get(old.sha256) is old:
                del self.ok_by_sha[old.sha256]
        self.by_path[entry.path] = entry
        if entry.ok and entry.sha256:
            self.ok_by_sha[entry.sha256] = entry

    def read_line(self, entry: Entry) -> bytes:
        """The stored line of ``entry`` (used to reuse a result for a copied file)."""
        with self.paths[entry.file].open("rb") as fh:
            fh.seek(entry.offset)
            return fh.read(entry.length)

    # ----------------------------------------------------------------- write

    def append(self, path: str, sha256: str | None, ok: bool, line: bytes) -> None:
        """Append one complete record line durably, and index it."""
        if not line.endswith(b"\n"):
            line += b"\n"
        file = 0 if ok or len(self.fds) == 1 else 1
        fd = self.fds[file]
        offset = os.lseek(fd, 0, os.SEEK_END)
        view = memoryview(line)
        while view:  # a regular file takes it in one write; loop for safety
            n = os.write(fd, view)
            view = view[n:]
        if self.fsync:
            os.fsync(fd)
        self._remember(Entry(path, sha256, ok, file, offset, len(line)))

    def compact(self) -> None:
        """Rewrite each file keeping only the last record of each path."""
        keep: dict[int, set[int]] = {i: set() for i in range(len(self.paths))}
        for e in self.by_path.values():
            keep[e.file].add(e.offset)
        for i, p in enumerate(self.paths):
            tmp = p.with_name(f".{p.name}.{os.getpid()}.compact")
            moved: dict[int, int] = {}
            with p.open("rb") as src, tmp.open("wb") as dst:
                offset = 0
                for line in src:
                    if offset in keep[i]:  # superseded and unreadable lines go
                        moved[offset] = dst.tell()
                        dst.write(line)
                    offset += len(line)
                dst.flush()
                os.fsync(dst.fileno())
            fd = os.open(tmp, os.O_WRONLY | os.O_APPEND)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.replace(tmp, p)
            _fsync_dir(p.parent)
            os.close(self.fds[i])
            self.fds[i] = fd
            for e in self.by_path.values():
                if e.file == i:
                    e.offset = moved[e.offset]
        self.needs_compaction = False


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
