"""The ``extract`` command: a thin layer over the library.

Each command parses options, makes one library call and reports. Library
errors become one line ``extract: FILE: reason`` and the exit code of the
error class (see ``errors.py``); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import os
import re
import sys
import warnings
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import ExtractorError


class _DefaultGroup(TyperGroup):
    """``extract FILE`` runs the default command; ``extract eval …`` a subcommand."""

    default_command = "run"

    def parse_args(self, ctx, args):  # type: ignore[override]
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx, formatter):  # type: ignore[override]
        formatter.write_usage("extract", "FILE [OPTIONS] | COMMAND [ARGS]...")


app = typer.Typer(
    cls=_DefaultGroup,
    help="Structured JSON from Vietnamese government plans, decisions, công văn and reports.\n\n"
         "Example: extract corpus/docs/kh-74-ubnd-chi-lang-2024.txt --summary",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _fail(exc: BaseException, debug: bool, path: str | None = None) -> None:
    if debug:
        raise exc
    if isinstance(exc, ExtractorError):
        where = exc.path or path
        msg = f"extract: {where}: {exc.reason}" if where else f"extract: {exc.reason}"
        code = exc.exit_code
    elif isinstance(exc, KeyboardInterrupt):
        msg, code = "extract: interrupted", 130
    else:
        first = str(exc).splitlines()[0] if str(exc) else ""
        msg = f"extract: {path or '-'}: internal error: {type(exc).__name__}: {first}"
        code = 1
    # one line, even for a file name or reason holding a newline or escape sequence
    typer.echo(_CONTROL.sub(lambda m: repr(m.group(0))[1:-1], msg), err=True)
    raise typer.Exit(code)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def write_atomic(path: Path, data: str) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vn-plan-extractor {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Structured JSON from Vietnamese government plans.

    Example: extract plan.pdf -o plan.json
    """


@app.command("run", help="Extract one document and print its JSON (the default command).\n\n"
             "Example: extract plan.pdf -o plan.json --summary")
def run(
    file: Path = typer.Argument(..., help="Document: .txt, .md, .pdf, .docx, .png, .jpg, .tif."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the JSON here instead of stdout."),
    compact: bool = typer.Option(False, "--compact", help="One-line JSON."),
    summary: bool = typer.Option(False, "--summary", help="Print a readable overview instead of JSON "
                                 "(with -o, the JSON is still written)."),
    ocr: str = typer.Option("auto", "--ocr", help="auto | always | never: when to OCR pages."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="OCR worker processes (default: cores)."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a review page (HTML) here."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    if ocr not in ("auto", "always", "never"):
        raise typer.BadParameter("must be auto, always or never", param_hint="--ocr")
    from .pipeline import extract

    try:
        with warnings.catch_warnings():
            if not debug:  # library warnings (Pillow, pdfminer) would break the one-line contract
                warnings.simplefilter("ignore")
            result = extract(file, ocr=ocr, jobs=jobs)
        data = result.to_json(indent=None if compact else 2)
        if output:
            write_atomic(output, data + "\n")
        if html:
            from .review import render_review

            write_atomic(html, render_review(result))
        if summary:
            from .summary import print_summary

            print_summary(result)
        elif not output:
            sys.stdout.write(data + "\n")
    except (ExtractorError, OSError, KeyboardInterrupt, Exception) as exc:  # noqa: BLE001
        if isinstance(exc, typer.Exit):
            raise
        if isinstance(exc, OSError) and not isinstance(exc, ExtractorError):
            exc = ExtractorError(exc.strerror or str(exc), str(getattr(exc, "filename", None) or file))
        _fail(exc, debug, str(file))


@app.command("eval", help="Score the extractor against hand-checked expected files.\n\n"
             "Example: extract eval corpus --json")
def eval_cmd(
    corpus: Path = typer.Argument(Path("corpus"), help="Folder with docs/ and expected/."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    per_doc: bool = typer.Option(False, "--per-doc", help="Also print F1 per document and family."),
    scans: Optional[str] = typer.Option(None, "--scans", help="Score the rendered seed variants listed in "
                                        "CORPUS/scans.yaml instead: digital, scan, photo or all."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    from .evaluate import evaluate, format_table, scan_pairs

    try:
        pairs = None
        if scans:
            pairs = scan_pairs(corpus, None if scans == "all" else scans.split(","))
            if not pairs:
                raise ExtractorError("no rendered variants found (is shared/scans beside the repository?)",
                                     str(corpus / "scans.yaml"))
        report = evaluate(corpus, pairs=pairs)
    except Exception as exc:  # noqa: BLE001
        _fail(exc, debug, str(corpus))
        return
    if as_json:
        import json

        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo(format_table(report))
    if per_doc:
        for name, fam in report.per_doc.items():
            typer.echo(f"{name}: " + ", ".join(f"{k} {v.f1:.2f}" for k, v in fam.items()))
    for name, err in report.errors.items():
        typer.echo(f"error: {name}: {err}", err=True)


def entry() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("extract: interrupted", err=True)
        sys.exit(130)


# Commands defined in their own modules register themselves on ``app``.
from . import cli_batch  # noqa: E402,F401  (registers "batch")
from . import cli_index  # noqa: E402,F401  (registers index, search, export, audit)

if __name__ == "__main__":
    # run the package's module, on which the other command modules registered
    from extractor.cli import entry as _entry

    _entry()
