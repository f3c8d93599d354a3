"""Golden files: every corpus document against its hand-checked expected JSON.

Each output is validated against the shipped JSON Schema, every span must
point into ``text`` (and a date's ``text`` must equal ``text[span]``), and
the corpus-level F1 per family must not fall below the recorded floor.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from extractor.evaluate import Report, score

from corpus_util import corpus_pairs, extracted

PAIRS = corpus_pairs()
HOLDOUT = corpus_pairs("holdout")
# Floors under the measured scores (README "Accuracy"): a drop below fails.
FLOORS = {"document": 0.95, "sections": 0.95, "dates": 0.95, "legal_references": 0.95,
          "duty_agencies": 0.80, "duty_roles": 0.75, "targets": 0.75}


def test_corpus_is_not_empty() -> None:
    assert len(PAIRS) >= 10


@pytest.mark.parametrize("doc,exp", PAIRS + HOLDOUT, ids=[d.stem for d, _ in PAIRS + HOLDOUT])
def test_schema_and_spans(doc, exp, schema) -> None:
    out = extracted(str(doc))
    jsonschema.validate(out, schema)
    text = out["text"]
    n = len(text)

    def ok(span):
        return 0 <= span[0] <= span[1] <= n

    for s in out["sections"]:
        assert ok(s["span"]), s
    for d in out["dates"]:
        assert text[d["span"][0]:d["span"][1]] == d["text"], d
    for fam in ("duties", "targets"):
        for item in out[fam]:
            assert ok(item["span"]), item
    for r in out["legal_references"]:
        for m in r["mentions"]:
            assert ok(m["span"]), r["id"]
    for a in out["agencies"]:
        for m in a["mentions"]:
            assert ok(m["span"]), a["name"]
    section_ids = {s["id"] for s in out["sections"]}
    for d in out["dates"]:
        assert d["section"] is None or d["section"] in section_ids


# Per-document checks that fail because of a known extractor bug (not an
# annotation choice). Strict: once the extractor is fixed the case XPASSes and
# fails, so the entry has to be removed. (Empty now: d06's italic headings are read.)
KNOWN_EXTRACTOR_GAPS: dict[str, str] = {}


def _doc_params() -> list:
    return [pytest.param(d, e, id=d.stem, marks=pytest.mark.xfail(reason=KNOWN_EXTRACTOR_GAPS[d.stem], strict=True))
            if d.stem in KNOWN_EXTRACTOR_GAPS else pytest.param(d, e, id=d.stem) for d, e in PAIRS]


@pytest.mark.parametrize("doc,exp", _doc_params())
def test_document_fields_match(doc, exp) -> None:
    expected = json.loads(exp.read_text(encoding="utf-8"))
    report = Report()
    score(expected, extracted(str(doc)), report, doc.name)
    assert report.families["document"].f1 >= 0.85, report.per_doc[doc.name]["document"].to_dict()
    assert report.families["sections"].f1 >= 0.85, report.per_doc[doc.name]["sections"].to_dict()


def test_corpus_floors() -> None:
    report = Report()
    for doc, exp in PAIRS:
        score(json.loads(exp.read_text(encoding="utf-8")), extracted(str(doc)), report, doc.name)
    low = {k: round(report.families[k].f1, 3) for k, floor in FLOORS.items() if report.families[k].f1 < floor}
    assert not low, low
