import pytest

from engineroom.feeds.presenters import feed
from engineroom.system.presenters import population_range, tenure
from engineroom.web.formatting import published


@pytest.mark.parametrize(
    ("days", "text"),
    [(None, "–"), (0, "0 months"), (45, "1 month"), (365, "1 year"), (800, "2 years, 2 months")],
)
def test_tenure_reads_as_years_and_months(days, text):
    assert tenure(days) == text


def test_population_range_uses_thousands_separators():
    assert population_range(150_000, 500_000) == "150,000–500,000"


@pytest.mark.parametrize(
    ("value", "text"), [("*", "*"), (1234, "1,234"), (14.54, "14.5"), (0, "0"), (None, "–")]
)
def test_published_numbers_keep_the_suppression_star(value, text):
    assert published(value) == text


def test_a_feed_report_gets_its_dates_for_people():
    report = {
        "file": "a.csv",
        "loaded_at": "2025-04-01T09:05:30+00:00",
        "extract_date": "2025-03-31",
    }
    shown = feed(report)
    # 09:05 UTC is 10:05 in London in April (British Summer Time)
    assert (shown["loaded"], shown["extract"]) == ("1 April 2025, 10:05", "31 March 2025")
    assert feed({"file": "b.csv"})["loaded"] == "–"
