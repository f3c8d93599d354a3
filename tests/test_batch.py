"""Batch extraction: one record per file, resume after kill -9, isolation, Dask.

The archive is generated at test time from corpus/docs (text and Markdown
variants, a few PDFs) plus broken files and a folder symlink loop.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from extractor.batch import Found, Summary, WorkerProcess, _plan, discover, run
from extractor.batch_io import Journal, repair_tail

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "corpus" / "docs").glob("*"))
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

#: broken inputs: file name -> bytes, and the error type expected
BROKEN = [
    ("broken/empty.txt", b"", "InputError"),                              # empty file
    ("broken/blank.md", b"  \n\t\n", "InputError"),                       # only whitespace
    ("broken/random.pdf", random.Random(1).randbytes(4000), "CorruptFileError"),  # bytes named .pdf
    ("broken/not-a-zip.docx", b"Ke hoach so 1/KH-UBND, not a zip", None),  # .docx that is not a zip
]


def _pdf(path: Path, lines: list[str], pages: int) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    font = "Helvetica"
    if FONT.exists():
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
        font = "DejaVu"
    for p in range(pages):
        c.setFont(font, 11)
        y = 800
        for line in lines[p * 40:(p + 1) * 40]:
            c.drawString(50, y, line[:95])
            y -= 18
        c.showPage()
    c.save()


def make_archive(root: Path) -> set[str]:
    """Write the test archive; return the paths expected in the output."""
    expected = set()

    def put(rel: str, data: bytes) -> None:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        expected.add(str(p))

    for i, doc in enumerate(DOCS):
        data = doc.read_bytes()
        stem = doc.stem[:20]
        put(f"plans/{i:02d}/{stem}.txt", data)
        put(f"plans/{i:02d}/{stem}.md", data + f"\n\n<!-- variant md {i} -->\n".encode())
        put(f"scans/{2020 + i % 4}/q{i}/{stem}-v2.txt", data + f"\n\nBản sao số {i}.\n".encode())
        put(f"paged/{stem}.txt", data.replace(b"\n\n", b"\n\f", 3) + f"\nv{i}\n".encode())
    try:
        import reportlab  # noqa: F401
    except ImportError:
        pass
    else:
        for i, doc in enumerate(DOCS[:3]):
            p = root / f"pdf/{doc.stem[:20]}.pdf"
            p.parent.mkdir(parents=True, exist_ok=True)
            _pdf(p, doc.read_text(encoding="utf-8").splitlines(), pages=2)
            expected.add(str(p))
    for rel, data, _ in BROKEN:
        put(rel, data)
    (root / "notes.xlsx").write_bytes(b"ignored: not a document suffix")
    (root / "plans" / "loop").symlink_to("..", target_is_directory=True)  # folder symlink loop
    expected.add(str(root / "plans" / "loop"))
    (root / "broken" / "dangling.pdf").symlink_to(root / "nowhere.pdf")  # dangling link
    expected.add(str(root / "broken" / "dangling.pdf"))
    return expected


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    return root, make_archive(root)


def read_lines(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert not raw or raw.endswith(b"\n"), "half line at the end"
    return [json.loads(line) for line in raw.splitlines()]


def by_path(records: list[dict]) -> dict[str, dict]:
    out = {}
    for r in records:
        r = dict(r)
        r.pop("batch", None)  # timing fields
        out[r["source"]["path"]] = r
    assert len(out) == len(records), "duplicate records"
    return out


# ------------------------------------------------------------ whole archive


def test_archive_one_record_per_file(archive, tmp_path):
    root, expected = archive
    assert len(expected) >= 50
    out = tmp_path / "results.jsonl"
    summary = Summary()
    for rec in run([root], out=out, jobs=2):
        summary.add(rec)
    records = by_path(read_lines(out))
    assert set(records) == expected
    assert summary.done + summary.reused + summary.failed == len(expected)
    for rel, _, etype in BROKEN:
        err = records[str(root / rel)]["error"]
        assert err["message"] and "\n" not in err["message"]
        if etype:
            assert err["type"] == etype
    assert "symlink loop" in records[str(root / "plans" / "loop")]["error"]["message"]
    assert "error" in records[str(root / "broken" / "dangling.pdf")]
    good = [r for r in records.values() if "error" not in r]
    assert len(good) >= 48 and all(r["schema_version"] == "1" and r["text"] for r in good)
    assert summary.pages >= len(good)

    # idempotent: a re-run skips everything and leaves the file as it was
    before = out.read_bytes()
    again = list(run([root], out=out, jobs=2))
    assert {r.status for r in again} == {"skipped"} and out.read_bytes() == before

    # --force redoes everything, and the file still has one line per file
    forced = list(run([root / "paged"], out=out, jobs=2, force=True))
    assert forced and all(r.status == "done" for r in forced)
    assert set(by_path(read_lines(out))) == expected


def test_kill_9_then_resume(archive, tmp_path):
    """SIGKILL mid-run, re-run: every file exactly once, no half line."""
    root, expected = archive
    out = tmp_path / "results.jsonl"
    (tmp_path / "slowdoc.py").write_text(textwrap.dedent("""
        import time
        from extractor.pipeline import extract as _extract
        def extract(path, ocr="auto", jobs=None):
            time.sleep(0.03)
            return _extract(path, ocr=ocr, jobs=jobs)
    """))
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    cmd = [sys.executable, "-c", "from extractor.cli import entry; entry()", "batch", str(root),
           "--out", str(out), "--jobs", "2", "--fn", "slowdoc:extract", "-q"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 10):
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    raw = out.read_bytes()  # a write cut by SIGKILL may leave a half line: the re-run drops it
    partial = [json.loads(line) for line in raw[:raw.rfind(b"\n") + 1].splitlines()]
    assert 10 <= len(partial) < len(expected)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    records = by_path(read_lines(out))
    assert set(records) == expected
    assert f"{len(by_path(partial))} skipped" in done.stderr


@pytest.mark.timeout(180)
def test_local_cluster_matches_local_pool(archive, tmp_path):
    """The Dask path (real scheduler and workers on 127.0.0.1) gives the same records."""
    pytest.importorskip("distributed")
    root, _ = archive
    sources = [root / "plans" / "00", root / "plans" / "01", root / "broken", root / "pdf"]
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    list(run(sources, out=local, jobs=2))
    list(run(sources, out=dask, local_cluster=2))
    assert by_path(read_lines(dask)) == by_path(read_lines(local))


# ------------------------------------------------------------- isolation

#: file name -> (status, error type, words in the message); the stub below
#: misbehaves on purpose according to the name
ISOLATION = [
    ("a_hang.txt", "failed", "LimitExceededError", "timed out"),   # runs past the timeout: killed
    ("b_ok.txt", "done", None, None),                                # next file, on a fresh worker
    ("c_crash.txt", "failed", "WorkerCrashed", "signal 9"),         # worker dies mid-document
    ("d_hog.txt", "failed", "LimitExceededError", "memory limit"),  # allocates past the cap
    ("e_ok.txt", "done", None, None),
    ("f_raise.txt", "failed", "ValueError", "internal error: bad"),  # a plain bug in the extractor
]

STUB = """
import os, signal, time
from pathlib import Path
from extractor.pipeline import extract as _extract
def extract(path, ocr="auto", jobs=None):
    name = Path(path).name
    if "hang" in name:
        time.sleep(60)
    if "crash" in name:
        os.kill(os.getpid(), signal.SIGKILL)
    if "hog" in name:
        blob = bytearray(2 * 1024 ** 3)
    if "raise" in name:
        raise ValueError("bad\\nsecond line")
    return _extract(path, ocr=ocr, jobs=jobs)
"""


def test_timeout_crash_and_memory_cap_become_records(tmp_path, monkeypatch):
    (tmp_path / "stub.py").write_text(STUB)
    monkeypatch.setenv("PYTHONPATH", f"{tmp_path}{os.pathsep}{ROOT}")
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, *_ in ISOLATION:
        (docs / name).write_bytes(DOCS[7].read_bytes() + name.encode())
    got = {Path(r.path).name: r for r in run([docs], out=tmp_path / "o.jsonl", jobs=1, timeout=2,
                                             memory_mb=1024, fn="stub:extract")}
    for name, status, etype, words in ISOLATION:
        rec = got[name]
        assert rec.status == status, (name, rec.error)
        if etype:
            assert rec.error["type"] == etype and words in rec.error["message"], rec.error
    assert len(read_lines(tmp_path / "o.jsonl")) == len(ISOLATION)


def test_worker_survives_file_vanishing(tmp_path):
    gone = tmp_path / "gone.txt"
    w = WorkerProcess(0)
    try:
        meta, line = w.call({"path": str(gone), "sha256": None}, timeout=30)
    finally:
        w.close()
    rec = json.loads(line)
    assert not meta["ok"] and rec["error"]["type"] == "InputError"
    # vanished between the walk and hashing
    rec = _plan(Found(str(gone)), None, False, False, {})
    assert rec.status == "failed" and "No such file" in rec.error["message"]


# ------------------------------------------------------------------ walk

#: (what to create, source to pass, expected (relative path, error words or None))
DISCOVER = [
    ({"a.txt": "x"}, "a.txt", [("a.txt", None)]),                           # one file
    ({"d/a.txt": "x", "d/b.xlsx": "x"}, "d", [("d/a.txt", None)]),          # other suffixes ignored in folders
    ({"b.xlsx": "x"}, "b.xlsx", [("b.xlsx", None)]),                        # but taken when named
    ({}, "missing.pdf", [("missing.pdf", "no such file")]),                 # missing file
    ({}, "nothing/*.pdf", [("nothing/*.pdf", "no file matches")]),          # glob without matches
    ({"g/1.md": "x", "g/h/2.md": "x"}, "g/**/*.md", [("g/1.md", None), ("g/h/2.md", None)]),  # recursive glob
    ({"l/a.txt": "x", "l/up": "->."}, "l", [("l/a.txt", None), ("l/up", "symlink loop")]),  # loop
    ({"s/self.txt": "->self.txt"}, "s", [("s/self.txt", "symlink")]),       # a link to itself
]


@pytest.mark.parametrize("files, source, want", DISCOVER)
def test_discover(tmp_path, monkeypatch, files, source, want):
    monkeypatch.chdir(tmp_path)
    for rel, content in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if content.startswith("->"):
            p.symlink_to(content[2:])
        else:
            p.write_text(content)
    got = discover([source])
    assert [f.path for f in got] == [w[0] for w in want]
    for f, (_, words) in zip(got, want):
        assert (f.error is None) if words is None else (words in f.error), f


# ------------------------------------------------------------ output file

#: file content before start-up -> content after repair
REPAIR = [
    (b"", b""),                                        # empty
    (b'{"a": 1}\n', b'{"a": 1}\n'),                    # complete lines untouched
    (b'{"a": 1}\n{"b": ', b'{"a": 1}\n'),              # a half line from a crash goes
    (b'{"b": 2', b""),                                 # only a half line
]


@pytest.mark.parametrize("before, after", REPAIR)
def test_repair_tail(tmp_path, before, after):
    p = tmp_path / "r.jsonl"
    p.write_bytes(before)
    repair_tail(p)
    assert p.read_bytes() == after


def test_journal_last_record_wins_and_compacts(tmp_path):
    out = tmp_path / "r.jsonl"
    lines = [{"source": {"path": "a", "sha256": "1"}, "error": {"type": "X", "message": "m"}},
             {"source": {"path": "b", "sha256": "2"}, "error": {"type": "X", "message": "m"}},
             {"schema_version": "1", "source": {"path": "a", "sha256": "1"}, "text": "ok"}]
    out.write_text("".join(json.dumps(x) + "\n" for x in lines) + '{"sour')
    with Journal(out) as j:
        assert j.by_path["a"].ok and j.ok_by_sha["1"].path == "a"
    assert [r["source"]["path"] for r in read_lines(out)] == ["b", "a"]


def test_second_writer_is_refused(tmp_path):
    out = tmp_path / "r.jsonl"
    with Journal(out):
        with pytest.raises(Exception, match="another batch"):
            Journal(out).open()


def test_errors_file_and_moved_files(archive, tmp_path):
    root, _ = archive
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_bytes(DOCS[3].read_bytes())
    (src / "bad.pdf").write_bytes(b"nope")
    out, errs = tmp_path / "ok.jsonl", tmp_path / "err.jsonl"
    assert sorted(r.status for r in run([src], out=out, errors=errs, jobs=1)) == ["done", "failed"]
    assert len(read_lines(out)) == 1 and "error" in read_lines(errs)[0]
    (src / "a.txt").rename(src / "moved.txt")  # same bytes: reused, not extracted again
    recs = {Path(r.path).name: r.status for r in run([src], out=out, errors=errs, jobs=1)}
    assert recs == {"bad.pdf": "skipped", "moved.txt": "reused"}


def test_cli_stdout_without_resume(tmp_path):
    from typer.testing import CliRunner

    from extractor.cli import app

    (tmp_path / "a.txt").write_bytes(DOCS[4].read_bytes())
    (tmp_path / "b.docx").write_bytes(b"not a zip")
    result = CliRunner().invoke(app, ["batch", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert sorted("error" in x for x in lines) == [False, True]
    assert "1 done" in result.stderr and "1 failed" in result.stderr


def test_cli_help_has_example():
    from typer.testing import CliRunner

    from extractor.cli import app

    result = CliRunner().invoke(app, ["batch", "--help"])
    assert result.exit_code == 0 and "Example: extract batch" in result.output


def test_unreadable_file_keeps_its_finished_result(tmp_path):
    """A file that cannot be read now is reported, but its earlier result stays."""
    doc = tmp_path / "a.txt"
    doc.write_bytes(DOCS[4].read_bytes())
    out = tmp_path / "r.jsonl"
    list(run([doc], out=out, jobs=1))
    before = out.read_bytes()
    doc.unlink()
    doc.symlink_to(doc)  # now a symlink loop: cannot be read
    recs = list(run([doc], out=out, jobs=1))
    assert [r.status for r in recs] == ["failed"] and out.read_bytes() == before
