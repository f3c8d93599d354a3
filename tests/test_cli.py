"""The command line: help on every command, output, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from extractor.cli import app

from corpus_util import CORPUS

runner = CliRunner()
SAMPLE = CORPUS / "docs" / "kh-74-ubnd-chi-lang-2024.txt"


def test_every_command_has_help_with_an_example() -> None:
    from typer.main import get_command

    group = get_command(app)
    assert group.commands
    for name, cmd in group.commands.items():
        assert cmd.help and "Example" in cmd.help, name
        res = runner.invoke(app, [name, "--help"])
        assert res.exit_code == 0, (name, res.output)


def test_json_on_stdout() -> None:
    res = runner.invoke(app, [str(SAMPLE)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["document"]["number_symbol"] == "74/KH-UBND"


def test_output_file_compact(tmp_path) -> None:
    out = tmp_path / "sub" / "r.json"
    res = runner.invoke(app, [str(SAMPLE), "-o", str(out), "--compact"])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert text.count("\n") == 1 and json.loads(text)["schema_version"] == "1"


def test_summary() -> None:
    res = runner.invoke(app, [str(SAMPLE), "--summary"])
    assert res.exit_code == 0, res.output
    assert "74/KH-UBND" in res.stdout and "Mục lục" in res.stdout


def test_version() -> None:
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.stdout.startswith("vn-plan-extractor")


@pytest.mark.parametrize("name,content,code,reason", [
    ("missing.txt", None, 10, "no such file"),     # does not exist
    ("empty.txt", b"", 10, "empty"),               # 0 bytes
    ("blank.txt", b"  \n\n ", 10, "empty"),        # whitespace only
    ("x.xyz", b"abc", 11, "unsupported"),          # unknown type
])
def test_errors_are_one_line_with_exit_codes(tmp_path, name, content, code, reason) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", str(path)], capture_output=True, text=True)
    assert proc.returncode == code, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"extract: {path}: ") and reason in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_debug_shows_traceback(tmp_path) -> None:
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", str(tmp_path / "missing.txt"), "--debug"],
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_eval_json() -> None:
    res = runner.invoke(app, ["eval", str(CORPUS), "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert set(report["families"]) >= {"document", "sections", "dates", "legal_references", "targets"}
