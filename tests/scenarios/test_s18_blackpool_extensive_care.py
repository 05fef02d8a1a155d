"""S18 Blackpool extensive care.

As a practice clinician I open the emergency admission risk worklist and see the people registered
with my practice at the highest risk, so our extensive care team can contact them. The list leaves
out no one for opting out of secondary use (it is direct care), it is visible only to my practice
or PCN team, and every time it is opened the audit log records it.
"""

import pandas as pd
from django.urls import reverse

from engineroom.accounts.models import Membership, User
from engineroom.audit.models import AuditEvent
from engineroom.population.lake import Lake
from engineroom.population.phm.refresh import current_results
from engineroom.population.pipeline import read_with_seq
from engineroom.system.models import Organisation, OrganisationKind


def worklist(system, **params):
    url = reverse("population_health:worklist", args=[system.code, "risk"])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_s18_practice_team_gets_its_highest_risk_people(
    phm_site, client_for, main_system, user_for
):
    before = AuditEvent.objects.count()
    response = client_for("clinician").get(worklist(main_system))
    assert response.status_code == 200
    page = response.content.decode()
    rows = response.context["worklist"].rows
    own = Membership.objects.get(user=user_for("clinician")).organisation
    assert len(rows) > 0 and set(rows["practice"]) == {own.ods_code}
    assert list(rows["risk"]) == sorted(rows["risk"], reverse=True)
    assert rows.iloc[0]["nhs_number"] in page
    assert "Identifiable: for direct care only" in page
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "worklist.view" and event.actor == user_for("clinician")
    assert rows.iloc[0]["nhs_number"] in event.details["nhs_numbers"]


def test_s18_opted_out_people_stay_on_the_worklist_but_leave_the_dashboard(
    phm_site, client, main_system, client_for
):
    people = pd.read_parquet(current_results(phm_site) / "people.parquet")
    opted = set(read_with_seq(Lake(phm_site), "national_opt_out")["nhs_number"].to_pylist())
    high = people[people["nhs_number"].isin(opted) & (people["risk_group"] <= 2)].iloc[0]
    practice = Organisation.objects.get(ods_code=high["practice"])
    nurse = User.objects.create(username="nurse-s18", full_name="Extensive care nurse")
    Membership.objects.create(
        user=nurse, role="clinician", system=main_system, organisation=practice
    )
    client.force_login(nurse)
    assert high["nhs_number"] in client.get(worklist(main_system)).content.decode()
    dashboard = client_for("analyst").get(
        reverse("population_health:index", args=[main_system.code])
    )
    assert high["nhs_number"] not in dashboard.content.decode()


def test_s18_another_practice_and_analysts_are_refused(
    phm_site, client, client_for, main_system, user_for
):
    own = Membership.objects.get(user=user_for("clinician")).organisation
    other = (
        Organisation.objects.filter(
            kind=OrganisationKind.GP_PRACTICE, footprints__system=main_system
        )
        .exclude(parent=own.parent)
        .order_by("ods_code")
        .first()
    )
    stranger = User.objects.create(username="dr-s18", full_name="Dr Elsewhere")
    Membership.objects.create(
        user=stranger, role="clinician", system=main_system, organisation=other
    )
    client.force_login(stranger)
    before = AuditEvent.objects.count()
    assert client.get(worklist(main_system, practice=own.ods_code)).status_code == 403
    assert AuditEvent.objects.count() == before + 1  # the refused attempt is itself audited
    refused = AuditEvent.objects.order_by("-seq").first()
    assert (refused.action, refused.actor) == ("population_health.worklist_refused", stranger)
    for role in ("analyst", "system_leader", "data_manager", "public"):
        assert client_for(role).get(worklist(main_system)).status_code == 403


def test_s18_the_neighbourhood_team_sees_its_whole_pcn(phm_site, client, main_system, user_for):
    own = Membership.objects.get(user=user_for("clinician")).organisation
    team = User.objects.create(username="pcn-s18", full_name="Neighbourhood team")
    Membership.objects.create(
        user=team, role="clinician", system=main_system, organisation=own.parent
    )
    client.force_login(team)
    rows = client.get(worklist(main_system)).context["worklist"].rows
    assert set(rows["practice"]) == set(
        own.parent.children.values_list("ods_code", flat=True)
    ) & set(rows["practice"])
    assert len(set(rows["practice"])) > 1


def test_s18_the_model_card_reports_the_risk_tool(phm_site, client_for, main_system):
    response = client_for("analyst").get(
        reverse("population_health:model-card", args=[main_system.code])
    )
    page = response.content.decode()
    gbm = response.context["gbm"]
    assert 0.6 < gbm["auroc"] < 0.95
    assert response.context["oracle_auroc"] > 0.6
    assert [t["fraction"] for t in gbm["top"]] == [0.005, 0.01, 0.05]
    for text in (
        "Oracle AUROC",
        "Calibration slope",
        "Brier score",
        "PPV",
        "Sensitivity",
        "AUROC by deprivation quintile",
        "AUROC by ethnic group",
        "Beside PARR++",
    ):
        assert text in page
