"""The evaluation's matching rules, as tables."""

from __future__ import annotations

import pytest

from extractor.evaluate import Score, norm_text, ref_key, score_dates, score_document, score_duties, score_targets


@pytest.mark.parametrize("a,b,same", [
    ("Ủy ban nhân dân phường Chi Lăng", "ủy ban nhân dân phường chi lăng", True),   # case
    ("Văn hóa - Xã hội", "Văn hóa-Xã hội", True),                                     # spacing around dash
    ("“Tháng hành động”", '"Tháng hành động"', True),                                # quote styles
    ("Phòng Kinh tế", "Phòng Văn hóa", False),
])
def test_norm_text(a: str, b: str, same: bool) -> None:
    assert (norm_text(a) == norm_text(b)) is same


def test_document_fields_count_once() -> None:
    exp = {"number": "74", "symbol": "KH-UBND", "place": None, "signer": {"name": "A B"}, "recipients": ["X", "Y"]}
    got = {"number": "74", "symbol": "KH-UBDN", "place": "Z", "signer": {"name": "A B"}, "recipients": ["X"]}
    s = score_document(exp, got)
    # number, signer.name, recipient X right; symbol wrong (fp+fn); place extra (fp); recipient Y missed (fn)
    assert (s.tp, s.fp, s.fn) == (3, 2, 2)


def test_dates_match_on_value_and_end() -> None:
    agree = [0, 0]
    s = score_dates([{"kind": "date", "value": "2024-08-19", "end": None},
                     {"kind": "range", "value": "2024", "end": "2025"}],
                    [{"kind": "date", "value": "2024-08-19", "end": None},
                     {"kind": "school_year", "value": "2024", "end": "2025"},
                     {"kind": "year", "value": "2024", "end": None}], agree)
    assert (s.tp, s.fp, s.fn) == (2, 1, 0) and agree == [1, 2]


def test_reference_ids_ignore_spacing_and_qd() -> None:
    assert ref_key({"id": "74 /KH-UBND"}) == ref_key({"id": "74/KH-UBND"})
    assert ref_key({"id": "12/QD-UBND"}) == ref_key({"id": "12/QĐ-UBND"})


def test_duties_fuzzy_agencies_and_roles() -> None:
    exp = [{"agency": "Phòng Giáo dục và Đào tạo", "role": "lead"}, {"agency": "Hội Khuyến học", "role": "cooperate"}]
    got = [{"agency": "Phòng GDĐT", "role": "lead"}, {"agency": "Hội Khuyến học", "role": "responsible"},
           {"agency": "Công an phường", "role": "responsible"}]
    agencies, roles = score_duties(exp, got)
    assert (agencies.tp, agencies.fp, agencies.fn) == (2, 1, 0)
    assert (roles.tp, roles.fp, roles.fn) == (1, 2, 1)


def test_targets_value_and_unit() -> None:
    agree = [0, 0]
    s = score_targets([{"value": 45, "unit": "%", "comparator": ">="}, {"value": 7000, "value_max": 9000, "unit": "công dân"}],
                      [{"value": 45.0, "unit": "%", "comparator": ">="}, {"value": 7000, "value_max": None, "unit": "công dân"}],
                      agree)
    assert (s.tp, s.fp, s.fn) == (1, 1, 1) and agree == [1, 1]


def test_empty_score_is_perfect_not_a_crash() -> None:
    assert Score().f1 == 1.0
