"""The feed calendar: each partner's feeds expected monthly by the 10th working day of the month
after, from the partner's own history; missing and late ones flagged, and the late ones listed
for the data manager's home page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from engineroom.feeds import queries, rules
from engineroom.web import periods

D = dt.date


@pytest.mark.parametrize(
    "month, due",
    [
        (D(2026, 10, 1), D(2026, 11, 13)),  # November 2026: no bank holiday, 2 weekends
        (D(2025, 3, 1), D(2025, 4, 14)),  # April 2025: Good Friday 18th is after the 10th
        (D(2025, 12, 1), D(2026, 1, 15)),  # New Year's Day is not a working day
        (D(2026, 4, 1), D(2026, 5, 15)),  # the early May bank holiday (4 May) is not one
    ],
)
def test_a_month_is_due_on_the_tenth_working_day_of_the_next(month, due):
    assert rules.due_date(month) == due


def test_an_extract_early_in_a_month_is_the_month_befores():
    assert rules.feed_month(D(2026, 11, 3)) == D(2026, 10, 1)
    assert rules.feed_month(D(2026, 11, 13)) == D(2026, 10, 1)
    assert rules.feed_month(D(2026, 11, 16)) == D(2026, 11, 1)
    assert rules.feed_month(D(2025, 3, 31)) == D(2025, 3, 1)


def test_missing_and_late_feeds_are_flagged_from_the_partners_history():
    vale = ("RVA", "Vale Hospitals NHS FT")
    history = [
        (*vale, "ecds", D(2026, 8, 31), D(2026, 9, 2)),
        (*vale, "ecds", D(2026, 9, 30), D(2026, 10, 20)),  # after 14 October: late
        (*vale, "lsoa_imd", D(2026, 9, 30), D(2026, 10, 1)),  # reference data: no schedule
    ]
    expected = rules.expected_feeds(history, today=D(2026, 11, 20))
    assert [(e.month, e.status) for e in expected] == [
        (D(2026, 8, 1), rules.RECEIVED),
        (D(2026, 9, 1), rules.LATE),
        (D(2026, 10, 1), rules.MISSING),
    ]
    assert expected[-1].message == (
        "Vale Hospitals NHS FT: ECDS for October 2026 not received; due 13 November"
    )
    assert "received 20 October (late)" in expected[1].message
    assert str(expected[-1]) == expected[-1].message  # as the home page's panel shows it
    # on its due date, October's feed is not yet missing
    assert rules.expected_feeds(history, today=D(2026, 11, 13))[-1].status == rules.NOT_DUE
    (late,) = rules.outstanding(rules.expected_feeds(history, today=D(2027, 1, 20)))
    assert (late.month, late.months_missing) == (D(2026, 12, 1), 3)


def test_late_feeds_of_a_system_for_its_home_page(system):
    # The factory system's partners sent extracts of February and March 2025.
    assert queries.late_feeds(system, today=D(2025, 4, 10)) == []
    late = queries.late_feeds(system, today=D(2025, 5, 20))
    assert late and {f.month for f in late} == {D(2025, 4, 1)}
    assert {f.status for f in late} == {rules.MISSING} and all(f.months_missing == 1 for f in late)
    assert "Northtown Hospitals: SUS outpatients for April 2025 not received; due 15 May" in {
        f.message for f in late
    }
    assert all(f.source != queries.REFERENCE_SENDER for f in late)
    assert isinstance(queries.quarantine_to_work(system), int)
    assert queries.quarantine_to_work(system) > 0


def test_the_calendar_page_shows_every_partner_month_by_month(system, member, signed_in):
    page = signed_in(member("data_manager")).get(reverse("feeds:calendar", args=[system.code]))
    assert page.status_code == 200
    partners = page.context["partners"]["partners"]
    assert any(p["source"] == "RT1" for p in partners)
    text = page.content.decode()
    assert "Missing" in text and "not received" in text  # today is after April 2025's due date
    assert page.context["late"] and "overdue" in text


def test_bank_holidays_are_one_list_and_follow_the_rules_after_it():
    assert periods.BANK_HOLIDAYS_FILE.exists()  # package data under engineroom/web/data
    for year in range(2024, 2031):  # the published list agrees with the standing rules
        assert periods.bank_holidays(year) == periods._by_rule(year), year
    assert periods.easter_sunday(2031) == D(2031, 4, 13)
    # April 2031: Good Friday 11th and Easter Monday 14th are computed, not forgotten
    assert rules.due_date(D(2031, 3, 1)) == D(2031, 4, 16)
    # Christmas 2032 is a Saturday: substitute days on Monday 27 and Tuesday 28 December
    assert {D(2032, 12, 27), D(2032, 12, 28)} <= periods.bank_holidays(2032)
    assert periods.add_working_days(D(2032, 12, 24), 1) == D(2032, 12, 29)
    assert periods.working_day(D(2029, 1, 1), 1) == D(2029, 1, 2)
    assert not periods.is_working_day(D(2030, 8, 26))  # summer bank holiday
