"""The disease registers page and its download against every role, scoped as the dashboard is,
showing the published (suppressed) registers with a funnel plot per condition."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from engineroom.accounts.permissions import ROLES
from engineroom.population.phm.suppression import SUPPRESSED
from engineroom.population_health import exports
from factories.system import SystemFactory

POPULATION = {"system_leader", "pmo", "analyst", "data_manager", "clinician"}
MATRIX: dict[str, set[str]] = {
    "population_health:registers": POPULATION,
    "population_health:registers-export": POPULATION,
}
CASES = [
    ("population_health:registers", []),
    ("population_health:registers-export", ["xlsx"]),
    ("population_health:registers-export", ["csv"]),
]


@pytest.fixture
def system(published_system):
    return published_system


def _url(system, name, args):
    return reverse(name, args=[system.code, *args])


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize(("name", "args"), CASES)
def test_url_against_role(system, member, signed_in, role, name, args):
    response = signed_in(member(role)).get(_url(system, name, args))
    assert response.status_code == (200 if role in MATRIX[name] else 403)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_nobody_sees_another_systems_registers(system, member, signed_in, role):
    other = SystemFactory(region=system.region)
    client = signed_in(member(role))
    assert client.get(_url(other, "population_health:registers", [])).status_code == 403
    export = _url(other, "population_health:registers-export", ["xlsx"])
    assert client.get(export).status_code == 403


@pytest.mark.parametrize(("name", "args"), CASES)
def test_anonymous_users_are_sent_to_sign_in(system, client, name, args):
    response = client.get(_url(system, name, args))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_page_shows_each_register_with_its_funnel_plot(system, member, signed_in):
    page = signed_in(member("analyst")).get(_url(system, "population_health:registers", []))
    html = page.content.decode()
    shown = page.context["registers"]
    assert [r["condition"] for r in shown][:2] == ["hypertension", "af"]
    hypertension = shown[0]
    assert hypertension["chart"] is not None
    assert 'id="funnel-hypertension-title"' in html and "99.8% limits" in html
    assert 'id="register-table-hypertension"' in html and 'id="outside-hypertension"' in html
    for r in shown:
        for row in r["outside"]:  # every point outside the limits is named in words too
            assert row["name"] in html and row["position"] in html
    assert "Disease registers" in html
    assert (
        reverse("population_health:registers", args=[system.code])
        in signed_in(member("pmo"))
        .get(reverse("population_health:index", args=[system.code]))
        .content.decode()
    )


def test_the_xlsx_holds_the_pages_suppressed_numbers(system, member, signed_in):
    client = signed_in(member("analyst"))
    response = client.get(_url(system, "population_health:registers-export", ["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = [c.header for _, c in exports.REGISTER_COLUMNS]
    assert list(rows[0]) == header
    assert len(rows) > 14
    for row in rows[1:]:
        for column in ("List size", "Register"):
            value = row[header.index(column)]
            assert value == SUPPRESSED or (isinstance(value, int) and value % 5 == 0)


def test_before_any_refresh_the_page_says_so(system, member, signed_in, settings, tmp_path):
    settings.PHM_VAR = str(tmp_path)
    client = signed_in(member("analyst"))
    page = client.get(_url(system, "population_health:registers", []))
    assert page.status_code == 200 and "No results published yet" in page.content.decode()
    export = _url(system, "population_health:registers-export", ["xlsx"])
    assert client.get(export).status_code == 404
