"""Commands over the search index: ``index``, ``search``, ``export``, ``audit``.

Registered on the main ``extract`` app by one import at the end of
``cli.py``. Each command parses options, calls the library in
``extractor.index`` and reports; library errors go through ``_fail``.
Nothing heavy is imported at module level, so ``extract --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer

from .cli import _fail, app, write_atomic

DB_HELP = "The index database (SQLite)."
DEFAULT_DB = Path("plans.sqlite")


def _usage_error(exc: Exception) -> None:
    typer.echo(f"extract: {exc}", err=True)
    raise typer.Exit(2)


@contextmanager
def _reported(db: Path, debug: bool, *, usage: bool = False,
              cleanup: Callable[[], None] | None = None) -> Iterator[None]:
    """One command's library errors as one line and an exit code.

    With ``usage``, a ValueError is a bad option value (exit 2, e.g. a date
    that does not parse); anything else goes through ``_fail`` naming the
    database. ``cleanup`` runs first (e.g. remove a half-written file).
    """
    try:
        yield
    except Exception as exc:  # noqa: BLE001
        if cleanup:
            cleanup()
        if usage and isinstance(exc, ValueError):
            _usage_error(exc)
        _fail(exc, debug, str(db))


def _doc_filter(doc_type, issuer, date_from, date_to, agency=None, conn=None):
    from .index.filters import DocFilter, resolve_agencies

    keys = resolve_agencies(conn, agency, table="agencies") if agency else None
    return DocFilter(doc_type=doc_type, issuer=issuer, date_from=date_from, date_to=date_to, agency_keys=keys)


@app.command("index", help="Add documents to a search index (SQLite with FTS5), incrementally.\n\n"
             "SRC is a batch results .jsonl, contract .json files, documents or folders of documents "
             "(extracted first). A changed document replaces its old version; an unchanged one is "
             "skipped.\n\nExample: extract index out/results.jsonl corpus/docs --db plans.sqlite")
def index_cmd(
    src: list[Path] = typer.Argument(..., help="Results .jsonl, .json, documents or folders."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    ocr: str = typer.Option("auto", "--ocr", help="auto | always | never, for documents extracted here."),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    from .index.sources import iter_records
    from .index.store import connect, index_results

    with _reported(db, debug):
        conn = connect(db)
        stats = index_results(conn, iter_records(src, ocr=ocr))
        conn.close()
    if as_json:
        import json

        typer.echo(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(f"{db}: {stats.added} added, {stats.replaced} replaced, {stats.unchanged} unchanged, "
                   f"{len(stats.failed)} failed ({stats.seconds:.1f} s)")
    for f in stats.failed:
        typer.echo(f"extract: {f.source}: {f.error}", err=True)
    if stats.failed and not (stats.added or stats.replaced or stats.unchanged):
        raise typer.Exit(10)


@app.command("search", help="Search the index: accents optional (giao duc finds giáo dục, dao tao finds "
             "đào tạo), exact accented matches first.\n\nWords must all occur; \"quoted words\" form a "
             "phrase; a trailing * matches a prefix.\n\n"
             "Example: extract search \"khuyến học\" --db plans.sqlite --type KH --from 2024-01-01")
def search_cmd(
    query: str = typer.Argument(..., help="Words to find."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    doc_type: Optional[str] = typer.Option(None, "--type", help="Document type code or name: KH, QĐ, Kế hoạch."),
    issuer: Optional[str] = typer.Option(None, "--issuer",
                                         help="Issuer contains this (abbreviations and accents optional)."),
    agency: Optional[str] = typer.Option(None, "--agency", help="Only documents naming this agency (fuzzy)."),
    date_from: Optional[str] = typer.Option(None, "--from", help="Issued on or after (ISO date)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Issued on or before (ISO date, month or year)."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Number of hits."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    from .index.search import search
    from .index.store import connect

    with _reported(db, debug, usage=True):
        conn = connect(db, create=False)
        hits = search(conn, query, where=_doc_filter(doc_type, issuer, date_from, date_to, agency, conn),
                      limit=limit)
    if as_json:
        import json

        typer.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    _print_hits(hits)


def _print_hits(hits) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    if not hits:
        console.print("No documents match.")
    for n, h in enumerate(hits, 1):
        name = h.number_symbol or Path(h.source or "?").name
        head = Text(f"{n}. {name}", style="bold")
        head.append(" · " + " · ".join(x for x in (h.issued_date, h.issuer) if x))
        console.print(head)
        if h.title:
            console.print(Text("   " + (h.title if len(h.title) <= 110 else h.title[:109] + "…"), style="italic"))
        if h.kind == "title":
            where = "in the title"
        else:
            where = f"{h.kind} in {h.section_path}" if h.section_path else f"{h.kind} outside the numbered sections"
        console.print(Text(f"   {where}", style="dim"))
        snippet = Text("   " + h.snippet)
        for s, e in h.highlights:
            snippet.stylize("bold yellow", s + 3, e + 3)
        console.print(snippet)


@app.command("export", help="Export the index as Elasticsearch or OpenSearch bulk NDJSON, with a "
             "mapping file (Vietnamese folding analyser) beside it.\n\n"
             "Example: extract export --db plans.sqlite --format opensearch -o bulk.ndjson")
def export_cmd(
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    fmt: str = typer.Option("elasticsearch", "--format", help="elasticsearch | opensearch."),
    output: Path = typer.Option(..., "-o", "--output", help="The bulk NDJSON file to write."),
    mapping_path: Optional[Path] = typer.Option(None, "--mapping",
                                                help="Mapping file (default: OUTPUT with .mapping.json)."),
    index_name: str = typer.Option("vn-plans", "--index", help="Target index name."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    import json

    from .index.export import FORMATS, curl_commands, export_bulk, mapping
    from .index.store import connect

    if fmt not in FORMATS:
        _usage_error(ValueError(f"--format: expected one of {', '.join(FORMATS)}, got {fmt!r}"))
    mapping_path = mapping_path or output.with_name(output.stem + ".mapping.json")
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    with _reported(db, debug, cleanup=lambda: tmp.unlink(missing_ok=True)):
        conn = connect(db, create=False)
        output.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8") as fh:
            n = export_bulk(conn, fh, fmt, index_name)
        os.replace(tmp, output)
        write_atomic(mapping_path, json.dumps(mapping(fmt), ensure_ascii=False, indent=2) + "\n")
    typer.echo(f"{output}: {n} documents; mapping in {mapping_path}. Load with:", err=True)
    typer.echo(curl_commands(index_name, str(output), str(mapping_path),
                             "https://localhost:9200" if fmt == "opensearch" else "http://localhost:9200"),
               err=True)


@app.command("audit", help="List duties across indexed documents: agency, role, task, deadline, "
             "overdue flag, document and section. --agency accepts abbreviations and near spellings.\n\n"
             "Example: extract audit --db plans.sqlite --agency \"Phòng GDĐT\" --as-of 2025-01-01 "
             "--format html -o audit.html")
def audit_cmd(
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    agency: Optional[str] = typer.Option(None, "--agency", help="Agency name or abbreviation (fuzzy)."),
    role: Optional[str] = typer.Option(None, "--role", help="lead | cooperate | responsible."),
    doc_type: Optional[str] = typer.Option(None, "--type", help="Document type code or name."),
    issuer: Optional[str] = typer.Option(None, "--issuer", help="Issuer contains this."),
    date_from: Optional[str] = typer.Option(None, "--from", help="Documents issued on or after (ISO date)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Documents issued on or before (ISO date)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Overdue relative to this date (default today)."),
    by_agency_: bool = typer.Option(False, "--by-agency", help="Counts per agency by role and document."),
    fmt: str = typer.Option("table", "--format", help="table | csv | json | html."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks."),
) -> None:
    from .index.audit import audit, by_agency, to_csv, to_json, to_table
    from .index.store import connect

    if fmt not in ("table", "csv", "json", "html"):
        _usage_error(ValueError(f"--format: expected table, csv, json or html, got {fmt!r}"))
    with _reported(db, debug, usage=True):
        conn = connect(db, create=False)
        report = audit(conn, agency=agency, role=role, as_of=as_of,
                         where=_doc_filter(doc_type, issuer, date_from, date_to))
        counts = by_agency(report.rows) if by_agency_ else None
        if fmt == "html":
            from .index.audit_html import render_audit_html

            out = render_audit_html(conn, report)
        elif fmt == "csv":
            out = to_csv(report, counts)
        elif fmt == "json":
            out = to_json(report, counts) + "\n"
        else:
            out = None
    if report.agencies_matched is not None:
        typer.echo("agency matched: " + ("; ".join(report.agencies_matched) or "none"), err=True)
    if out is None:
        from rich.console import Console

        console = Console(file=open(output, "w", encoding="utf-8") if output else sys.stdout,
                          width=160 if output else None)
        console.print(to_table(report, counts))
        return
    if output:
        write_atomic(output, out)
        typer.echo(f"{output}: {len(report.rows)} duties", err=True)
    else:
        sys.stdout.write(out)
