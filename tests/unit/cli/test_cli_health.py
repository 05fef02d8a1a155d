"""The refresh's one-line summary prints published counts, suppressed ones included."""

import pytest

from engineroom.cli.health import count


@pytest.mark.parametrize(("value", "shown"), [(1234567, "1,234,567"), (0, "0"), ("*", "*")])
def test_a_count_is_shown_with_separators_and_a_suppressed_one_as_it_is(value, shown):
    assert count(value) == shown
