import pytest

from engineroom.system.presenters import population_range, tenure


@pytest.mark.parametrize(
    ("days", "text"),
    [(None, "–"), (0, "0 months"), (45, "1 month"), (365, "1 year"), (800, "2 years, 2 months")],
)
def test_tenure_reads_as_years_and_months(days, text):
    assert tenure(days) == text


def test_population_range_uses_thousands_separators():
    assert population_range(150_000, 500_000) == "150,000–500,000"
