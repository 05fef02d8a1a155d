"""Incentive options (S15) and the left shift of spend (S16) on a factory-made system."""

from decimal import Decimal

from django.urls import reverse

from engineroom.audit.models import AuditEvent
from factories.finance import YEAR


def test_each_incentive_option_shows_gains_and_losses_for_every_partner(signed_in, member, world):
    page = signed_in(member("system_leader")).get(
        reverse("finance:incentives", args=[world.system.code, YEAR])
    )
    scheme, options = page.context["schemes"][0]
    by_share = {o.share: o for o in options}
    assert set(by_share) >= {Decimal(0), Decimal("0.5"), Decimal(1)}
    assert by_share[scheme.linked_share].chosen
    total = sum(a.amount_pence for a in scheme.allocations.all())
    for option in options:
        assert option.total("allocation") == total
        for p in option.partners:
            assert p.linked + p.own == p.allocation
            if p.meets_own:
                assert p.if_system_hits == p.allocation
    assert all(p.at_stake == 0 for p in by_share[Decimal(0)].partners), "no surprise at 0%"
    content = page.content.decode()
    assert "If the system misses" in content and "50% linked to the system total" in content


def test_finance_stakes_all_of_it_and_bad_shares_are_refused(signed_in, member, world):
    client = signed_in(member("finance"))
    url = reverse("finance:incentives", args=[world.system.code, YEAR])
    scheme, _ = client.get(url).context["schemes"][0]
    refused = client.post(url, {"scheme": scheme.pk, "percent": "150"})
    assert b"Enter a share of 100% or less" in refused.content
    assert b"nhsuk-error-summary" in refused.content
    assert refused.context["failed"] == scheme.pk
    done = client.post(url, {"scheme": scheme.pk, "percent": "100"}, follow=True)
    assert b"is now 100%" in done.content
    scheme, options = client.get(url).context["schemes"][0]
    assert scheme.linked_share == Decimal(1)
    chosen = next(o for o in options if o.chosen)
    assert chosen.total("if_system_misses") == 0
    assert chosen.total("linked") == chosen.total("allocation")
    event = AuditEvent.objects.get(action="finance.incentive_share_changed")
    assert event.subject == f"finance.incentivescheme:{scheme.pk}"
    assert client.post(url, {"scheme": 999_999, "percent": "10"}).status_code == 404


def test_the_left_shift_shows_money_moving_out_of_hospital(signed_in, member, world):
    page = signed_in(member("analyst")).get(reverse("finance:left-shift", args=[world.system.code]))
    trend = page.context["trend"]
    assert [y.year for y in trend] == [YEAR - 2, YEAR - 1, YEAR]
    acute = [y.acute_share for y in trend]
    out = [y.out_of_hospital_share for y in trend]
    assert acute == sorted(acute, reverse=True) and acute[0] > acute[-1]
    assert out == sorted(out) and out[0] < out[-1]
    assert page.context["shift"].moving_left
    assert b"Money is moving from acute care" in page.content
    assert b"<svg" in page.content and b'id="sector-spend"' in page.content
    assert [row[0] for row in page.context["chart"].table.rows] == ["2023/24", "2024/25", "2025/26"]
    places = page.context["places"]
    assert set(places) == set(world.places)
    for rows in places.values():
        assert rows and rows[0].acute_share > rows[-1].acute_share
    for index, year in enumerate(trend):
        assert sum(rows[index].total for rows in places.values()) == year.total


def test_each_scheme_has_a_chart_of_what_is_at_stake_under_each_option(signed_in, member, world):
    page = signed_in(member("governance")).get(
        reverse("finance:incentives", args=[world.system.code, YEAR])
    )
    scheme, options = page.context["schemes"][0]
    chart = page.context["charts"][scheme.pk]
    assert [label for label, _ in chart.legend] == [
        f"{o.share * 100:.0f}% linked{' (chosen)' if o.chosen else ''}" for o in options
    ]
    partners = [p.organisation.name for p in options[0].partners]
    assert [row[0] for row in chart.table.rows] == partners
    at_stake = {p.organisation.name: p.at_stake for p in options[-1].partners}
    assert chart.table.rows[0][-1] == f"£{at_stake[partners[0]] // 100:,}"
    assert f'id="incentive-chart-{scheme.pk}-title"'.encode() in page.content
    assert b"<svg" in page.content
