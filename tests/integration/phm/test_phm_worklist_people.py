"""Worklists a clinician can act on: each person named with their date of birth and age (own
practice or PCN only, refused and audited otherwise), words instead of codes, risk as a
percentage with its band, the readings behind each case-finding flag, and marks of what was done
(who and when), filterable."""

import datetime as dt
from urllib.parse import urlencode

import pandas as pd
import pytest
from django.urls import reverse
from django.utils.html import escape

from engineroom.audit.models import AuditEvent
from engineroom.population.phm import segments
from engineroom.population.phm.refresh import current_results
from engineroom.population_health.models import WorklistMark
from engineroom.system.models import Organisation, OrganisationKind


@pytest.fixture
def system(published_system):
    return published_system


@pytest.fixture
def practices(system) -> list[Organisation]:
    return list(
        Organisation.objects.filter(kind=OrganisationKind.GP_PRACTICE, footprints__system=system)
        .distinct()
        .order_by("ods_code")
    )


@pytest.fixture
def clinician_at(member, signed_in):
    def sign_in(organisation):
        return signed_in(member("clinician", organisation=organisation))

    return sign_in


def url(system, kind="risk", **params) -> str:
    base = reverse("population_health:worklist", args=[system.code, kind])
    return f"{base}?{urlencode(params)}" if params else base


def mark_url(system, kind="risk") -> str:
    return reverse("population_health:worklist-mark", args=[system.code, kind])


def published(var, name="people") -> pd.DataFrame:
    return pd.read_parquet(current_results(var) / f"{name}.parquet")


def test_each_person_is_named_with_date_of_birth_and_age(system, practices, clinician_at):
    own = practices[0]
    before = AuditEvent.objects.count()
    response = clinician_at(own).get(url(system))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    page = response.content.decode()
    shown = response.context["rows"]
    assert shown
    people = published(system_var()).set_index("nhs_number")
    for row in shown[:20]:
        person = people.loc[row["nhs_number"]]
        name = f"{person['family_name'].upper()}, {person['given_name']}"
        born = person["birth_date"]
        assert row["name"] == name and escape(name) in page
        assert f"Born {born.day} {born:%b %Y} ({person['age']})" in page
        assert person["practice"] == own.ods_code
    view = AuditEvent.objects.filter(seq__gt=before, action="worklist.view").get()
    assert {"name", "date_of_birth"} <= set(view.details["shown"])
    assert view.details["nhs_numbers"][0] == shown[0]["nhs_number"]


def system_var():
    from django.conf import settings

    return settings.PHM_VAR


def test_sorting_by_name_sorts_by_family_then_given_name(system, practices, clinician_at):
    client = clinician_at(practices[0])
    rows = client.get(url(system, sort="name")).context["worklist"].rows
    names = [
        (f.casefold(), g.casefold())
        for f, g in zip(rows["family_name"], rows["given_name"], strict=True)
    ]
    assert len(set(names)) > 5 and names == sorted(names)  # A to Z unless asked otherwise
    backwards = client.get(url(system, sort="name", order="desc")).context["worklist"].rows
    assert list(backwards["family_name"].str.casefold()) == sorted(
        (f for f, _ in names), reverse=True
    )


def test_names_of_other_practices_are_refused_and_the_refusal_audited(
    system, practices, clinician_at, member, signed_in
):
    own, other = practices[:2]
    theirs = published(system_var())
    theirs = theirs[theirs["practice"] == own.ods_code].iloc[0]
    before = AuditEvent.objects.count()
    response = clinician_at(other).get(url(system, practice=own.ods_code))
    assert response.status_code == 403
    assert theirs["family_name"].upper() not in response.content.decode()
    analyst = signed_in(member("analyst")).get(url(system))
    assert analyst.status_code == 403
    refused = AuditEvent.objects.filter(seq__gt=before).order_by("seq")
    assert [e.action for e in refused] == [
        "population_health.worklist_refused",
        "population_health.worklist_refused",
    ]
    assert refused[0].details == {"practice": own.ods_code}


def test_words_not_codes_and_risk_as_a_percentage_with_its_band(system, practices, clinician_at):
    response = clinician_at(practices[0]).get(url(system))
    rows, raw = response.context["rows"], response.context["worklist"].rows
    labels = set(segments.LABELS.values())
    assert all(r["segment"] in labels for r in rows)
    assert all(r["sex"] in ("Female", "Male", "Unknown") for r in rows)
    top = raw.iloc[0]
    expected = f"{round(100 * float(top['risk']), 1):.1f}%"
    assert rows[0]["risk"].startswith(f"{expected} — ")
    bands = {0: "very high", 1: "high", 2: "raised"}
    for row, group in zip(rows, raw["risk_group"].head(len(rows)), strict=True):
        assert f"— {bands[int(group)]} " in row["risk"]
    page = response.content.decode()
    assert escape(rows[0]["risk"]) in page and "end_of_life" not in page.split('id="worklist"')[1]


def test_each_flag_shows_the_readings_behind_it(system, practices, clinician_at):
    response = clinician_at(practices[0]).get(url(system, "case-finding", condition="hypertension"))
    rows = response.context["rows"]
    assert rows
    evidence = published(system_var(), "evidence")
    names = dict(Organisation.objects.values_list("ods_code", "name"))
    for row in rows[:10]:
        (flag,) = [f for f in row["flags"] if f["label"] == "Hypertension"]
        mine = evidence[
            (evidence["nhs_number"] == row["nhs_number"])
            & (evidence["condition"] == "hypertension")
        ]
        assert len(flag["readings"]) == len(mine) >= 2  # the rule: two raised readings or more
        assert mine["event_date"].nunique() == len(mine)
        assert ((mine["value"] >= 140) | (mine["value2"] >= 90)).all()
        latest = mine.iloc[0]
        assert latest["event_date"] == mine["event_date"].max()  # newest first
        when = latest["event_date"]
        assert flag["readings"][0] == (
            f"BP {latest['value']:.0f}/{latest['value2']:.0f} mmHg on "
            f"{when.day} {when:%b %Y} at {names[latest['source']]}"
        )
    page = response.content.decode()
    assert '<details class="nhsuk-details' in page
    assert escape(rows[0]["flags"][0]["readings"][0]) in page


def test_marking_a_person_records_who_and_when_and_filters_the_list(
    system, practices, clinician_at
):
    own = practices[0]
    client = clinician_at(own)
    first = client.get(url(system)).context["rows"][0]
    before = AuditEvent.objects.count()
    response = client.post(
        mark_url(system),
        {
            "nhs_number": first["nhs_number"],
            "status": "reviewed",
            "note": "Seen in clinic",
            "back": "sort=age&order=asc&evil=https://example.org",
        },
    )
    assert response.status_code == 302
    assert response.url == url(system) + "?sort=age&order=asc"
    mark = WorklistMark.objects.get()
    assert (mark.status, mark.worklist, mark.note) == ("reviewed", "risk", "Seen in clinic")
    assert mark.person != first["nhs_number"] and len(mark.person) == 32  # a pseudonym
    assert dt.datetime.now(dt.UTC) - mark.at < dt.timedelta(minutes=5)
    audit = AuditEvent.objects.filter(seq__gt=before).get()
    assert audit.action == "population_health.worklist_marked"
    assert audit.details["nhs_numbers"] == [first["nhs_number"]]
    listed = client.get(url(system)).context["rows"][0]
    assert listed["mark"]["status"] == "Reviewed" and listed["mark"]["note"] == "Seen in clinic"
    unmarked = client.get(url(system, mark="none")).context["worklist"].rows
    assert first["nhs_number"] not in set(unmarked["nhs_number"])
    client.post(mark_url(system), {"nhs_number": first["nhs_number"], "status": "booked"})
    booked = client.get(url(system, mark="booked")).context["worklist"].rows
    assert list(booked["nhs_number"]) == [first["nhs_number"]]  # the latest mark counts
    assert client.get(url(system, mark="reviewed")).context["worklist"].count == 0
    assert client.get(url(system, "frailty", mark="booked")).context["worklist"].count == 0


def test_marks_are_refused_outside_the_practice_and_bad_input_is_a_message(
    system, practices, clinician_at, member, signed_in
):
    own, other = practices[:2]
    person = clinician_at(own).get(url(system)).context["rows"][0]["nhs_number"]
    stranger = clinician_at(other)
    before = AuditEvent.objects.count()
    data = {"nhs_number": person, "status": "contacted"}
    assert stranger.post(mark_url(system), data).status_code == 403
    refused = AuditEvent.objects.filter(seq__gt=before).get()
    assert refused.action == "population_health.worklist_refused"
    assert refused.details == {"nhs_number": person}
    assert stranger.get(mark_url(system)).status_code == 405
    bad = stranger.post(mark_url(system), {"nhs_number": "1234567890", "status": "x"})
    assert bad.status_code == 200
    page = bad.content.decode()
    assert "Enter a valid 10-digit NHS number." in page and "There is a problem" in page
    analyst = signed_in(member("analyst"))  # the same client, now the analyst's
    assert analyst.post(mark_url(system), data).status_code == 403
    assert not WorklistMark.objects.exists()
