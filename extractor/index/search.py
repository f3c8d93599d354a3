"""Full-text search over the index: accent-insensitive, exact accents first.

A query is parsed into terms (words, ``"quoted phrases"``, ``prefix*``).
Every term is folded (``giáo dục`` -> ``giao duc``) and matched against the
folded columns of ``documents_fts``, so ``giao duc``, ``GIÁO DỤC`` and
``dao tao`` (for ``đào tạo``) all find their documents. When the query
itself carries marks, documents that also match it as written (in
``documents_exact_fts``) are ranked first; then those holding its words as
one phrase; inside each group the order is FTS5's bm25, with the title
weighted up. Each hit shows its best passage
(a section's own text, a duty task or the title) with a snippet.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from .filters import DocFilter
from .fold import WORD, fold

__all__ = ["Hit", "Term", "parse_query", "search", "make_snippet", "TITLE_WEIGHT", "KIND_WEIGHT"]

# "giáo dục" (a phrase) | mầm (a word) | tuyên* (a prefix)
QUERY_TERM = re.compile(r'"(?P<phrase>[^"]*)"(?P<pstar>\*)?|(?P<word>\w+)(?P<star>\*)?')

#: bm25 weight of the title column against the text of a document.
TITLE_WEIGHT = 4.0
#: Passages of one hit compared in Python when choosing the one to show.
CANDIDATES = 4
#: Preference between passage kinds, when choosing the passage to show.
KIND_WEIGHT = {"title": 2.0, "duty": 1.5, "section": 1.0}


@dataclass(frozen=True)
class Term:
    """One query term: its words as typed, and whether the last is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self, folded: bool) -> str:
        text = " ".join(fold(w) if folded else w for w in self.words)
        return f'"{text}"' + ("*" if self.prefix else "")


@dataclass
class Hit:
    """One matching passage with where it sits and a snippet to show."""

    kind: str  # title | section | duty
    score: float
    exact: bool
    source: str | None
    number_symbol: str | None
    type_code: str | None
    issued_date: str | None
    issuer: str | None
    title: str | None
    section: str | None
    section_path: str | None
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)
    span: tuple[int, int] | None = None
    doc_id: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["highlights"] = [list(h) for h in self.highlights]
        d["span"] = list(self.span) if self.span else None
        d["score"] = round(self.score, 4) + 0.0  # no "-0.0"
        return d


def _normalise_query(query: str) -> str:
    from ..normalize import fix_tone_marks  # same tone placement as the indexed text

    return fix_tone_marks(unicodedata.normalize("NFC", query))


def parse_query(query: str) -> list[Term]:
    """Terms of a query; raises InputError when it has no word at all."""
    terms = []
    for m in QUERY_TERM.finditer(_normalise_query(query)):
        if m.group("word"):
            terms.append(Term((m.group("word"),), bool(m.group("star"))))
        else:
            words = tuple(WORD.findall(m.group("phrase")))
            if words:
                terms.append(Term(words, bool(m.group("pstar"))))
    if not terms:
        raise InputError(f"the query {query!r} has no words to search for")
    return terms


def _match(terms: list[Term], folded: bool) -> str:
    return "(" + " ".join(t.fts(folded) for t in terms) + ")"


def search(conn: sqlite3.Connection, query: str, *, where: DocFilter | None = None,
           limit: int = 20) -> list[Hit]:
    """Documents matching ``query``, best first, each with its best passage.

    ``where`` filters documents (type, issuer, dates, agency). Documents are
    ranked in ``documents_fts`` (one row per document, so the cost grows with
    the number of documents, not of sections); the passage shown is the best
    one of that document in ``passages_fts``.
    """
    terms = parse_query(query)
    cond, params = (where or DocFilter()).sql()
    has_marks = any(fold(w).lower() != w.lower() for t in terms for w in t.words)
    exact_sql = ("d.id IN (SELECT rowid FROM documents_exact_fts WHERE documents_exact_fts MATCH ?)"
                 if has_marks else "0")
    # Vietnamese words are syllables: documents holding the query's words
    # next to each other (chi lang -> "Chi Lăng", not "chỉ … Lạng") come first
    phrase = [Term(tuple(w for t in terms for w in t.words), terms[-1].prefix)]
    phrase_sql = ("d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
                  if len(terms) > 1 else "0")
    # FTS5 clamps the idf of a term found in over half the documents to ~0,
    # so bm25 ties on common words; the title and the date then decide.
    score_sql = "0.0" if _bm25_is_flat(conn, terms) else f"bm25(documents_fts, {TITLE_WEIGHT}, 1.0)"
    sql = (f"SELECT d.id, {score_sql} AS score, {exact_sql} AS exact,"
           f" {phrase_sql} AS phrase,"
           " d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?) AS in_title"
           " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
           f" WHERE documents_fts MATCH ? AND {cond}"
           " ORDER BY exact DESC, phrase DESC, round(score, 3), in_title DESC, d.issued_date DESC LIMIT ?")
    fold_match = _match(terms, folded=True)
    args = ([_match(terms, folded=False)] if has_marks else []) + (
        [_match(phrase, folded=True)] if len(terms) > 1 else []) + [f"title_fold : {fold_match}", fold_match]
    try:
        ranked = conn.execute(sql, [*args, *params, limit]).fetchall()
        query = _PassagePicker(terms)
        return [_hit(conn, row["id"], row["score"], bool(row["exact"]), query, has_marks)
                for row in ranked]
    except sqlite3.OperationalError as exc:
        raise InputError(f"cannot search: {exc}") from exc


def _bm25_is_flat(conn: sqlite3.Connection, terms: list[Term]) -> bool:
    """Whether bm25 would give every document the same score (after rounding).

    FTS5's bm25 sets the idf of a word found in at least half the documents
    to 1e-6. When every term is such a word, computing bm25 (which reads the
    length and every occurrence of the words in each matching document) only
    costs time; counting a word's documents reads its postings once. Phrases
    and prefixes are not looked up: bm25 is computed for them.
    """
    if any(t.prefix or len(t.words) != 1 or "_" in t.words[0] for t in terms):
        return False
    n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    for t in terms:
        hits = conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?",
                            (t.fts(folded=True),)).fetchone()[0]
        if 2 * hits < n:
            return False
    return True


def _best_passage(conn: sqlite3.Connection, span: tuple[int | None, int | None], query: _PassagePicker,
                  has_marks: bool) -> sqlite3.Row | None:
    """The passage of one document to show.

    FTS5 finds, in the document's ``span`` of passage rowids (contiguous),
    the first passages with all the query's terms, else with any;
    ``_PassagePicker.score`` picks among those few. No bm25 here: its idf
    statistics make FTS5 read every posting of a common word.
    """
    lo, hi = span
    if lo is None:
        return None
    ids: list[int] = []
    for expr in query.tiers:
        ids = [r[0] for r in conn.execute("SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?"
                                          " AND rowid BETWEEN ? AND ? LIMIT ?", (expr, lo, hi, CANDIDATES))]
        if ids:
            break
    if not ids:
        return None
    rows = conn.execute(f"SELECT * FROM passages WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
    return max(rows, key=lambda r: query.score(r["body"], r["kind"], r["id"], has_marks))


class _PassagePicker:
    """The query prepared once, to choose the passage shown for each hit."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        words = [w for t in terms for w in t.words]
        # the query as one phrase, and each word, as written: preferred among candidates
        self.phrase = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)
        self.written = [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.IGNORECASE) for w in words]
        # no phrase tier: a phrase over a rowid range costs FTS5 milliseconds;
        # a prefix is first tried as a whole word (expanding it costs more)
        whole = [Term(t.words) for t in terms]
        self.tiers = list(dict.fromkeys([_match(whole, folded=True), _match(terms, folded=True),
                                         _any(terms)]))

    def score(self, body: str, kind: str, order: int, has_marks: bool) -> tuple:
        """Sort key among candidates, best highest: holding the query as one
        phrase as written, then its words written with their marks, then the
        kind (a title, then a duty task, then a section), then the earlier."""
        return (bool(self.phrase.search(body)), has_marks and all(r.search(body) for r in self.written),
                KIND_WEIGHT.get(kind, 1.0), -order)


def _any(terms: list[Term]) -> str:
    return " OR ".join(t.fts(True) for t in terms)


def _hit(conn: sqlite3.Connection, doc_id: int, score: float, exact: bool, query: _PassagePicker,
         has_marks: bool) -> Hit:
    d = conn.execute("SELECT source_path, number_symbol, type_code, issued_date, issuer, title,"
                     " substr(text, 1, 300) AS head, (SELECT min(id) FROM passages WHERE doc_id = ?1) AS lo,"
                     " (SELECT max(id) FROM passages WHERE doc_id = ?1) AS hi FROM documents WHERE id = ?1",
                     (doc_id,)).fetchone()
    p = _best_passage(conn, (d["lo"], d["hi"]), query, has_marks)
    body = p["body"] if p else (d["title"] or d["head"])
    text, marks = make_snippet(body, query.terms)
    path = None
    if p is not None and p["section_id"] is not None:
        row = conn.execute("SELECT path FROM sections WHERE doc_id = ? AND section_id = ? ORDER BY ord"
                           " LIMIT 1", (doc_id, p["section_id"])).fetchone()
        path = row["path"] if row else None
    span = (p["start"], p["end"]) if p is not None and p["start"] is not None else None
    return Hit(kind=p["kind"] if p else "title", score=score, exact=exact, source=d["source_path"],
               number_symbol=d["number_symbol"], type_code=d["type_code"], issued_date=d["issued_date"],
               issuer=d["issuer"], title=d["title"], section=p["section_id"] if p else None,
               section_path=path, snippet=text, highlights=marks, span=span, doc_id=doc_id)


def make_snippet(body: str, terms: list[Term], width: int = 220) -> tuple[str, list[tuple[int, int]]]:
    """A window of ``body`` around the densest matches, with the matched words' offsets."""
    whole = sorted({fold(w).lower() for t in terms for w in t.words}, key=len, reverse=True)
    prefixes = [fold(t.words[-1]).lower() for t in terms if t.prefix]
    alternatives = [re.escape(p) + r"\w*" for p in prefixes] + [re.escape(w) for w in whole]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    folded = fold(body).lower()
    if len(folded) == len(body):  # NFC text: offsets in the folded body are offsets in body
        hits = [m.span() for m in pattern.finditer(folded)]
    else:
        hits = [m.span() for m in WORD.finditer(body) if pattern.fullmatch(fold(m.group()).lower())]
    if not hits:
        return _clip(body, 0, width), []
    best, most, j = 0, 0, 0
    for i, (s, _e) in enumerate(hits):  # the window of 0.7 * width holding most hits
        while j < len(hits) and hits[j][0] < s + width * 0.7:
            j += 1
        if j - i > most:
            best, most = i, j - i
    start = max(0, hits[best][0] - width // 4)
    while 0 < start < len(body) and not body[start - 1].isspace():
        start -= 1
    end = min(len(body), start + width)
    while end < len(body) and not body[end].isspace() and end - start < width + 30:
        end += 1
    prefix = "…" if start > 0 else ""
    snippet = prefix + " ".join(body[start:end].split("\n")) + ("…" if end < len(body) else "")
    shift = len(prefix) - start
    return snippet, [(s + shift, e + shift) for s, e in hits if s >= start and e <= end]


def _clip(text: str, start: int, width: int) -> str:
    piece = text[start:start + width].replace("\n", " ")
    return piece + ("…" if len(text) > start + width else "")
