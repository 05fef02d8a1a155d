"""S17 South East London funding: PMO funding sources (CCGs at least 50%, central ~25%, the rest
from providers, mental health in kind) are recorded and shown."""

from decimal import Decimal

from django.urls import reverse

MAIN = "vale-downs"


def test_funding_sources_are_recorded_and_shown(client_for):
    page = client_for("finance").get(reverse("workforce:budget", args=[MAIN, "pmo-funding"]))
    sources = {s.category: s for s in page.context["sources"]}
    assert sources["commissioner"].share >= Decimal(50)
    assert sources["central"].share == Decimal(25)
    assert sources["provider"].share == Decimal(100) - sources["commissioner"].share - Decimal(25)
    assert sources["provider"].in_kind_pence > 0
    in_kind = [line for line in page.context["rec"].lines if line.in_kind_pence]
    assert [line.partner.organisation.kind for line in in_kind] == ["mental_health"]
    html = page.content.decode()
    assert "Central (national bodies)" in html and 'id="sources"' in html


def test_the_export_reconciles_with_the_page(client_for):
    import io

    from openpyxl import load_workbook

    client = client_for("finance")
    page = client.get(reverse("workforce:budget", args=[MAIN, "pmo-funding"]))
    book = load_workbook(io.BytesIO(client.get(reverse("workforce:export", args=[MAIN])).content))
    rows = [r for r in book["Pooled budgets"].iter_rows(min_row=2, values_only=True)]
    mine = [r for r in rows if r[0] == page.context["rec"].budget.name]
    assert round(sum(r[6] + r[7] for r in mine) * 100) == page.context["rec"].total_pence
