"""The programme page draws the benefit delivered each month as an SPC chart with its icons, once
two months have ended (one month has no moving range, so no limits), beside the benefits chart."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from engineroom.web.periods import add_months
from factories.programmes import BenefitFactory, BenefitMonthFactory, ProgrammeFactory

THIS_MONTH = dt.date.today().replace(day=1)


def _page(signed_in, member, system, delivered: list[int]):
    benefit = BenefitFactory(programme=ProgrammeFactory(system=system, code="stroke"))
    ended = [add_months(THIS_MONTH, i - len(delivered)) for i in range(len(delivered))]
    for month, pence in zip(ended, delivered, strict=True):
        BenefitMonthFactory(benefit=benefit, month=month, delivered_pence=pence)
    BenefitMonthFactory(benefit=benefit, month=THIS_MONTH, delivered_pence=0)  # not yet ended
    url = reverse("programmes:programme", args=[system.code, "stroke"])
    return signed_in(member("pmo")).get(url)


def test_the_benefit_delivered_each_ended_month_is_an_spc_chart(signed_in, member, system):
    delivered = [800_000, 750_000, 820_000, 790_000, 2_000_000]
    page = _page(signed_in, member, system, delivered)
    spc = page.context["delivered_spc"]
    assert [p.value for p in spc.result.points] == delivered, "the current month is left out"
    assert spc.result.options.improvement == "increase"
    assert spc.chart.table.rows[0][1] == "£8,000"
    assert spc.result.variation_icon == "improvement_high"
    html = page.content.decode()
    assert 'id="benefits-chart-title"' in html, "the benefits chart stays"
    assert 'id="delivered-spc-title"' in html and 'data-icon="improvement_high"' in html


def test_one_ended_month_is_not_enough_for_limits(signed_in, member, system):
    page = _page(signed_in, member, system, [800_000])
    assert page.context["delivered_spc"] is None
    assert b'id="delivered-spc-title"' not in page.content
    assert b'id="benefits-chart-title"' in page.content
