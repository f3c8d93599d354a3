"""Hostile and broken input (issue #8): a correct result or one clear error line.

Every case of ``bad_inputs.CLI_CASES`` is run through the real command
(``python -m extractor FILE``) as a subprocess with a timeout; its exit code,
its stderr (exactly one line ``extract: FILE: reason``, no traceback) and its
peak memory (``os.wait4`` rusage) are checked. The subprocesses run two at
a time in a module fixture, so the suite stays within its time budget.

Also here: the 50 MB text file, ``-o`` killed mid-write, the limits at the
library level, and the security checks over the code base.
"""

from __future__ import annotations

import ast
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

import bad_inputs as B

ROOT = Path(__file__).resolve().parent.parent
#: Peak resident memory allowed to one ``extract`` process.
MAX_RSS_MB = 1500
HAVE_TESSERACT = shutil.which("tesseract") is not None
EXIT_CODES = {0: "success", 10: "input", 11: "unsupported", 12: "corrupt", 13: "encrypted",
              14: "limit", 15: "OCR"}


@dataclass
class Outcome:
    """What one ``extract`` subprocess did."""

    code: int | None      # None: killed at the timeout
    stdout: str
    stderr: str
    seconds: float
    rss_mb: float


def run_extract(args: list[str], *, timeout: float, cwd: Path | None = None,
                env: dict | None = None) -> Outcome:
    """Run ``python -m extractor ARGS``; kill it at ``timeout``; measure its peak RSS."""
    out_f = (cwd or Path("/tmp")) / f".out.{os.getpid()}.{random.random()}"
    err_f = out_f.with_suffix(".err")
    start = time.monotonic()
    with out_f.open("wb") as out, err_f.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "extractor", *args], stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, cwd=cwd, env=env)
    code, rusage = None, None
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            code = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() - start > timeout:
            proc.kill()
            _, _, rusage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    proc.returncode = code if code is not None else -9  # reaped here, not by Popen
    seconds = time.monotonic() - start
    outcome = Outcome(code, out_f.read_text("utf-8", "replace"), err_f.read_text("utf-8", "replace"),
                      seconds, rusage.ru_maxrss / 1024)
    out_f.unlink()
    err_f.unlink()
    return outcome


def shown(path: Path) -> str:
    """A path as the error line shows it (control characters escaped)."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: repr(m.group(0))[1:-1], str(path))


def assert_error_line(o: Outcome, path: Path, code: int, words: str) -> None:
    """Exactly one line ``extract: PATH: reason`` with ``words``, the exit code, no traceback."""
    assert "Traceback" not in o.stderr, o.stderr
    lines = o.stderr.splitlines()
    assert len(lines) == 1, o.stderr
    assert lines[0].startswith(f"extract: {shown(path)}: "), lines[0]
    assert words in lines[0], lines[0]
    assert o.code == code, (o.code, lines[0])
    assert o.stdout == "", "no JSON after an error"


# ------------------------------------------------------------ CLI cases

CASES = [c for c in B.CLI_CASES if (HAVE_TESSERACT or not c.ocr) and c.cli]
IN_PROCESS = [c for c in B.CLI_CASES if not c.cli]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, tuple[Path, Outcome]]:
    """Build every case in its own folder and run them, two at a time."""
    base = tmp_path_factory.mktemp("bad")

    def one(case: B.Case) -> tuple[str, tuple[Path, Outcome]]:
        folder = base / case.id
        folder.mkdir()
        path = case.build(folder / case.name)
        return case.id, (path, run_extract([str(path), "--compact"], timeout=case.seconds, cwd=folder))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, CASES))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gives_result_or_one_error_line(outcomes, case):
    path, o = outcomes[case.id]
    assert o.code is not None, f"hung: killed after {case.seconds} s"
    assert o.rss_mb < MAX_RSS_MB, f"peak RSS {o.rss_mb:.0f} MB"
    if case.code == 0:
        assert o.code == 0, o.stderr
        assert "Traceback" not in o.stderr and o.stderr.strip() == "", o.stderr
        data = json.loads(o.stdout)
        assert data["source"]["path"] == str(path)
        assert case.words in data["text"], data["text"][:500]
    else:
        assert_error_line(o, path, case.code, case.words)
    assert list(path.parent.iterdir()) == [path], "nothing written beside the input"


@pytest.mark.parametrize("case", IN_PROCESS, ids=[c.id for c in IN_PROCESS])
def test_awkward_text_gives_a_correct_result(tmp_path, case):
    """Encodings, scripts and control characters: read right, checked in-process."""
    from extractor.pipeline import extract

    assert case.code == 0
    path = case.build(tmp_path / case.name)
    data = json.loads(extract(path).to_json())
    assert case.words in data["text"], data["text"][:500]
    assert not re.search(r"[\x00-\x08\x0e-\x1f]", data["text"]), "control characters in the text"


def test_exit_codes_are_the_documented_ones():
    """The cases cover every input error code, and errors.py documents each."""
    from extractor import errors

    assert {c.code for c in B.CLI_CASES} >= {0, 10, 11, 12, 13, 14}
    for code in EXIT_CODES:
        assert f"{code} " in errors.__doc__
    assert {cls.exit_code for cls in (errors.InputError, errors.UnsupportedFormatError,
                                      errors.CorruptFileError, errors.EncryptedFileError,
                                      errors.LimitExceededError, errors.OcrError)} == set(EXIT_CODES) - {0}


def test_debug_shows_the_traceback(tmp_path):
    path = B.encrypted_pdf("secret")(tmp_path / "enc.pdf")
    o = run_extract([str(path), "--debug"], timeout=30)
    assert o.code == 1 and "Traceback" in o.stderr and "EncryptedFileError" in o.stderr


# -------------------------------------------------------- size and memory

@pytest.fixture(scope="session")
def text_50mb(tmp_path_factory) -> Path:
    """50 MB of real plans, generated once per session."""
    return B.big_text(tmp_path_factory.mktemp("big") / "archive dump.txt", mb=50)


def test_50mb_text_is_refused_by_the_text_limit_in_bounded_memory(text_50mb):
    o = run_extract([str(text_50mb)], timeout=60)
    assert_error_line(o, text_50mb, 14, "limit of 10000000 characters")
    assert o.seconds < 20 and o.rss_mb < MAX_RSS_MB, (o.seconds, o.rss_mb)


LIMIT_CASES = [
    # (builder, name, limits, words): each limit is enforced and named in the reason
    (B.write(B.VIET.encode() * 10), "a.txt", {"max_text_chars": 1000}, "characters of text"),
    (B.write(B.VIET.encode("utf-16")), "b.txt", {"max_text_chars": 200}, "characters of text"),
    (B.good_docx, "c.docx", {"max_text_chars": 100}, "characters of text"),
    (B._reportlab_pdf, "d.pdf", {"max_stream_bytes": 50}, "decompression bomb"),
    (B.pdf_with_text, "e.pdf", {"max_file_bytes": 100}, "byte limit"),
]


@pytest.mark.parametrize("build,name,limits,words", LIMIT_CASES, ids=[c[1] for c in LIMIT_CASES])
def test_limits_raise_limit_exceeded(tmp_path, build, name, limits, words):
    from extractor.errors import LimitExceededError
    from extractor.read import Limits, read

    path = build(tmp_path / name)
    with pytest.raises(LimitExceededError, match=words) as info:
        read(path, limits=Limits(**limits))
    assert info.value.path == str(path) and "\n" not in str(info.value)


def test_stream_guard_passes_ordinary_pdfs(tmp_path):
    """The decompression guard must not refuse a real (reportlab, compressed) PDF."""
    from extractor.read import Limits
    from extractor.read.pdf import check_streams

    path = B._reportlab_pdf(tmp_path / "ok.pdf", pages=3)
    check_streams(path, Limits(max_stream_bytes=10_000))


# ------------------------------------------------- -o killed mid-write

SLOW_FSYNC = """
import os, sys, time
_fsync = os.fsync
def slow(fd):
    sys.stderr.write("FSYNC\\n"); sys.stderr.flush()
    time.sleep(0.4)
    _fsync(fd)
os.fsync = slow
sys.argv = ["extract", *sys.argv[1:]]
from extractor.cli import entry
entry()
"""


def test_output_file_killed_mid_write_is_never_partial(tmp_path):
    """``extract FILE -o out.json`` killed at random points (and once inside
    the write, before the rename): out.json is the old file or the new one."""
    doc = B.write(B.VIET.encode())(tmp_path / "plan.txt")
    out = tmp_path / "out" / "plan.json"
    out.parent.mkdir()
    old = '{"old": true}\n'
    rng = random.Random(8)
    for trial in range(4):
        out.write_text(old)
        proc = subprocess.Popen([sys.executable, "-c", SLOW_FSYNC, str(doc), "-o", str(out)],
                                stderr=subprocess.PIPE, cwd=ROOT)
        if trial == 0:  # deterministic: inside write_atomic, data written, not yet renamed
            assert proc.stderr.readline() == b"FSYNC\n"
        else:
            time.sleep(rng.uniform(0.3, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
        text = out.read_text()
        assert text == old or json.loads(text)["source"]["path"] == str(doc), text[:200]
        if trial == 0:
            assert text == old
    assert {p.name for p in out.parent.iterdir() if not p.name.startswith(".")} == {"plan.json"}


def test_outputs_go_only_where_named(tmp_path):
    """A hostile input name never decides where output goes."""
    src = tmp_path / "in"
    src.mkdir()
    doc = B.write(B.VIET.encode())(src / "..; $(touch x) ..\\..%2F.txt")
    out = tmp_path / "out"
    before = set(tmp_path.rglob("*"))
    o = run_extract([str(doc), "-o", str(out / "r.json"), "--html", str(out / "r.html")],
                    timeout=30, cwd=src)
    assert o.code == 0, o.stderr
    assert set(tmp_path.rglob("*")) - before == {out, out / "r.json", out / "r.html"}


# -------------------------------------------------------------- security

def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def test_no_shell_and_safe_xml_in_the_code_base():
    """No ``shell=True``, ``os.system``/``os.popen``; XML parsed only with defusedxml."""
    offenders = []
    for py in sorted((ROOT / "extractor").rglob("*.py")):
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for call in _calls(tree):
            for kw in call.keywords:
                if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    offenders.append(f"{py.name}:{call.lineno} shell=")
            f = call.func
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "os" \
                    and f.attr in ("system", "popen", "execl", "execlp", "spawnl", "spawnlp"):
                offenders.append(f"{py.name}:{call.lineno} os.{f.attr}")
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, (ast.Import, ast.ImportFrom)) else []
            mod = node.module if isinstance(node, ast.ImportFrom) else ""
            for name in [mod or "", *names]:
                if name.startswith(("xml.", "lxml", "xml")) and name not in ("xml",):
                    offenders.append(f"{py.name}:{node.lineno} imports {name} (use defusedxml)")
    assert offenders == []


def test_billion_laughs_refused_fast_in_process(tmp_path):
    from extractor.errors import CorruptFileError
    from extractor.read import read

    path = B.billion_laughs_docx(tmp_path / "laughs.docx")
    start = time.perf_counter()
    with pytest.raises(CorruptFileError, match="forbidden XML"):
        read(path)
    assert time.perf_counter() - start < 2
