"""Pages built on a sample of the registered population say so; a full population is not a
sample, and a suppressed or missing count says nothing."""

import pytest

from engineroom.population_health.rules import sample_share


@pytest.mark.parametrize(
    ("published", "registered", "share"),
    [(50, 1000, 0.05), (899, 1000, 0.899), (900, 1000, None), (1000, 1000, None)],
)
def test_a_share_under_nine_tenths_is_a_sample(published, registered, share):
    assert sample_share(published, registered) == share


@pytest.mark.parametrize(("published", "registered"), [("*", 1000), (None, 1000), (50, 0)])
def test_nothing_is_said_without_both_numbers(published, registered):
    assert sample_share(published, registered) is None
