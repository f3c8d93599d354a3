"""Cue words of duties compiled once, and where they occur in a document.

Split out of ``duties``: ``cues()`` turns the word lists of
``rules/duties.yaml`` (and the posts and distributed heads of
``rules/agencies.yaml``) into regexes; ``cue_index(text)`` finds every cue
phrase in a document with ``str.find``, so sentence rules run their regexes
only where a cue is near.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from . import rules
from .patterns import NO_WORD_AFTER, NO_WORD_BEFORE, lowered, phrases

__all__ = ["Cues", "cues", "CueIndex", "cue_index"]




@dataclass
class Cues:
    """Compiled cue patterns (see ``rules/duties.yaml`` for each word list)."""

    assign: re.Pattern
    clause_only: set[str]
    lead: re.Pattern
    coop: re.Pattern
    resp: re.Pattern
    not_duty: re.Pattern
    partner: re.Pattern
    labels: list[tuple[str, re.Pattern]]
    prefix: re.Pattern
    suffixes: list[tuple[str, re.Pattern]]
    no_duty: re.Pattern
    closing: re.Pattern
    deadline_before: re.Pattern
    columns: list[tuple[str, re.Pattern]]
    sep: re.Pattern
    purpose: list[tuple[re.Pattern, re.Pattern]]
    past: re.Pattern
    first_gap: re.Pattern
    any_role: re.Pattern
    opener: re.Pattern
    qualifier: re.Pattern
    qualified_verb: re.Pattern
    function: re.Pattern


@cache
def cues() -> "Cues":
    """The cue regexes of ``rules/duties.yaml``, compiled once."""
    return _compile()


def _compile() -> Cues:
    d = rules.load("duties")
    i = re.I
    ag = rules.load("agencies")
    posts = phrases(ag["posts"])
    dd = ag["distributed"]
    dist = rf"(?:các\s+(?:{phrases(dd['heads'])})(?:\s*,\s*(?:{phrases(dd['fillers'])}))*\s*:\s*)?"
    return Cues(
        # "Giao Phòng GDĐT …" | "đề nghị UBND các xã …" | "yêu cầu các phòng …"
        assign=re.compile(rf"(?P<cue>{phrases(d['assign_before'])}){NO_WORD_AFTER}\s*:?\s*"
                          rf"(?:cho\s+)?(?:{phrases(rules.load('agencies')['posts'])})?\s*$", i),
        clause_only={w.lower() for w in d["assign_clause_start_only"]},
        # after an agency list: "chủ trì" | "phối hợp" | "có trách nhiệm"
        lead=re.compile(rf"\s*,?\s*(?:{phrases(d['lead_verbs'])}){NO_WORD_AFTER}", i),
        coop=re.compile(rf"\s*,?\s*(?:{phrases(d['cooperate_verbs'])}){NO_WORD_AFTER}", i),
        resp=re.compile(rf"\s*,?\s*(?:{phrases(d['responsible_verbs'])}){NO_WORD_AFTER}", i),
        not_duty=re.compile(rf"\s*,?\s*(?:{phrases(d['not_duty_verbs'])}){NO_WORD_AFTER}", i),
        # "phối hợp chặt chẽ với " right before a partner list
        partner=re.compile(rf"(?:{phrases(d['partner_before'])})\s*$", i),
        labels=[(role, re.compile(rf"\W*(?:{'|'.join(ps)})\s*:\s*", i)) for role, ps in d["labels"].items()],
        prefix=re.compile(rf"^\s*(?:{phrases(d['heading_prefixes'])}){NO_WORD_AFTER}\s*:?\s*", i),
        suffixes=[(role, re.compile(rf"\s*(?:{phrases(ws)})\s*[.:]?\s*$", i))
                  for role, ws in d["heading_suffixes"].items()],
        no_duty=re.compile(rf"^\W*(?:(?:{phrases(d['no_duty_title_lead'])})\s+)?(?:{'|'.join(d['no_duty_sections'])})", i),
        closing=re.compile(rf"\W*(?:{'|'.join(d['closing_lines'])})", i),  # matched at a line start
        deadline_before=re.compile(rf"(?:{phrases(d['deadline_before'])})\s*(?:ngày|tháng|năm|quý)?\s*$", i),
        columns=[(role, re.compile(rf"^\W*(?:{phrases(ws)})\W*$", i)) for role, ws in d["table_columns"].items()],
        # between agencies of one list: ", " | " và " | "; " | " và hệ thống " | ", Giám đốc " (a post
        # standing for its body: "Chánh Văn phòng UBND tỉnh, Giám đốc Sở Y tế, …")
        #   "Giám đốc các Sở: Tư pháp, …" (the distributed names follow)
        sep=re.compile(rf"\s*(?:,|;|và|/|\()?\s*(?:,|và)?\s*(?:(?:{phrases(d['list_fillers'])})\s+)?"
                       rf"(?:(?:{posts})\s+)?{dist}", i),
        # "gửi đến X để …", "để X biết, thực hiện"
        purpose=[(re.compile(rf"{NO_WORD_BEFORE}(?:{phrases([cue])})\s+$", i),
                  re.compile(rf"\s*,?\s*(?:{phrases(after)}){NO_WORD_AFTER}", i)) for cue, after in d["purpose_before"].items()],
        past=re.compile(rf"{NO_WORD_BEFORE}(?:{phrases(d['past_before'])})\s+$", i),
        # before the first agency of a list: a post, "cho", ":" ("Giao cho Giám đốc Sở …")
        first_gap=re.compile(rf"[\s:]*(?:cho\s+)?(?:(?:{posts})\s+)?", i),
        # any lead/cooperate verb or partner cue: sentences without one skip the clause walk
        any_role=re.compile(phrases(d["lead_verbs"] + d["cooperate_verbs"] + d["partner_before"]), i),
        # "Đồng thời, " | "trong đó, " | "Khi có yêu cầu, " before a clause's subject
        opener=re.compile(rf"^(?:{phrases(d['clause_openers'])}){NO_WORD_AFTER}[^;:,]*,\s*$", i),
        qualifier=re.compile(rf"\s*(?:{phrases(d['subject_qualifiers'])}){NO_WORD_AFTER}", i),
        qualified_verb=re.compile(rf"{NO_WORD_BEFORE}(?:{phrases(d['qualified_verbs'])}){NO_WORD_AFTER}", i),
        # "theo chức năng, nhiệm vụ được giao," between a subject and its verb
        function=re.compile(rf"\s*,?\s*(?:{phrases(d['function_qualifiers'])})"
                            rf"(?:\s+(?:{phrases(d['function_tails'])}))?{NO_WORD_AFTER}(?:\s*,)?", i),
    )


# ------------------------------------------------------------- cue index


class CueIndex:
    """Where each family of cue words occurs in a document, found once.

    ``str.find`` over the lower-cased text per cue phrase is far cheaper than
    searching a regex in every sentence and before every mention; the regexes
    then run only where a cue is known to be near. A phrase that another
    phrase of the families begins ("phối hợp" of "phối hợp với") is looked up
    once: its hits are where the longer phrase can start, which is all a
    pre-filter needs.
    """

    def __init__(self, text: str):
        low = lowered(text)
        self.pos: dict[str, list[int] | None] = {}
        if len(low) != len(text):  # offsets would not line up: always run the regexes
            self.pos = {fam: None for fam in _families()}
            return
        hits: dict[str, list[int]] = {}
        for w in _search_words():  # whole phrases: the text's spaces are single
            found = hits[w] = []
            i = low.find(w)
            while i >= 0:
                found.append(i)
                i = low.find(w, i + 1)
        for fam, words in _families().items():
            self.pos[fam] = sorted({i for w in words for i in hits[w]})

    def near(self, fam: str, a: int, b: int) -> bool:
        """A cue of ``fam`` starts in ``[a, b)``."""
        ps = self.pos[fam]
        if ps is None:
            return True
        i = bisect.bisect_left(ps, a)
        return i < len(ps) and ps[i] < b


@cache
def _families() -> dict[str, frozenset[str]]:
    """Cue families, each as the shortest phrases that begin its cues."""
    d = rules.load("duties")
    fams = {
        "role": d["lead_verbs"] + d["cooperate_verbs"] + d["partner_before"],
        "assign": d["assign_before"],
        "partner": d["partner_before"],
        "purpose": list(d["purpose_before"]),
    }
    everything = {w.lower() for ws in fams.values() for w in ws}
    out = {}
    for fam, words in fams.items():
        out[fam] = frozenset(min((v for v in everything if w.lower().startswith(v)), key=len) for w in words)
    return out


@cache
def _search_words() -> frozenset[str]:
    return frozenset().union(*_families().values())


@lru_cache(maxsize=8)
def cue_index(text: str) -> CueIndex:
    """The cue index of a document (the last few are kept: duties and targets share it)."""
    return CueIndex(text)
