"""S15 Incentive scheme: funding linked to the system control total in a chosen proportion; the
page shows what each partner gains or loses under each option if the system hits or misses."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from engineroom.web import periods

MAIN = "vale-downs"
YEAR = periods.year_of(dt.date.today())


def test_each_option_shows_gains_and_losses_for_every_partner(client_for):
    page = client_for("system_leader").get(reverse("finance:incentives", args=[MAIN, YEAR]))
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
    nothing_linked = by_share[Decimal(0)]
    assert all(p.at_stake == 0 for p in nothing_linked.partners), "no surprise at 0%"
    assert b"If the system misses" in page.content


def test_the_system_stakes_all_of_it_as_dorset_did_and_bad_shares_are_refused(client_for):
    client = client_for("system_leader")  # set at system level, not by one trust's finance team
    url = reverse("finance:incentives", args=[MAIN, YEAR])
    scheme, _ = client.get(url).context["schemes"][0]
    refused = client.post(url, {"scheme": scheme.pk, "percent": "150"})
    assert b"Enter a share of 100% or less" in refused.content
    assert b"nhsuk-error-summary" in refused.content
    client.post(url, {"scheme": scheme.pk, "percent": "100"})
    scheme, options = client.get(url).context["schemes"][0]
    assert scheme.linked_share == Decimal(1)
    chosen = next(o for o in options if o.chosen)
    assert chosen.total("if_system_misses") == 0
    assert chosen.total("linked") == chosen.total("allocation")
