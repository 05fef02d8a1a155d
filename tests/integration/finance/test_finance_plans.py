"""A partner's own finance team changes its plan; bad amounts are refused field by field."""

import datetime as dt

from django.urls import reverse

from engineroom.audit.models import AuditEvent
from engineroom.finance.models import Plan
from engineroom.web import periods

MAIN = "vale-downs"
YEAR = periods.year_of(dt.date.today())


def test_the_owning_finance_team_changes_the_control_total_and_lines(client_for):
    client = client_for("finance")
    url = reverse("finance:plan-edit", args=[MAIN, YEAR, "RZ1"])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {"control_total": "4,500,000", "income_community": "1000", "expenditure_acute": "x"}
    )
    refused = client.post(url, data)
    assert b"nhsuk-error-summary" in refused.content
    assert b"Enter an amount in pounds" in refused.content
    plan = Plan.objects.get(system__code=MAIN, year=YEAR, organisation__ods_code="RZ1")
    assert plan.control_total_pence == 300_000_000, "nothing saved"
    data["expenditure_acute"] = "100"
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.control_total_pence == 450_000_000
    lines = {line.category: line for line in plan.lines.all()}
    assert lines["community"].income_pence == 100_000
    assert lines["acute"].expenditure_pence == 10_000
    assert AuditEvent.objects.filter(action="finance.plan_updated").exists()
