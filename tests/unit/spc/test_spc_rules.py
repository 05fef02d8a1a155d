"""The special-cause rules: REFERENCE.md's unit vectors for each helper, then the rules as the
engine applies them (whole runs flagged, rule order, MDC against NHSRplotthedots' two-of-three,
directions, and no run across a rebase)."""

import numpy as np
import pytest

from engineroom.population.spc import SpcOptions, xmr
from engineroom.population.spc.rules import part_of_run, shift_marks, trend_marks, two_in_three


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (range(1, 8), [0] * 6 + [1]),
        (range(7, 0, -1), [0] * 6 + [-1]),
        ([2, 1, 2, 3, 4, 5, 6, 7, 3], [0] * 7 + [1, 0]),
        ([1, 2, 3, 3, 4, 5, 6], [0] * 7),
        ([1, 2, 3], [0] * 3),
    ],
)
def test_trend_marks(values, expected):
    assert trend_marks(np.array(values, dtype=float)).tolist() == expected


@pytest.mark.parametrize(
    ("signs", "expected"),
    [
        ([1] * 8 + [-1], [0] * 6 + [1, 1, 0]),
        ([1] * 6 + [-1], [0] * 7),
        ([-1] * 3 + [0] + [-1] * 6, [0] * 10),
        ([-1] * 7, [0] * 6 + [-1]),
    ],
)
def test_shift_marks(signs, expected):
    assert shift_marks(np.array(signs)).tolist() == expected


@pytest.mark.parametrize(
    ("close", "signs", "expected"),
    [
        ([1, 0, 1], [1, 1, 1], [True] * 3),
        ([1, 0, 1], [1, -1, 1], [False] * 3),
        ([1, 1, 0], [-1, -1, 0], [False] * 3),  # a point on the mean breaks it
        ([0, 0, 1, 1, 0, 0], [1, 1, 1, 1, -1, -1], [False, True, True, True, False, False]),
        ([], [], []),
    ],
)
def test_two_in_three(close, signs, expected):
    assert two_in_three(np.array(close), np.array(signs)).tolist() == expected


def test_part_of_run_spreads_a_mark_over_the_six_points_before_it():
    marks = np.array([0] * 8 + [1, 0])
    assert part_of_run(marks).tolist() == [False, False] + [True] * 7 + [False]


def types(values, rebase_at=(), **options):
    result = xmr(values, options=SpcOptions(**options), rebase_at=rebase_at)
    return [p.point_type for p in result.points]


IMPROVEMENT, CONCERN = "special_cause_improvement", "special_cause_concern"


def test_a_trend_flags_all_seven_points_in_its_direction():
    values = [6, 1, 6, 1, 6, 1, 6, 1, 2, 3, 4, 5, 6, 7, 1, 6, 1, 6, 1, 6]
    assert types(values, improvement="increase") == (
        ["common_cause"] * 7 + [IMPROVEMENT] * 7 + ["common_cause"] * 6
    )
    assert types(values, improvement="decrease")[7:14] == [CONCERN] * 7


def test_the_peak_between_a_rise_and_a_fall_takes_the_later_trend():
    values = [6, 1, 6, 1, 6, 1, 6, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1, 6, 1, 6, 1, 6]
    kinds = types(values, improvement="increase")
    assert kinds[7:13] == [IMPROVEMENT] * 6 and kinds[13:20] == [CONCERN] * 7


def test_a_tie_between_a_rise_and_a_fall_leaves_each_point_in_its_own_trend():
    """NHSRplotthedots v0.2.2 calls the first 7 'decreasing' (its sign of a zero step); each
    point here belongs to one trend only, so it keeps that trend's direction."""
    values = [6, 1, 6, 1, 6, 1, 6, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 6, 1, 6, 1, 6]
    kinds = types(values, improvement="increase")
    assert kinds[7:14] == [IMPROVEMENT] * 7 and kinds[14:21] == [CONCERN] * 7


def test_a_shift_flags_the_whole_run_not_just_from_its_seventh_point():
    values = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 3, 2, 3, 2, 3, 2, 3, 2]
    assert types(values, improvement="increase") == [CONCERN] * 10 + [IMPROVEMENT] * 8


def test_six_on_one_side_is_not_a_shift():
    values = [4, 3, 4, 3, 4, 3, 1, 4, 3, 4, 3, 4, 3, 1, 1, 1, 1, 1]  # mean 2.67
    assert set(types(values)) == {"common_cause"}


BASELINE = [0, 2] * 6  # mean 1, AMR 2: 2 sigma at 4.55, the process limit at 6.32


def test_mdc_counts_a_point_beyond_3_sigma_towards_two_of_three_and_ptd_does_not():
    values = [*BASELINE, 5, 7, 2, 0, 2]
    mdc = types(values, improvement="increase", fix_after=12, rule="mdc")
    ptd = types(values, improvement="increase", fix_after=12, rule="ptd")
    assert mdc[12:14] == [IMPROVEMENT, IMPROVEMENT]
    assert ptd[12:14] == ["common_cause", IMPROVEMENT]
    assert mdc[14:] == ptd[14:] == ["common_cause"] * 3  # not close: not flagged


def test_two_in_the_band_on_the_same_side_flag_only_the_close_points():
    values = [*BASELINE, -3, 0, -3, 2]
    for rule in ("mdc", "ptd"):
        kinds = types(values, improvement="increase", fix_after=12, rule=rule)
        assert kinds[12:] == [CONCERN, "common_cause", CONCERN, "common_cause"]
    split = [*BASELINE, 5, 0, 5]  # the middle point is below the mean
    assert set(types(split, fix_after=12)) == {"common_cause"}


def test_a_beyond_limit_point_takes_its_own_side_before_a_trend():
    values = [2, 1] * 6 + [9, 2.2, 2.0, 1.8, 1.6, 1.4, 1.2]  # limits 1.5 +- 2.66
    result = xmr(values, options=SpcOptions(fix_after=12))
    assert [(p.index, p.side) for p in result.special_causes] == [(12, "high")] + [
        (i, "low") for i in range(13, 19)
    ]


def test_neutral_direction_names_the_side_not_a_judgement():
    values = [*BASELINE, 9, -9]
    assert types(values, fix_after=12)[12:] == [
        "special_cause_neutral_high",
        "special_cause_neutral_low",
    ]


def test_no_trend_crosses_a_rebase():
    assert types(range(1, 8), improvement="increase")[1:6] == [IMPROVEMENT] * 5
    assert set(types(range(1, 8), rebase_at=[3])) == {"common_cause"}
