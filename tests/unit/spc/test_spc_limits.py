"""XmR limits against REFERENCE.md's vectors (NHSRplotthedots' and MDC's own), to 4 decimals,
and the segment machinery: fixed baselines, rebasing, trial limits, the zero-width band."""

import pytest

from engineroom.population.spc import SpcOptions, xmr
from engineroom.population.spc.limits import CLOSE, segments

FIRST = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def limits(values, **options):
    point = xmr(values, options=SpcOptions(**options)).points[0]
    return point.mean, point.lpl, point.upl, point.lower_two_sigma, point.upper_two_sigma


def test_the_first_vector_screened_and_unscreened():
    mean, lpl, upl, _, _ = limits(FIRST, screen=True)
    assert (mean, lpl, upl) == pytest.approx((1.9444, -0.7156, 4.6044), abs=5e-5)
    mean, lpl, upl, _, _ = limits(FIRST, screen=False)
    assert (mean, lpl, upl) == pytest.approx((1.9444, -3.0626, 6.9515), abs=5e-5)


@pytest.mark.parametrize("screen", [True, False])
def test_point_5_of_the_first_vector_is_the_one_special_cause(screen):
    result = xmr(FIRST, options=SpcOptions(improvement="increase", screen=screen))
    assert [(p.index, p.point_type) for p in result.special_causes] == [
        (4, "special_cause_improvement")
    ]


SCREENED = [
    (list(range(1, 11)), (5.5, 2.84, 8.16, 3.72667, 7.27333)),
    ([1, 2, 3, 4, 5, 4, 3, 2, 1, 2], (2.7, 0.04, 5.36, 0.92667, 4.47333)),
    ([1, 2, 3], (2.0, -0.66, 4.66, 0.22667, 3.77333)),
    (list(range(20)), (9.5, 6.84, 12.16, 7.72667, 11.27333)),
    ([3, 1, 4, 1, 5, 9, 2], (3.5714286, -6.6252381, 13.7680952, -3.2263492, 10.3692063)),
    (
        [1, 2, 3, 2, 1, 2, 3, 4, 5, 6, 7, 4, 3, 2, 1, 2],
        (3.0, -0.0146667, 6.0146667, 0.9902222, 5.0097778),
    ),
]


@pytest.mark.parametrize(("values", "expected"), SCREENED)
@pytest.mark.parametrize("screen", [True, False])
def test_the_screened_limit_vectors(values, expected, screen):
    """No moving range in these reaches 3.267 x AMR, so screening changes nothing and the
    unscreened limits (the MDC tools') are the same numbers."""
    assert limits(values, screen=screen) == pytest.approx(expected, abs=5e-5)


def test_the_close_band_is_exactly_two_thirds_of_the_limits():
    assert round(CLOSE, 10) == 1.7733333333


def test_a_fixed_baseline_judges_later_points_against_the_first_n():
    result = xmr([1, 2, 1, 2, 1, 2, 10, 10], options=SpcOptions(fix_after=6))
    assert {(p.mean, round(p.upl, 4)) for p in result.points} == {(1.5, 4.16)}
    assert [p.index for p in result.special_causes] == [6, 7]


def test_each_rebase_segment_has_its_own_limits():
    values = [1, 2] * 6 + [11, 12] * 6
    result = xmr(values, rebase_at=[12])
    assert [p.mean for p in result.points] == [1.5] * 12 + [11.5] * 12
    assert [p.segment for p in result.points] == [0] * 12 + [1] * 12
    assert result.special_causes == ()
    assert xmr(values).special_causes  # one segment: the step is a signal


def test_fix_after_applies_within_each_segment():
    values = [1, 2] * 4 + [50] + [11, 12] * 4 + [90]
    result = xmr(values, rebase_at=[9], options=SpcOptions(fix_after=8))
    assert (result.points[0].mean, result.points[9].mean) == (1.5, 11.5)
    assert [p.index for p in result.special_causes] == [8, 17]


def test_trial_limits_below_12_baseline_points():
    assert all(p.trial for p in xmr(range(11)).points)
    assert not any(p.trial for p in xmr(range(12)).points)
    assert all(p.trial for p in xmr(range(30), options=SpcOptions(fix_after=6)).points)
    rebased = xmr(range(20), rebase_at=[15]).points
    assert [p.trial for p in rebased] == [False] * 15 + [True] * 5


def test_a_zero_width_band_after_screening_makes_every_other_value_a_special_cause():
    values = [1] * 11 + [9]
    screened = xmr(values, options=SpcOptions(screen=True)).points
    assert all(p.zero_width and p.upl == p.lpl == p.mean for p in screened)
    assert all(p.point_type != "common_cause" for p in screened)  # none sits on the mean 1.67
    assert not any(p.zero_width for p in xmr(values).points)


def test_a_zero_width_band_keeps_points_on_the_mean_common_cause_and_trends_still_apply():
    result = xmr([5, 5, 5, 5, 3], options=SpcOptions(fix_after=4, improvement="increase"))
    assert [p.point_type for p in result.points][:4] == ["common_cause"] * 4
    assert result.points[4].point_type == "special_cause_concern"
    trend = xmr([5, 5, 1, 2, 3, 4, 5, 6, 7], options=SpcOptions(fix_after=2))
    on_the_mean = trend.points[6]
    assert on_the_mean.value == on_the_mean.mean and on_the_mean.side == "high"


def test_segments_refuse_an_index_outside_the_series():
    assert segments(5, [3, 3, 0]) == [(0, 3), (3, 5)]
    with pytest.raises(ValueError, match="rebase_at"):
        segments(5, [5])


def test_an_empty_series_has_no_points_and_no_icons():
    result = xmr([])
    assert (result.points, result.variation_icon, result.assurance_icon) == ((), None, None)


@pytest.mark.parametrize(
    ("values", "options"),
    [([1, float("nan")], SpcOptions()), ([1, 2], SpcOptions(fix_after=1))],
)
def test_missing_values_and_a_one_point_baseline_are_refused(values, options):
    with pytest.raises(ValueError):
        xmr(values, options=options)


@pytest.mark.parametrize("value", [68.4, 0.1, 33.3, 75.3])
def test_a_flat_series_is_common_cause_whatever_its_floating_point_mean(value):
    result = xmr([value] * 13, options=SpcOptions(improvement="increase"))
    assert {p.point_type for p in result.points} == {"common_cause"}
    assert result.points[0].mean == value and result.points[0].zero_width
