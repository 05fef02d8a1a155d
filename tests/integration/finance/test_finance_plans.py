"""A partner's own finance team changes its plan; bad amounts are refused field by field."""

from django.urls import reverse

from engineroom.audit.models import AuditEvent
from factories.finance import YEAR


def test_the_owning_finance_team_changes_the_control_total_and_lines(signed_in, world, finance_of):
    client = signed_in(finance_of(world.surplus))
    url = reverse("finance:plan-edit", args=[world.system.code, YEAR, world.surplus.ods_code])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {"control_total": "4,500,000", "income_community": "1000", "expenditure_acute": "x"}
    )
    refused = client.post(url, data)
    assert b"nhsuk-error-summary" in refused.content
    assert b"Enter an amount in pounds" in refused.content
    plan = world.plan(world.surplus)
    assert plan.control_total_pence == 300_000_000, "nothing saved"
    data["expenditure_acute"] = "100"
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.control_total_pence == 450_000_000
    lines = {line.category: line for line in plan.lines.all()}
    assert lines["community"].income_pence == 100_000
    assert lines["acute"].expenditure_pence == 10_000
    event = AuditEvent.objects.get(action="finance.plan_updated")
    assert event.subject == f"finance.plan:{plan.pk}"


def test_a_partners_page_offers_changes_only_to_its_own_finance_team(
    signed_in, world, finance_of, member
):
    url = reverse("finance:partner", args=[world.system.code, YEAR, world.surplus.ods_code])
    edit = reverse("finance:plan-edit", args=[world.system.code, YEAR, world.surplus.ods_code])
    own = signed_in(finance_of(world.surplus)).get(url)
    assert own.context["own_partner"] and edit.encode() in own.content
    other = signed_in(finance_of(world.deficit)).get(url)
    assert not other.context["own_partner"] and edit.encode() not in other.content
    assert signed_in(member("system_leader")).get(url).context["own_partner"] is False
