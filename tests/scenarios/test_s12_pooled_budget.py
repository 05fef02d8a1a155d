"""S12 Pooled budget: all CCGs and providers contribute the same amount, in cash or seconded
staff, capped at a system total (Lincolnshire); contributions and in-kind value reconcile."""

from django.urls import reverse

from engineroom.audit.models import AuditEvent

MAIN = "vale-downs"


def test_equal_shares_in_cash_and_kind_reconcile_to_the_cap(client_for):
    page = client_for("finance").get(reverse("workforce:budget", args=[MAIN, "engine-room"]))
    rec = page.context["rec"]
    assert rec.budget.share_rule == "equal"
    assert len({line.expected_pence for line in rec.lines}) == 1  # the same amount each
    assert rec.in_kind_pence > 0 and rec.cash_pence > 0
    assert rec.cash_pence + rec.in_kind_pence == rec.budget.cap_pence
    assert rec.reconciles
    assert all(line.difference_pence == 0 for line in rec.lines)
    assert "Contributions reconcile to the cap." in page.content.decode()


def test_in_kind_contributions_are_seconded_staff_valued_at_cost(client_for):
    page = client_for("pmo").get(reverse("workforce:budget", args=[MAIN, "engine-room"]))
    for line in page.context["rec"].lines:
        for c in line.partner.contributions.all():
            if c.kind == "in_kind":
                assert c.appointment.kind == "secondment"


def test_a_contribution_over_the_cap_is_flagged(client_for):
    client = client_for("pmo")
    page = client.get(reverse("workforce:contribute", args=[MAIN, "engine-room"]))
    partner = page.context["form"].fields["partner"].queryset.first()
    url = reverse("workforce:contribute", args=[MAIN, "engine-room"])
    bad = client.post(url, {"partner": partner.pk, "kind": "cash", "amount": "lots"})
    assert b"Enter an amount in pounds" in bad.content
    in_kind = client.post(url, {"partner": partner.pk, "kind": "in_kind", "amount": "1000"})
    assert b"Name the secondment" in in_kind.content
    done = client.post(url, {"partner": partner.pk, "kind": "cash", "amount": "10,000"})
    assert done.status_code == 302
    assert AuditEvent.objects.filter(action="workforce.contribution_created").exists()
    page = client.get(done.url)
    rec = page.context["rec"]
    assert rec.headroom_pence == -1_000_000 and not rec.reconciles
    assert "Contributions exceed the cap by £10,000." in page.content.decode()
