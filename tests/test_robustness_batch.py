"""Hostile archives in ``extract batch`` (issue #8): every file gets exactly one
record, a bad file becomes an error record with the same exit code the
single-file command gives, the batch goes on, and the JSON Lines output
survives ``kill -9`` at any moment.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import bad_inputs as B
from extractor.batch import DOC_SUFFIXES, run

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "corpus" / "docs").glob("*.txt"))
#: Cases in the archive: not OCR (slow, covered by the CLI suite), and
#: only names a folder walk picks up (``random`` without a suffix is not).
ARCHIVE_CASES = [c for c in B.CLI_CASES if not c.ocr and Path(c.name).suffix.lower() in DOC_SUFFIXES]


WORDS: dict[str, str] = {}


def make_archive(root: Path) -> dict[str, int | None]:
    """Every bad input, some good plans, a symlink loop and a dangling link.

    Returns path -> expected exit code (0: a result; None: any error record);
    ``WORDS`` gets the words a result's text must hold.
    """
    expected: dict[str, int | None] = {}
    for case in ARCHIVE_CASES:
        folder = root / case.id
        folder.mkdir(parents=True)
        path = case.build(folder / case.name)
        if path.is_dir():  # a folder named x.pdf is walked into, not a file
            continue
        expected[str(path)] = case.code
        WORDS[str(path)] = case.words
    for doc in DOCS[:4]:
        (root / "good").mkdir(exist_ok=True)
        (root / "good" / doc.name).write_bytes(doc.read_bytes())
        expected[str(root / "good" / doc.name)] = 0
    (root / "good" / "loop").symlink_to("..", target_is_directory=True)
    expected[str(root / "good" / "loop")] = None
    (root / "good" / "gone.pdf").symlink_to(root / "nowhere.pdf")
    expected[str(root / "good" / "gone.pdf")] = None
    return expected


def read_jsonl(path: Path) -> list[dict]:
    """Every line of ``path``, which must hold only complete JSON lines."""
    raw = path.read_bytes() if path.exists() else b""
    assert not raw or raw.endswith(b"\n"), "half-written last line"
    return [json.loads(line) for line in raw.splitlines()]


def batch(args: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", "batch", *args, "-q"], capture_output=True,
                          text=True, timeout=timeout)


def test_hostile_archive_one_record_per_file_same_codes_as_cli(tmp_path):
    root = tmp_path / "archive"
    expected = make_archive(root)
    out = tmp_path / "results.jsonl"
    before = set(tmp_path.rglob("*"))
    proc = batch([str(root), "--out", str(out), "-j", "2", "--timeout", "60"])
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    records = read_jsonl(out)
    paths = [r["source"]["path"] for r in records]
    assert sorted(paths) == sorted(expected), "exactly one record per file"
    for rec in records:
        want = expected[rec["source"]["path"]]
        if want == 0:
            assert "error" not in rec, rec.get("error")
            assert WORDS.get(rec["source"]["path"], "") in rec["text"]
        else:
            assert "error" in rec, (rec["source"], want)
            err = rec["error"]
            assert err["message"] and "\n" not in err["message"]
            assert err["exit_code"] != 1, f"internal error: {err}"
            if want is not None:
                assert err["exit_code"] == want, (rec["source"]["path"], err)
    # only the named output file was written; nothing named after an input
    assert set(tmp_path.rglob("*")) - before == {out}


KILL_STUB = """
import time
from extractor.pipeline import extract as _extract
def extract(path, ocr="auto", jobs=None):
    time.sleep(0.05)
    return _extract(path, ocr=ocr, jobs=jobs)
"""


def test_kill_9_at_random_points_never_leaves_half_lines(tmp_path):
    """Five runs killed (whole process group, SIGKILL) after random delays:
    the output only ever holds complete lines; a last run completes it with
    exactly one record per file."""
    root = tmp_path / "archive"
    for case in ARCHIVE_CASES[:20]:
        (root / case.id).mkdir(parents=True)
        case.build(root / case.id / case.name)
    for doc in DOCS:
        (root / "good").mkdir(exist_ok=True)
        (root / "good" / doc.name).write_bytes(doc.read_bytes())
    (tmp_path / "slowstub.py").write_text(KILL_STUB)
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    out = tmp_path / "r.jsonl"
    args = [sys.executable, "-m", "extractor", "batch", str(root), "--out", str(out), "-j", "2", "-q",
            "--fn", "slowstub:extract"]
    rng = random.Random(2024)
    for _ in range(5):
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(rng.uniform(0.8, 2.5))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        read_jsonl(out)  # complete lines only (a torn tail would fail here or on resume)
    final = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    records = read_jsonl(out)
    paths = [r["source"]["path"] for r in records]
    assert len(paths) == len(set(paths)), "a file recorded twice"
    walked = {str(p) for p in root.rglob("*") if not p.is_dir()}
    assert set(paths) == walked
    deadline = time.monotonic() + 5  # workers die with their batch (PR_SET_PDEATHSIG)
    while _ours(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _ours(str(tmp_path)) == [], "orphaned batch workers"


VANISH_STUB = """
import os
from pathlib import Path
from extractor.pipeline import extract as _extract
def extract(path, ocr="auto", jobs=None):
    if Path(path).name == "a.txt":  # while a.txt is extracted, b.txt and z.txt disappear
        for name in ("b.txt", "z.txt"):
            try:
                os.unlink(Path(path).with_name(name))
            except FileNotFoundError:
                pass
    return _extract(path, ocr=ocr, jobs=jobs)
"""


def test_files_vanishing_mid_run_become_error_records(tmp_path, monkeypatch):
    (tmp_path / "vanish.py").write_text(VANISH_STUB)
    monkeypatch.setenv("PYTHONPATH", f"{tmp_path}{os.pathsep}{ROOT}")
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, doc in zip(("a.txt", "b.txt", "c.txt", "z.txt"), DOCS):
        (docs / name).write_bytes(doc.read_bytes())
    out = tmp_path / "o.jsonl"
    recs = {Path(r.path).name: r for r in run([docs], out=out, jobs=1, fn="vanish:extract")}
    assert set(recs) == {"a.txt", "b.txt", "c.txt", "z.txt"}
    assert recs["a.txt"].ok and recs["c.txt"].ok
    for name in ("b.txt", "z.txt"):
        assert recs[name].status == "failed" and recs[name].error["exit_code"] == 10, recs[name].error
        assert "No such file" in recs[name].error["message"] or "no such file" in recs[name].error["message"]
    assert len(read_jsonl(out)) == 4


def test_named_pipe_does_not_hang_the_batch(tmp_path):
    """A FIFO in the archive (or one replacing a file after the walk) is refused, not read."""
    from extractor.batch import sha256_file

    docs = tmp_path / "docs"
    docs.mkdir()
    os.mkfifo(docs / "pipe.txt")
    (docs / "ok.txt").write_bytes(DOCS[0].read_bytes())
    recs = {Path(r.path).name: r for r in run([docs], out=tmp_path / "o.jsonl", jobs=1)}
    assert recs["ok.txt"].ok
    assert recs["pipe.txt"].error["exit_code"] == 10 and "not a regular file" in recs["pipe.txt"].error["message"]
    with pytest.raises(OSError, match="not a regular file"):
        sha256_file(str(docs / "pipe.txt"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads chmod 000 files; the FIFO, dangling link "
                    "and symlink loop cases cover unreadable paths")
def test_unreadable_file_becomes_an_error_record(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    locked = docs / "locked.txt"
    locked.write_bytes(DOCS[0].read_bytes())
    locked.chmod(0)
    (docs / "ok.txt").write_bytes(DOCS[1].read_bytes())
    try:
        recs = {Path(r.path).name: r for r in run([docs], out=tmp_path / "o.jsonl", jobs=1)}
    finally:
        locked.chmod(0o644)
    assert recs["ok.txt"].ok
    assert recs["locked.txt"].error["exit_code"] == 10
    assert "Permission denied" in recs["locked.txt"].error["message"]


def test_hostile_names_in_batch_stay_in_their_record(tmp_path):
    """Names with quotes, newlines and shell syntax are data: one record each, path kept exactly."""
    docs = tmp_path / "docs"
    docs.mkdir()
    names = ["a b.txt", "q'uote\".txt", "$(touch PWNED);`id`.txt", "new\nline.txt", "-rf.txt"]
    for name, doc in zip(names, DOCS):
        (docs / name).write_bytes(doc.read_bytes())
    out = tmp_path / "o.jsonl"
    proc = batch([str(docs), "--out", str(out), "-j", "1"], timeout=60)
    assert proc.returncode == 0, proc.stderr
    got = sorted(Path(r["source"]["path"]).name for r in read_jsonl(out))
    assert got == sorted(names)
    assert not (docs / "PWNED").exists() and not Path("PWNED").exists()
    assert all("error" not in r for r in read_jsonl(out))


def _ours(marker: str) -> list[int]:
    """Live processes whose environment holds ``marker`` (our tmp PYTHONPATH)."""
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit() and int(d.name) != os.getpid():
            try:
                env = (d / "environ").read_bytes()
                state = (d / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if marker.encode() in env and state != "Z":
                pids.append(int(d.name))
    return pids
