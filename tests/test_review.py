"""The review page: text intact, every item highlighted, outline, JSON, no network."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus_util import TEXT_DOCS, extracted
from extractor.cli import app
from extractor.review import FAMILIES, items_of, render_review
from test_index import make_rec



class ReviewParser(HTMLParser):
    """The text pane's characters, its highlight runs, anchors, links and scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.runs: list[tuple[set[str], list[int]]] = []
        self.anchors: set[str] = set()
        self.outline_links: list[str] = []
        self.scripts: dict[str, str] = {}
        self.external: list[str] = []
        self.json_pane: list[str] = []
        self._where: list[str] = []
        self._script: str | None = None
        self._depth_text = 0

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        for key in ("src", "href"):
            if (a.get(key) or "").startswith(("http:", "https:", "//")):
                self.external.append(a[key])
        if tag == "link" or (tag == "script" and "src" in a):
            self.external.append(tag)
        if tag == "div" and a.get("id") in ("text", "outline"):
            self._where.append(a["id"])
        elif tag == "div" and self._where:
            self._where.append("div")
        if tag == "pre" and a.get("id") == "json":
            self._where.append("json")
        if self._where and self._where[0] == "text":
            if tag == "span" and "data-i" in a:
                self.runs.append((set(a["class"].split()), [int(i) for i in a["data-i"].split()]))
            if tag == "a" and "id" in a:
                self.anchors.add(a["id"])
        if self._where and self._where[0] == "outline" and tag == "a":
            self.outline_links.append(a["href"])
        if tag == "script":
            self._script = a.get("id", "code")
            self.scripts[self._script] = ""

    def handle_endtag(self, tag) -> None:
        if tag == "div" and self._where and self._where[-1] in ("text", "outline", "div"):
            self._where.pop()
        if tag == "pre" and self._where and self._where[-1] == "json":
            self._where.pop()
        if tag == "script":
            self._script = None

    def handle_data(self, data) -> None:
        if self._script:
            self.scripts[self._script] += data
        elif self._where and self._where[0] == "text":
            self.text.append(data)
        elif self._where and self._where[-1] == "json":
            self.json_pane.append(data)


def parse(html: str) -> ReviewParser:
    p = ReviewParser()
    p.feed(html)
    p.close()
    return p


@pytest.mark.parametrize("path", TEXT_DOCS, ids=lambda p: p.name[:30])
def test_review_page(path: Path) -> None:
    data = extracted(str(path))
    page = parse(render_review(data))
    assert "".join(page.text) == data["text"]          # the text, untouched, character for character
    assert not page.external                           # self-contained
    items = json.loads(page.scripts["items"])
    assert items == json.loads(json.dumps(items_of(data), ensure_ascii=False))
    for family in FAMILIES:                            # every item is highlighted in its family
        expected = {i for i, it in enumerate(items) if it["family"] == family}
        shown = {i for classes, ids in page.runs if f"f-{family}" in classes for i in ids
                 if items[i]["family"] == family}
        assert shown == expected, family
    n_mentions = sum(len(a["mentions"]) for a in data["agencies"])
    assert sum(it["family"] == "agency" for it in items) == n_mentions
    assert sum(it["family"] == "duty" for it in items) == len(data["duties"])
    ids = {f"sec-{s['id']}" for s in data["sections"]}
    assert ids <= page.anchors                          # every heading has an anchor …
    assert {h[1:] for h in page.outline_links} == ids  # … and the outline links to each
    shown_json = json.loads("".join(page.json_pane))
    assert shown_json["duties"] == data["duties"] and shown_json["document"] == data["document"]


def test_result_object_and_dict_give_the_same_page() -> None:
    from extractor.pipeline import extract

    result = extract(TEXT_DOCS[0])
    assert render_review(result) == render_review(result.to_dict())


def test_script_breaking_text_is_safe() -> None:
    text = "Kế hoạch </script><script>alert(1)</script> giáo dục"
    rec = make_rec("x.txt", "</script>", text)
    rec["dates"] = [{"text": "</script>", "kind": "date", "value": None, "span": [9, 18], "page": 1}]
    page = parse(render_review(rec))
    assert "".join(page.text) == text
    assert json.loads(page.scripts["items"])[0]["item"]["text"] == "</script>"
    assert set(page.scripts) == {"items", "code"}      # no script was injected


def test_overlapping_and_bad_spans() -> None:
    text = "Giao Phòng Tư pháp chủ trì rà soát trước ngày 30/6/2025."
    rec = make_rec("x.txt", "Kế hoạch", text)
    rec["duties"] = [{"agency": "Phòng Tư pháp", "role": "lead", "task": "rà soát", "span": [0, 56], "page": 1}]
    rec["agencies"] = [{"name": "Phòng Tư pháp", "mentions": [{"span": [5, 18]}]}]
    rec["dates"] = [{"text": "ngày 30/6/2025", "kind": "date", "value": "2025-06-30", "span": [41, 55]},
                    {"text": "?", "kind": "date", "value": None, "span": [50, 999]}]  # out of range: left out
    page = parse(render_review(rec))
    assert "".join(page.text) == text
    agency_runs = [c for c, _ in page.runs if "f-agency" in c]
    assert agency_runs and all("f-duty" in c for c in agency_runs)  # nested inside the duty
    assert len(json.loads(page.scripts["items"])) == 3


def test_empty_result() -> None:
    page = parse(render_review(make_rec(None, "", "")))
    assert page.text == [] and json.loads(page.scripts["items"]) == []


def test_cli_html_option(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    res = CliRunner().invoke(app, [str(TEXT_DOCS[0]), "--html", str(out), "-o", str(tmp_path / "r.json")])
    assert res.exit_code == 0, res.output
    page = parse(out.read_text(encoding="utf-8"))
    assert "".join(page.text) == extracted(str(TEXT_DOCS[0]))["text"]
