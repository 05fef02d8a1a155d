"""S5: a decision agreed by the executive must be ratified by seven partners' boards."""

import datetime as dt

from django.urls import reverse

from engineroom.governance.models import Decision
from engineroom.system.models import Organisation

MAIN = "vale-downs"
TODAY = dt.date.today().isoformat()


def test_the_blocking_partner_is_visible_and_the_last_ratification_makes_it_effective(client_for):
    client = client_for("governance")
    decision = Decision.objects.get(reference="VD-002")
    url = reverse("governance:decision", args=[MAIN, decision.pk])
    page = client.get(url).content.decode()
    partners = page[
        page.index('id="partners"') : page.index("</table>", page.index('id="partners"'))
    ]
    assert partners.count(">Ratified<") == 6 and partners.count(">Pending<") == 1
    assert "Awaiting ratification" in page
    blockers = page[page.index('id="blockers"') :]
    assert "General Hospital NHS Trust" in blockers[: blockers.index("</div>")]
    outsider = Organisation.objects.get(ods_code="L0U02")
    refused = client.post(
        reverse("governance:decision-partner", args=[MAIN, decision.pk]),
        {"partner-organisation": outsider.pk, "partner-outcome": "ratified", "partner-on": TODAY},
    )
    assert "is not a party to this decision" in refused.content.decode()
    rz2 = Organisation.objects.get(ods_code="RZ2")
    client.post(
        reverse("governance:decision-partner", args=[MAIN, decision.pk]),
        {"partner-organisation": rz2.pk, "partner-outcome": "ratified", "partner-on": TODAY},
    )
    page = client.get(url).content.decode()
    assert '<dd class="nhsuk-summary-list__value" id="status">Effective</dd>' in page
    assert f"Ratified by {rz2.name} board on" in page  # the history, in plain English


def test_a_rejection_is_visible_with_its_reason_and_treacle_is_reported(client_for):
    client = client_for("system_leader")
    rejected = Decision.objects.get(reference="VD-003")
    page = client.get(reverse("governance:decision", args=[MAIN, rejected.pk])).content.decode()
    assert "Rejected by Shire County Council: Council cabinet did not accept" in page
    listing = client.get(reverse("governance:decisions", args=[MAIN])).content.decode()
    assert "Walking through treacle" in listing
    row = listing[
        listing.index('<th scope="row" class="nhsuk-table__header">Unified Executive Group') :
    ]
    assert "120 days" in row[: row.index("</tr>")]


def test_a_new_decision_needs_every_affected_statutory_board(client_for):
    client = client_for("governance")
    seven = Organisation.objects.filter(
        ods_code__in=["QZ1", "RZ1", "RZ2", "RZ3", "RZ4", "RW9", "LZC01"]
    )
    executive = (
        client.get(reverse("governance:decision-new", args=[MAIN]))
        .context["form"]
        .fields["body"]
        .queryset.get(code="unified-executive")
    )
    response = client.post(
        reverse("governance:decision-new", args=[MAIN]),
        {
            "body": executive.pk,
            "reference": "VD-100",
            "title": "Shared stroke unit",
            "category": "service_change",
            "value": "2000000",
            "proposed_on": TODAY,
            "organisations": [o.pk for o in seven]
            + [Organisation.objects.get(ods_code="I0A01").pk],
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(reference="VD-100")
    client.post(reverse("governance:decision-agree", args=[MAIN, decision.pk]), {"agree-on": TODAY})
    decision.refresh_from_db()
    assert decision.status == "awaiting_ratification"
    assert decision.partners.count() == 7  # the independent provider is not a statutory board
