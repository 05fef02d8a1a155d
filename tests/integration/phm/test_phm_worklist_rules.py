"""Worklists are direct care: own practice or PCN only, opt-outs not applied, every view audited."""

import csv
import io
from urllib.parse import urlencode

import pandas as pd
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engineroom.audit.models import AuditEvent
from engineroom.population.lake import Lake
from engineroom.population.phm.refresh import current_results
from engineroom.population.pipeline import read_with_seq
from engineroom.system.models import Organisation, OrganisationKind


@pytest.fixture
def system(published_system):
    return published_system


def practices(system) -> list[Organisation]:
    return list(
        Organisation.objects.filter(kind=OrganisationKind.GP_PRACTICE, footprints__system=system)
        .distinct()
        .order_by("ods_code")
    )


@pytest.fixture
def clinician_at(member, signed_in):
    """``clinician_at(organisation)``: a test client signed in as a clinician working there."""

    def sign_in(organisation):
        return signed_in(member("clinician", organisation=organisation))

    return sign_in


def people(var) -> pd.DataFrame:
    return pd.read_parquet(current_results(var) / "people.parquet")


def url(system, kind="risk", **params) -> str:
    base = reverse("population_health:worklist", args=[system.code, kind])
    return f"{base}?{urlencode(params)}" if params else base


def export(system, kind="risk", fmt="csv", **params) -> str:
    base = reverse("population_health:worklist-export", args=[system.code, kind, fmt])
    return f"{base}?{urlencode(params)}" if params else base


def test_the_clinician_sees_only_their_own_practice(system, clinician_at):
    own = practices(system)[0]
    response = clinician_at(own).get(url(system))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = response.context["worklist"].rows
    assert len(rows) > 0
    assert set(rows["practice"]) == {own.ods_code}
    assert list(rows["risk"]) == sorted(rows["risk"], reverse=True)
    assert rows.iloc[0]["nhs_number"] in response.content.decode()


def test_a_clinician_from_another_practice_is_refused_that_practice(system, clinician_at):
    own, other = practices(system)[:2]
    client = clinician_at(other)
    before = AuditEvent.objects.count()
    for kind in ("risk", "case-finding", "frailty"):
        assert client.get(url(system, kind, practice=own.ods_code)).status_code == 403
        assert client.get(export(system, kind, practice=own.ods_code)).status_code == 403
    refusals = AuditEvent.objects.filter(seq__gt=before)  # every refused attempt is audited
    assert refusals.count() == 6
    assert {(e.action, e.details["practice"]) for e in refusals} == {
        ("population_health.worklist_refused", own.ods_code)
    }
    assert "no direct care relationship" in refusals[0].reason
    assert len({e.actor_id for e in refusals}) == 1 and refusals[0].actor_id is not None
    shown = client.get(url(system)).context["worklist"].rows
    assert set(shown["practice"]) <= {other.ods_code}
    assert own.ods_code not in client.get(url(system)).content.decode()


def test_roles_without_a_practice_membership_are_refused(system, clinician_at):
    icb = Organisation.objects.get(kind=OrganisationKind.ICB, footprints__system=system)
    assert clinician_at(icb).get(url(system)).status_code == 403
    assert clinician_at(None).get(url(system)).status_code == 403
    assert clinician_at(None).get(export(system)).status_code == 403


def test_a_pcn_member_sees_every_practice_in_the_pcn(system, clinician_at):
    pcn = practices(system)[0].parent
    assert pcn is not None and pcn.kind == OrganisationKind.PCN
    response = clinician_at(pcn).get(url(system, "case-finding"))
    assert response.status_code == 200
    members = {p.ods_code for p in pcn.children.all()}
    assert len(members) > 1
    assert set(response.context["worklist"].practices) == members
    assert set(response.context["worklist"].rows["practice"]) <= members
    narrowed = clinician_at(pcn).get(url(system, practice=sorted(members)[1]))
    assert set(narrowed.context["worklist"].rows["practice"]) == {sorted(members)[1]}


def test_every_permitted_view_and_export_is_audited(system, member, signed_in):
    user = member("clinician", organisation=practices(system)[0])
    client = signed_in(user)
    before = AuditEvent.objects.count()
    page = client.get(url(system))
    client.get(url(system, "frailty", sort="age", order="asc"))
    download = client.get(export(system, fmt="xlsx"))
    events = list(AuditEvent.objects.order_by("-id")[:3])[::-1]
    assert AuditEvent.objects.count() == before + 3
    assert [e.action for e in events] == ["worklist.view", "worklist.view", "worklist.export.xlsx"]
    assert all(e.actor == user for e in events)
    assert [e.subject for e in events] == [
        "population_health.worklist:risk",
        "population_health.worklist:frailty",
        "population_health.worklist:risk",
    ]
    assert events[1].details["sort"] == "age"
    shown = [str(n) for n in page.context["worklist"].rows["nhs_number"]]
    assert events[0].details["people"] == len(events[0].details["nhs_numbers"]) == len(shown)
    assert events[0].details["nhs_numbers"] == shown
    assert events[2].details["nhs_numbers"] == shown  # a download names everyone on it
    assert download["Cache-Control"] == "no-store"


def test_the_worklist_ignores_the_national_opt_out(system, phm_results, clinician_at):
    opted = set(read_with_seq(Lake(phm_results), "national_opt_out")["nhs_number"].to_pylist())
    everyone = people(phm_results)
    found = everyone[everyone["nhs_number"].isin(opted) & (everyone["risk_group"] <= 2)]
    assert len(found) > 0
    person = found.iloc[0]
    practice = Organisation.objects.get(ods_code=person["practice"])
    assert person["nhs_number"] in clinician_at(practice).get(url(system)).content.decode()


def test_filters_sorting_and_exports(system, clinician_at):
    client = clinician_at(practices(system)[0])
    all_rows = client.get(url(system, "case-finding")).context["worklist"].rows
    htn = client.get(url(system, "case-finding", condition="hypertension")).context["worklist"]
    assert len(htn.rows) <= len(all_rows) and htn.filters == {"condition": "hypertension"}
    assert all("hypertension" in c for c in htn.rows["case_finding"])
    older = client.get(url(system, min_age="60", sort="age", order="asc")).context["worklist"]
    assert (older.rows["age"] >= 60).all() and list(older.rows["age"]) == sorted(older.rows["age"])
    bad = client.get(url(system, min_age="lots"))
    assert bad.status_code == 200 and "min_age" not in bad.context["worklist"].filters
    text = client.get(export(system)).content.decode()
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "NHS number"
    assert len(table) - 1 == len(client.get(url(system)).context["worklist"].rows)
    book = load_workbook(io.BytesIO(client.get(export(system, fmt="xlsx")).content))
    assert book.active.max_row == len(table)


@pytest.mark.parametrize("kind", ["risk", "case-finding", "frailty"])
def test_each_worklist_holds_the_right_people(system, clinician_at, kind):
    rows = clinician_at(practices(system)[0].parent).get(url(system, kind)).context["worklist"].rows
    assert len(rows) > 0
    if kind == "risk":
        assert (rows["risk_group"] <= 2).all()
    elif kind == "case-finding":
        assert (rows["case_finding"] != "").all()
    else:
        assert rows["efi_category"].isin(["moderate", "severe"]).all()
