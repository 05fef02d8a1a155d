"""Worklists are direct care: own practice or PCN only, opt-outs not applied, every view audited."""

import csv
import io

import pandas as pd
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engineroom.accounts.models import Membership, User
from engineroom.audit.models import AuditEvent
from engineroom.phm.refresh import current_results
from engineroom.population.lake import Lake
from engineroom.population.pipeline import read_with_seq
from engineroom.system.models import Organisation, OrganisationKind

MAIN = "vale-downs"


def clinician_at(org, main_system, name):
    user = User.objects.create(username=name, full_name=name)
    Membership.objects.create(user=user, role="clinician", system=main_system, organisation=org)
    return user


def practices(main_system):
    return list(Organisation.objects.filter(kind=OrganisationKind.GP_PRACTICE,
                                            footprints__system=main_system)
                .distinct().order_by("ods_code"))  # fmt: skip


def people(var):
    return pd.read_parquet(current_results(var) / "people.parquet")


def url(kind="risk", **params):
    from urllib.parse import urlencode

    base = reverse("population_health:worklist", args=[MAIN, kind])
    return f"{base}?{urlencode(params)}" if params else base


def test_the_clinician_sees_only_their_own_practice(phm_site, client_for, main_system):
    own = practices(main_system)[0]
    response = client_for("clinician").get(url())
    assert response.status_code == 200
    rows = response.context["worklist"].rows
    assert len(rows) > 0
    assert set(rows["practice"]) == {own.ods_code}
    assert list(rows["risk"]) == sorted(rows["risk"], reverse=True)


def test_a_clinician_from_another_practice_is_refused_that_practice(phm_site, client, main_system):
    own, other = practices(main_system)[:2]
    user = clinician_at(other, main_system, "dr-other")
    client.force_login(user)
    before = AuditEvent.objects.count()
    for kind in ("risk", "case-finding", "frailty"):
        assert client.get(url(kind, practice=own.ods_code)).status_code == 403
        export = reverse("population_health:worklist-export", args=[MAIN, kind, "csv"])
        assert client.get(f"{export}?practice={own.ods_code}").status_code == 403
    assert AuditEvent.objects.count() == before  # refusals show nothing, so nothing to audit
    shown = client.get(url()).context["worklist"].rows
    assert set(shown["practice"]) <= {other.ods_code}
    assert own.ods_code not in client.get(url()).content.decode()


def test_roles_without_a_practice_membership_are_refused(phm_site, client, main_system):
    icb = Organisation.objects.filter(kind=OrganisationKind.ICB, footprints__system=main_system).first()  # fmt: skip
    client.force_login(clinician_at(icb, main_system, "dr-icb"))
    assert client.get(url()).status_code == 403
    nowhere = User.objects.create(username="dr-nowhere", full_name="No organisation")
    Membership.objects.create(user=nowhere, role="clinician", system=main_system)
    client.force_login(nowhere)
    assert client.get(url()).status_code == 403


def test_a_pcn_member_sees_every_practice_in_the_pcn(phm_site, client, main_system):
    practice = practices(main_system)[0]
    pcn = practice.parent
    assert pcn is not None and pcn.kind == OrganisationKind.PCN
    client.force_login(clinician_at(pcn, main_system, "dr-pcn"))
    response = client.get(url("case-finding"))
    assert response.status_code == 200
    members = {p.ods_code for p in pcn.children.all()}
    assert set(response.context["worklist"].practices) == members
    assert set(response.context["worklist"].rows["practice"]) <= members


def test_every_permitted_view_and_export_is_audited(phm_site, client_for, user_for):
    client = client_for("clinician")
    before = AuditEvent.objects.count()
    client.get(url())
    client.get(url("frailty", sort="age", order="asc"))
    client.get(reverse("population_health:worklist-export", args=[MAIN, "risk", "xlsx"]))
    events = list(AuditEvent.objects.order_by("-id")[:3])[::-1]
    assert AuditEvent.objects.count() == before + 3
    assert [e.action for e in events] == ["worklist.view", "worklist.view", "worklist.export.xlsx"]
    assert all(e.actor == user_for("clinician") for e in events)
    assert events[1].details["sort"] == "age"
    assert events[0].details["people"] == len(events[0].details["nhs_numbers"])


def test_the_worklist_ignores_the_national_opt_out(phm_site, client, main_system):
    opted = set(read_with_seq(Lake(phm_site), "national_opt_out")["nhs_number"].to_pylist())
    everyone = people(phm_site)
    found = everyone[everyone["nhs_number"].isin(opted) & (everyone["risk_group"] <= 2)]
    assert len(found) > 0
    person = found.iloc[0]
    practice = Organisation.objects.get(ods_code=person["practice"])
    client.force_login(clinician_at(practice, main_system, "dr-optout"))
    assert person["nhs_number"] in client.get(url()).content.decode()


def test_filters_sorting_and_exports(phm_site, client_for):
    client = client_for("clinician")
    all_rows = client.get(url("case-finding")).context["worklist"].rows
    htn = client.get(url("case-finding", condition="hypertension")).context["worklist"].rows
    assert len(htn) <= len(all_rows) and all("hypertension" in c for c in htn["case_finding"])
    older = client.get(url(min_age="60", sort="age", order="asc")).context["worklist"].rows
    assert (older["age"] >= 60).all() and list(older["age"]) == sorted(older["age"])
    assert client.get(url(min_age="lots")).status_code == 200  # a bad number is ignored
    text = client.get(
        reverse("population_health:worklist-export", args=[MAIN, "risk", "csv"])
    ).content.decode()
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "NHS number" and len(table) - 1 == len(
        client.get(url()).context["worklist"].rows
    )
    book = load_workbook(io.BytesIO(client.get(
        reverse("population_health:worklist-export", args=[MAIN, "risk", "xlsx"])).content))  # fmt: skip
    assert book.active.max_row == len(table)


@pytest.mark.parametrize("kind", ["risk", "case-finding", "frailty"])
def test_each_worklist_holds_the_right_people(phm_site, client, main_system, kind):
    client.force_login(clinician_at(practices(main_system)[0].parent, main_system, f"dr-{kind}"))
    rows = client.get(url(kind)).context["worklist"].rows
    assert len(rows) > 0
    if kind == "risk":
        assert (rows["risk_group"] <= 2).all()
    elif kind == "case-finding":
        assert (rows["case_finding"] != "").all()
    else:
        assert rows["efi_category"].isin(["moderate", "severe"]).all()
