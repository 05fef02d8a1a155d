"""The open-book position: NHS partners' control totals make the system's; councils sit outside."""

from django.urls import reverse

from factories.finance import MILLION, YEAR


def test_the_system_control_total_is_the_sum_of_nhs_partners_only(signed_in, member, world):
    page = signed_in(member("system_leader")).get(
        reverse("finance:index", args=[world.system.code])
    )
    position = page.context["position"]
    assert page.context["year"] == YEAR, "the latest year with plans"
    assert position.control_total == (3 - 2 + 0 + 1) * MILLION
    assert {p.organisation for p in position.partners} == {
        world.icb,
        world.surplus,
        world.deficit,
        world.community,
        world.mental_health,
    }
    assert [c.organisation for c in position.councils] == [world.council]
    assert b"Councils (outside the system control total)" in page.content
    deficit = next(p for p in position.partners if p.organisation == world.deficit)
    assert deficit.variance == -7 * MILLION and deficit.meets is False
    assert len(position.months) == position.month == 3


def test_money_is_shown_one_way_with_negatives_in_brackets(signed_in, member, world):
    content = (
        signed_in(member("analyst"))
        .get(reverse("finance:position", args=[world.system.code, YEAR]))
        .content.decode()
    )
    assert "(£9,000,000)" in content and "-£" not in content
    assert "June 2025" in content, "months named from the financial year"


def test_the_forecast_chart_draws_each_month_against_the_control_total(signed_in, member, world):
    page = signed_in(member("finance")).get(
        reverse("finance:position", args=[world.system.code, YEAR])
    )
    chart = page.context["chart"]
    assert [row[0] for row in chart.table.rows] == ["Apr", "May", "Jun"]
    assert chart.legend[-1][0].startswith("System control total")
    assert b'id="forecast-chart-title"' in page.content
    assert b'id="forecast-chart-table"' not in page.content, "the months table has the numbers"


def test_other_years_are_linked(signed_in, member, world):
    page = signed_in(member("finance")).get(
        reverse("finance:position", args=[world.system.code, YEAR - 1])
    )
    assert page.context["years"] == [YEAR - 2, YEAR - 1, YEAR]
    assert reverse("finance:position", args=[world.system.code, YEAR]).encode() in page.content


def test_a_partner_page_shows_its_plan_returns_and_months(signed_in, member, world):
    url = reverse("finance:partner", args=[world.system.code, YEAR, world.deficit.ods_code])
    page = signed_in(member("pmo")).get(url)
    assert page.context["row"].forecast == -9 * MILLION
    assert len(page.context["returns"]) == 1 and len(page.context["lines"]) == 1
    assert "(£7,000,000)" in page.content.decode()


def test_a_council_page_says_its_spend_is_outside_the_control_total(signed_in, member, world):
    url = reverse("finance:partner", args=[world.system.code, YEAR, world.council.ods_code])
    page = signed_in(member("regulator")).get(url)
    assert page.status_code == 200 and b"No (council spend)" in page.content


def test_a_year_outside_2000_to_2099_is_not_found_not_a_server_error(signed_in, member, world):
    client = signed_in(member("finance"))
    base = f"/systems/{world.system.code}/finance"
    assert client.get(f"{base}/{YEAR}/").status_code == 200
    for year in ("1999", "2100", "99999999999999999999", "0"):
        assert client.get(f"{base}/{year}/").status_code == 404, year


def test_the_in_month_variance_is_drawn_as_an_spc_chart_with_its_icons(signed_in, member, world):
    page = signed_in(member("finance")).get(
        reverse("finance:position", args=[world.system.code, YEAR])
    )
    spc = page.context["variance_spc"]
    position = page.context["position"]
    months = position.months
    may = (months[1].ytd_actual - months[0].ytd_actual) - (months[1].ytd_plan - months[0].ytd_plan)
    assert [p.value for p in spc.result.points][1] == may
    assert [row[0] for row in spc.chart.table.rows] == ["Apr 2025", "May 2025", "Jun 2025"]
    assert spc.result.options.improvement == "increase" and spc.result.points[0].target == 0
    html = page.content.decode()
    assert 'id="variance-spc-title"' in html and 'id="variance-spc-table"' in html
    assert 'class="nhsuk-list er-spc-icons"' in html and '<desc id="variance-spc-desc">' in html
