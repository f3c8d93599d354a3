"""The ``extract batch`` command: a thin layer over ``extractor.batch.run``.

Progress goes to stderr: a rich progress bar on a terminal, plain log lines
otherwise (a failure as it happens, a status line every few seconds).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import List, Optional

import typer

from .cli import _fail, app

_LOG_EVERY = 5.0  # seconds between plain progress lines


class _PlainProgress:
    """Log lines for pipes and CI."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.total = 0
        self.last = time.monotonic()

    def start(self, total: int) -> None:
        self.total = total
        if not self.quiet:
            typer.echo(f"extract: batch: {total} files", err=True)

    def update(self, rec, summary) -> None:
        if rec.status == "failed" and not self.quiet:
            err = rec.error or {}
            typer.echo(f"extract: {rec.path}: {err.get('message')} ({err.get('type')})", err=True)
        now = time.monotonic()
        if now - self.last >= _LOG_EVERY and not self.quiet:
            self.last = now
            typer.echo(f"extract: batch: {_progress_line(summary, self.total)}", err=True)

    def stop(self) -> None:
        pass


class _RichProgress:
    """A progress bar with documents, pages and ETA."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self.console = Console(stderr=True)
        self.progress = Progress(TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("docs · {task.fields[pages]} pages · {task.fields[failed]} failed"),
                                 TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                 console=self.console, transient=False)
        self.task = None

    def start(self, total: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("batch", total=total, pages=0, failed=0)

    def update(self, rec, summary) -> None:
        if rec.status == "failed":
            err = rec.error or {}
            from rich.markup import escape

            what = escape(f"{rec.path}: {err.get('message')} ({err.get('type')})")
            self.progress.console.print(f"[red]failed[/] {what}", highlight=False)
        self.progress.update(self.task, advance=1, pages=summary.pages, failed=summary.failed)

    def stop(self) -> None:
        self.progress.stop()


def _progress_line(summary, total: int) -> str:
    n = summary.done + summary.reused + summary.skipped + summary.failed
    rate = n / summary.seconds if summary.seconds else 0.0
    eta = f", ETA {int((total - n) / rate)} s" if rate else ""
    return f"{n}/{total} files, {summary.pages} pages, {summary.failed} failed{eta}"


@app.command("batch", help="Extract every document of an archive into one JSON Lines file, in parallel; "
             "re-running resumes where it stopped.\n\n"
             "Each line is a document's JSON (with \"source\"), or {\"source\": …, \"error\": …} for a "
             "file that failed. Files are keyed by path and sha256: finished ones are skipped, --force "
             "redoes them. Exit status 0 when the batch ran to the end, even if some files failed.\n\n"
             "Example: extract batch archive/ --out results.jsonl")
def batch_cmd(
    sources: List[str] = typer.Argument(..., metavar="SRC...",
                                        help="Files, folders (walked recursively) or quoted glob patterns."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSON Lines output (appended; enables resume). "
                                       "Default: stdout, without resume."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write error records here instead of --out."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Document worker processes "
                                       "(default: cores). Each OCRs with cores/jobs processes."),
    force: bool = typer.Option(False, "--force", help="Redo files already in the output."),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Redo files whose record is an error."),
    timeout: float = typer.Option(600.0, "--timeout", min=0, help="Seconds per document before its worker "
                                  "is killed (0: no limit)."),
    memory_mb: int = typer.Option(4096, "--memory-mb", min=0, help="Address-space cap per worker, MB (0: none)."),
    ocr: str = typer.Option("auto", "--ocr", help="auto | always | never: when to OCR pages."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run on a Dask cluster, e.g. "
                                            "tcp://host:8786 (needs the [distributed] extra)."),
    local_cluster: Optional[int] = typer.Option(None, "--local-cluster", min=1, help="Start a Dask LocalCluster "
                                                "of N workers on 127.0.0.1 and run on it."),
    fn: str = typer.Option("extractor.pipeline:extract", "--fn", hidden=True,
                           help="Extractor run in the workers, module:function (tests, custom pipelines)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the closing summary on stderr."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    if ocr not in ("auto", "always", "never"):
        raise typer.BadParameter("must be auto, always or never", param_hint="--ocr")
    if scheduler and local_cluster:
        raise typer.BadParameter("use either --scheduler or --local-cluster", param_hint="--local-cluster")
    from .batch import Summary, run

    tty = sys.stderr.isatty() and not quiet
    progress = _RichProgress() if tty else _PlainProgress(quiet)
    summary = Summary()
    started = False

    def on_start(total: int) -> None:
        nonlocal started
        summary.total, started = total, True
        progress.start(total)

    try:
        records = run(sources, out=out, errors=errors, jobs=jobs, force=force, retry_failed=retry_failed,
                      timeout=timeout, memory_mb=memory_mb, ocr=ocr, scheduler=scheduler,
                      local_cluster=local_cluster, fn=fn, on_start=on_start)
        for rec in records:
            summary.add(rec)
            if out is None and rec.line:
                _write_stdout(rec.line)
            progress.update(rec, summary)
    except BaseException as exc:  # noqa: BLE001 - the CLI turns everything into one line
        if started:
            progress.stop()
            typer.echo(f"extract: batch stopped: {summary}", err=True)
        if isinstance(exc, (typer.Exit, SystemExit)):
            raise
        from .errors import ExtractorError

        if isinstance(exc, OSError):
            exc = ExtractorError(exc.strerror or str(exc), str(getattr(exc, "filename", None) or out))
        _fail(exc, debug, str(out) if out else None)
        return
    progress.stop()
    typer.echo(f"extract: batch: {summary}", err=True)


def _write_stdout(line: str) -> None:
    sys.stdout.write(line)
    sys.stdout.flush()
