"""The variation icon (from the last point) and the assurance icon (target against the current
limits), with REFERENCE.md's assurance vectors."""

import pytest

from engineroom.population.spc import ASSURANCE_ICONS, VARIATION_ICONS, SpcOptions, xmr
from engineroom.population.spc.icons import assurance_icon, variation_icon

LIMITS = [(1, 3), (5, 7), (1, 5)]


@pytest.mark.parametrize(
    ("improvement", "expected"),
    [
        ("increase", ["consistent_fail", "consistent_pass", "inconsistent"]),
        ("decrease", ["consistent_pass", "consistent_fail", "inconsistent"]),
        ("neutral", [None, None, None]),
    ],
)
def test_assurance_vectors(improvement, expected):
    icons = [assurance_icon(target=4, lpl=lo, upl=up, improvement=improvement) for lo, up in LIMITS]
    assert icons == expected


def test_no_target_no_assurance():
    assert assurance_icon(target=None, lpl=1, upl=3, improvement="increase") is None


@pytest.mark.parametrize(
    ("point_type", "side", "icon"),
    [
        ("common_cause", "", "common_cause"),
        ("special_cause_improvement", "high", "improvement_high"),
        ("special_cause_improvement", "low", "improvement_low"),
        ("special_cause_concern", "high", "concern_high"),
        ("special_cause_concern", "low", "concern_low"),
        ("special_cause_neutral_high", "high", "neutral_high"),
        ("special_cause_neutral_low", "low", "neutral_low"),
    ],
)
def test_variation_icons(point_type, side, icon):
    assert variation_icon(point_type, side) == icon and icon in VARIATION_ICONS


BASELINE = [0, 2] * 6  # mean 1, limits -4.32 to 6.32


@pytest.mark.parametrize(
    ("last", "improvement", "icon"),
    [
        (9, "increase", "improvement_high"),
        (9, "decrease", "concern_high"),
        (-9, "decrease", "improvement_low"),
        (-9, "increase", "concern_low"),
        (-9, "neutral", "neutral_low"),
        (1, "increase", "common_cause"),
    ],
)
def test_the_series_icon_is_its_last_points(last, improvement, icon):
    options = SpcOptions(improvement=improvement, fix_after=12)
    assert xmr([*BASELINE, 9, last], options=options).variation_icon == icon


def test_the_series_assurance_uses_the_last_points_target_and_the_last_segments_limits():
    values = [0, 2] * 6 + [20, 22] * 6
    targets = [None] * 23 + [10]
    options = SpcOptions(improvement="increase")
    assert xmr(values, target=targets, options=options).assurance_icon == "inconsistent"
    rebased = xmr(values, target=targets, options=options, rebase_at=[12])
    assert rebased.assurance_icon == "consistent_pass" and rebased.points[-1].target == 10
    assert xmr(values, target=[*targets[:-1], None], options=options).assurance_icon is None
    assert xmr(values, target=10.0, options=options).assurance_icon in ASSURANCE_ICONS
