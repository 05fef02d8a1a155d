"""Properties of the XmR engine that hold for any series: the limits are symmetric about the
mean, move with a shift of the data and scale with it, and reversing the direction of
improvement swaps improvement for concern and nothing else."""

import math

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from engineroom.population.spc import SpcOptions, xmr

SWAP = {
    "special_cause_improvement": "special_cause_concern",
    "special_cause_concern": "special_cause_improvement",
    "common_cause": "common_cause",
}
series = st.lists(st.integers(-1000, 1000), min_size=2, max_size=40)
options = st.builds(
    SpcOptions,
    improvement=st.sampled_from(["increase", "decrease", "neutral"]),
    screen=st.booleans(),
    fix_after=st.one_of(st.none(), st.integers(2, 20)),
    rule=st.sampled_from(["mdc", "ptd"]),
)


def clear_of_ties(result) -> bool:
    """No value sits within rounding of a limit or band edge, where a shift or scale could
    legitimately tip it across (the mean itself is exact for these integer series)."""
    edges = ("upl", "lpl", "upper_two_sigma", "lower_two_sigma")
    return all(
        p.zero_width or all(abs(p.value - getattr(p, e)) > 1e-6 for e in edges)
        for p in result.points
    )


@given(series, options)
@settings(max_examples=150, deadline=None)
def test_limits_and_band_are_symmetric_about_the_mean(values, chosen):
    for p in xmr(values, options=chosen).points:
        assert math.isclose(p.upl - p.mean, p.mean - p.lpl, abs_tol=1e-9)
        assert math.isclose(p.upper_two_sigma - p.mean, p.mean - p.lower_two_sigma, abs_tol=1e-9)
        assert p.lpl <= p.lower_two_sigma <= p.mean <= p.upper_two_sigma <= p.upl


@given(series, options, st.integers(-10_000, 10_000))
@settings(max_examples=150, deadline=None)
def test_shifting_the_data_shifts_the_limits_and_keeps_every_point_type(values, chosen, c):
    before = xmr(values, options=chosen)
    after = xmr([v + c for v in values], options=chosen)
    assume(clear_of_ties(before))
    for p, q in zip(before.points, after.points, strict=True):
        assert math.isclose(q.mean, p.mean + c, abs_tol=1e-6)
        assert math.isclose(q.upl, p.upl + c, abs_tol=1e-6)
        assert math.isclose(q.lpl, p.lpl + c, abs_tol=1e-6)
        assert q.point_type == p.point_type


@given(series, options, st.sampled_from([0.25, 0.5, 2, 3, 10, 1000]))
@settings(max_examples=150, deadline=None)
def test_scaling_the_data_scales_the_limits_and_keeps_every_point_type(values, chosen, k):
    before = xmr(values, options=chosen)
    after = xmr([v * k for v in values], options=chosen)
    assume(clear_of_ties(before))
    for p, q in zip(before.points, after.points, strict=True):
        assert math.isclose(q.mean, p.mean * k, rel_tol=1e-9, abs_tol=1e-9)
        assert math.isclose(q.upl, p.upl * k, rel_tol=1e-9, abs_tol=1e-9)
        assert math.isclose(q.lpl, p.lpl * k, rel_tol=1e-9, abs_tol=1e-9)
        assert q.point_type == p.point_type


@given(series, st.booleans(), st.sampled_from(["mdc", "ptd"]))
@settings(max_examples=150, deadline=None)
def test_reversing_the_direction_swaps_improvement_and_concern(values, screen, rule):
    up = xmr(values, options=SpcOptions(improvement="increase", screen=screen, rule=rule))
    down = xmr(values, options=SpcOptions(improvement="decrease", screen=screen, rule=rule))
    assert [SWAP[p.point_type] for p in up.points] == [p.point_type for p in down.points]
    assert [p.side for p in up.points] == [p.side for p in down.points]


@given(series, options)
@settings(max_examples=150, deadline=None)
def test_a_special_cause_always_has_a_side_and_a_common_cause_never_does(values, chosen):
    for p in xmr(values, options=chosen).points:
        assert (p.point_type == "common_cause") == (p.side == "")
