"""``extract eval``: precision, recall and F1 per family against corpus/expected.

Expected files are the hand-written subset of the contract described in
``corpus/README.md``. Matching rules, per family:

- document: each scalar field (signer and period fields included) counts
  once; values compare case-insensitively with whitespace and quote styles
  unified. Recipients count as a multiset of items.
- sections: same ``id`` and a similar title (rapidfuzz ratio >= 80).
- dates: same ``value`` and ``end`` (kind agreement is reported separately).
- legal_references: same canonical id (spaces dropped, ``QD`` read ``QĐ``);
  references cited by name match by fuzzy name.
- duty_agencies: the distinct agencies given duties, matched one-to-one by
  fuzzy name (token_sort_ratio >= 85 after abbreviations are expanded);
  ``duty_roles`` scores the ``(agency, role)`` pairs of matched agencies.
- targets: same value (and value_max) and a compatible unit; comparator
  agreement is reported separately.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FAMILIES = ("document", "sections", "dates", "legal_references", "duty_agencies", "duty_roles", "targets")
DOC_FIELDS = ("type", "type_code", "number", "symbol", "number_symbol", "issuer", "parent_issuer",
              "place", "issued_date", "title", "period.start", "period.end", "signer.name",
              "signer.position", "signer.authority")
SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


@dataclass
class Score:
    """True positives, false positives and false negatives of one family."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Report:
    """Scores per family, overall and per document."""

    families: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FAMILIES})
    per_doc: dict[str, dict[str, Score]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    agreement: dict[str, list[int]] = field(default_factory=lambda: {"date_kind": [0, 0], "target_comparator": [0, 0]})

    @property
    def mean_f1(self) -> float:
        return sum(s.f1 for s in self.families.values()) / len(self.families)

    def to_dict(self) -> dict[str, Any]:
        return {
            "families": {k: v.to_dict() for k, v in self.families.items()},
            "mean_f1": round(self.mean_f1, 4),
            "agreement": {k: (round(a / b, 4) if b else None) for k, (a, b) in self.agreement.items()},
            "documents": {d: {k: v.to_dict() for k, v in fam.items()} for d, fam in self.per_doc.items()},
            "errors": self.errors,
        }


# ---------------------------------------------------------------- normalise


def norm_text(value: Any) -> str:
    """Case-, space- and quote-insensitive form of a value."""
    if value is None:
        return ""
    s = unicodedata.normalize("NFC", str(value)).casefold()
    s = re.sub(r"[“”„\"«»]", '"', s)
    s = re.sub(r"[‘’]", "'", s)
    s = re.sub(r"\s*([-–,;:/()])\s*", r"\1", s)
    return re.sub(r"\s+", " ", s).strip(" .;:")


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def _get(d: dict | None, dotted: str) -> Any:
    cur: Any = d
    for part in dotted.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def _match(expected: list, predicted: list, same: Callable[[Any, Any], bool]) -> tuple[Score, list[tuple]]:
    """Greedy one-to-one matching in reading order."""
    used = [False] * len(predicted)
    pairs = []
    for e in expected:
        for k, p in enumerate(predicted):
            if not used[k] and same(e, p):
                used[k] = True
                pairs.append((e, p))
                break
    tp = len(pairs)
    return Score(tp, len(predicted) - tp, len(expected) - tp), pairs


# ----------------------------------------------------------------- families


def score_document(exp: dict, got: dict) -> Score:
    s = Score()
    for name in DOC_FIELDS:
        e, g = _get(exp, name), _get(got, name)
        if e in (None, "") and g in (None, ""):
            continue
        if e not in (None, "") and g not in (None, "") and norm_text(e) == norm_text(g):
            s.tp += 1
            continue
        if g not in (None, ""):
            s.fp += 1
        if e not in (None, ""):
            s.fn += 1
    rs, _ = _match([norm_text(r) for r in exp.get("recipients") or []],
                   [norm_text(r) for r in got.get("recipients") or []], lambda a, b: a == b)
    s.add(rs)
    return s


def score_sections(exp: list[dict], got: list[dict]) -> Score:
    def same(e, g):
        return e["id"] == g["id"] and _ratio(norm_text(e.get("title")), norm_text(g.get("title"))) >= 80
    return _match(exp, got, same)[0]


def score_dates(exp: list[dict], got: list[dict], agreement: list[int]) -> Score:
    s, pairs = _match(exp, got, lambda e, g: (e.get("value"), e.get("end")) == (g.get("value"), g.get("end")))
    agreement[0] += sum(1 for e, g in pairs if e.get("kind") == g.get("kind"))
    agreement[1] += len(pairs)
    return s


def ref_key(ref: dict) -> str:
    rid = str(ref.get("id") or "")
    rid = re.sub(r"\s+", "", rid)
    rid = re.sub(r"(?<![A-ZĐa-zđ])QD(?![A-Za-z])", "QĐ", rid)
    return rid.casefold()


def score_refs(exp: list[dict], got: list[dict]) -> Score:
    def same(e, g):
        if e.get("number") or g.get("number"):
            return ref_key(e) == ref_key(g)
        return _ratio(norm_text(e.get("id")), norm_text(g.get("id") or g.get("name"))) >= 85
    return _match(exp, got, same)[0]


def _agency_key(name: str) -> str:
    from .metadata import expand_abbreviations

    return norm_text(expand_abbreviations(name or ""))


def score_duties(exp: list[dict], got: list[dict]) -> tuple[Score, Score]:
    from rapidfuzz import fuzz

    e_roles: dict[str, set[str]] = {}
    for d in exp:
        e_roles.setdefault(_agency_key(d["agency"]), set()).add(d["role"])
    g_roles: dict[str, set[str]] = {}
    for d in got:
        g_roles.setdefault(_agency_key(d["agency"]), set()).add(d["role"])
    # best-first one-to-one matching of agency names
    cands = sorted(((fuzz.token_sort_ratio(a, b), a, b) for a in e_roles for b in g_roles), reverse=True)
    matched: dict[str, str] = {}
    taken: set[str] = set()
    for score, a, b in cands:
        if score < 85:
            break
        if a not in matched and b not in taken:
            matched[a] = b
            taken.add(b)
    agencies = Score(len(matched), len(g_roles) - len(matched), len(e_roles) - len(matched))
    roles = Score()
    for a, rs in e_roles.items():
        grs = g_roles.get(matched.get(a, ""), set())
        roles.tp += len(rs & grs)
        roles.fn += len(rs - grs)
    for b, grs in g_roles.items():
        a = next((x for x, y in matched.items() if y == b), None)
        roles.fp += len(grs - (e_roles.get(a, set()) if a else set()))
    return agencies, roles


def _num(v: Any) -> float | None:
    try:
        return float(v) if v is not None else None
    except (TypeError, ValueError):
        return None


def score_targets(exp: list[dict], got: list[dict], agreement: list[int]) -> Score:
    def same(e, g):
        if _num(e.get("value")) != _num(g.get("value")) or _num(e.get("value_max")) != _num(g.get("value_max")):
            return False
        eu, gu = norm_text(e.get("unit")), norm_text(g.get("unit"))
        return not eu or not gu or eu == gu or eu in gu or gu in eu or _ratio(eu, gu) >= 70
    s, pairs = _match(exp, got, same)
    agreement[0] += sum(1 for e, g in pairs if (e.get("comparator") or "=") == (g.get("comparator") or "="))
    agreement[1] += len(pairs)
    return s


def score(expected: dict, got: dict, report: Report, name: str) -> None:
    """Add one document's scores to ``report``."""
    fam = {
        "document": score_document(expected.get("document") or {}, got.get("document") or {}),
        "sections": score_sections(expected.get("sections") or [], got.get("sections") or []),
        "dates": score_dates(expected.get("dates") or [], got.get("dates") or [], report.agreement["date_kind"]),
        "legal_references": score_refs(expected.get("legal_references") or [], got.get("legal_references") or []),
    }
    fam["duty_agencies"], fam["duty_roles"] = score_duties(expected.get("duties") or [], got.get("duties") or [])
    fam["targets"] = score_targets(expected.get("targets") or [], got.get("targets") or [],
                                   report.agreement["target_comparator"])
    report.per_doc[name] = fam
    for k, v in fam.items():
        report.families[k].add(v)


# ------------------------------------------------------------------ running


def find_pairs(corpus: Path) -> list[tuple[Path, Path]]:
    """(document, expected file) pairs of a corpus folder (``docs/`` + ``expected/``)."""
    docs_dir = corpus / "docs" if (corpus / "docs").is_dir() else corpus
    exp_dir = corpus / "expected" if (corpus / "expected").is_dir() else corpus
    pairs = []
    for doc in sorted(docs_dir.iterdir()):
        if doc.suffix.lower() in SUFFIXES:
            exp = exp_dir / f"{doc.stem}.json"
            if exp.is_file():
                pairs.append((doc, exp))
    return pairs


def scan_pairs(corpus: Path, variants: Iterable[str] | None = None) -> list[tuple[Path, Path]]:
    """(rendered variant, expected file) pairs from ``corpus/scans.yaml``."""
    import yaml

    manifest = yaml.safe_load((corpus / "scans.yaml").read_text(encoding="utf-8"))
    root = (corpus.resolve().parent / manifest["root"]).resolve()
    wanted = list(variants or manifest["variants"])
    pairs = []
    for stem, expected in manifest["documents"].items():
        for variant in wanted:
            doc = root / f"{stem}.{variant}.pdf"
            if doc.is_file():
                pairs.append((doc, corpus / "expected" / f"{expected}.json"))
    return pairs


def evaluate(corpus: str | Path = "corpus", *, extract_fn: Callable[[Path], dict] | None = None,
             pairs: Iterable[tuple[Path, Path]] | None = None) -> Report:
    """Run the extractor over every document with an expected file and score it."""
    if extract_fn is None:
        from .pipeline import extract

        def extract_fn(p: Path) -> dict:
            return extract(p).to_dict()
    report = Report()
    for doc, exp_path in pairs if pairs is not None else find_pairs(Path(corpus)):
        expected = json.loads(exp_path.read_text(encoding="utf-8"))
        try:
            got = extract_fn(doc)
        except Exception as exc:  # noqa: BLE001 - a failing document is scored as empty
            report.errors[doc.name] = f"{type(exc).__name__}: {exc}"
            got = {}
        score(expected, got, report, doc.name)
    return report


def format_table(report: Report) -> str:
    """The README's accuracy table."""
    rows = ["| family | precision | recall | F1 |", "|---|---:|---:|---:|"]
    for name, s in report.families.items():
        rows.append(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
    rows.append(f"| **mean** | | | **{report.mean_f1:.3f}** |")
    agree = report.to_dict()["agreement"]
    rows.append("")
    rows.append(f"Agreement on matched items: date kind {agree['date_kind']}, "
                f"target comparator {agree['target_comparator']}.")
    return "\n".join(rows)
