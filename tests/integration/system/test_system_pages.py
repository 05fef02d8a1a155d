"""The system pages over a factory-made system: the map and its messy boundaries, the directory,
an organisation's dated footprint, leadership (tenure, dual-hatting, stability) and ICPs."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from engineroom.system.models import AssignmentStatus, Coverage, Level, PartnershipKind
from factories.accounts import UserFactory
from factories.system import (
    FootprintFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    PersonFactory,
    RoleAssignmentFactory,
    SystemFactory,
    organisation_in,
    practices_system,
)

TODAY = dt.date.today()


def page(signed_in, member, name, *args, role="system_leader", **params):
    user = member(role)
    return signed_in(user).get(reverse(name, args=list(args)), params)


@pytest.fixture
def shaped(db, signed_in):
    """``practices_system()``, and ``member(role)`` for it (as the root fixture does for
    ``system``)."""
    system = practices_system()

    def member(role):
        return UserFactory.with_role(role, system=system)

    return system, member


def test_the_map_shows_places_and_flags_messy_boundaries(shaped, signed_in):
    system, member = shaped
    council = OrganisationFactory(ods_code="E0699009", name="Shire Council", kind="la_county")
    FootprintFactory(organisation=council, system=system, place=system.places.first())
    FootprintFactory(organisation=council, system=SystemFactory(name="Coast ICS"))
    response = page(signed_in, member, "system:map", system.code, role="public")
    assert response.status_code == 200
    flags = {
        o.organisation.ods_code: "; ".join(o.reasons) for o in response.context["map"].overlaps
    }
    assert flags["RT1"] == "serves several places: Northtown, Southtown"
    assert flags["RT3"] == "serves part of Northtown"
    assert flags["E0699009"].startswith("spans systems: Coast ICS, Test Valley ICS")
    assert "RT2" not in flags
    places = response.context["map"].places
    assert [p.place.name for p in places] == ["Northtown", "Southtown"]
    assert all(len(p.neighbourhoods) == 2 for p in places)
    assert not any(p.in_range for p in places)  # 3,000 people: far below a place's size
    page_text = response.content.decode()
    assert "6,000 people in 2 places" in page_text and "Messy boundaries" in page_text
    assert "outside 150,000–500,000" in page_text
    assert [o.ods_code for o in response.context["map"].system_organisations] == ["QT1", "RT4"]


def test_only_the_data_manager_is_offered_the_extract_loader(system, member, signed_in):
    load = reverse("feeds:load", args=[system.code])
    assert (
        load
        in page(signed_in, member, "system:map", system.code, role="data_manager").content.decode()
    )
    assert load not in page(signed_in, member, "system:map", system.code).content.decode()


def test_the_directory_filters_by_kind_place_and_text(shaped, signed_in):
    system, member = shaped
    name = "system:organisations"
    everyone = page(signed_in, member, name, system.code).context["total"]
    assert everyone == 19  # ICB, 2 councils, 4 PCNs, 8 practices, 4 trusts
    assert page(signed_in, member, name, system.code, kind="gp_practice").context["total"] == 8
    north = system.places.get(name="Northtown")
    in_place = page(signed_in, member, name, system.code, kind="gp_practice", place=north.code)
    assert in_place.context["total"] == 4
    assert page(signed_in, member, name, system.code, q="rt1").context["total"] == 1
    assert page(signed_in, member, name, system.code, q="Surgery").context["total"] == 8
    partial = signed_in(member("finance")).get(
        reverse(name, args=[system.code]), {"q": "Surgery"}, headers={"HX-Request": "true"}
    )
    assert partial.templates[0].name == "system/_organisation_results.html"
    unknown_place = page(signed_in, member, name, system.code, place="nowhere")
    assert unknown_place.context["total"] == everyone  # an invalid filter filters nothing


def test_an_organisation_shows_its_dated_footprint_members_and_leaders(system, member, signed_in):
    pcn = organisation_in(system, ods_code="U12345", name="Riverside PCN", kind="pcn")
    OrganisationFactory(ods_code="A12345", name="Riverside Surgery", kind="gp_practice", parent=pcn)
    other = SystemFactory(name="Other ICS")
    FootprintFactory(organisation=pcn, system=other, start_date=dt.date(2019, 4, 1))
    RoleAssignmentFactory(
        role="pcn_clinical_director", system=None, organisation=pcn, person__name="Dr Ames"
    )
    partnership = PartnershipFactory(system=system, name="Riverside Alliance")
    PartnershipMemberFactory(partnership=partnership, organisation=pcn)
    response = page(signed_in, member, "system:organisation", system.code, "U12345")
    assert {fp.system for fp in response.context["footprints"]} == {system, other}
    assert [c.ods_code for c in response.context["children"]] == ["A12345"]
    text = response.content.decode()
    assert "PCN clinical director: Dr Ames" in text and "Riverside Alliance" in text
    assert "1 Apr 2019" in text


def test_leadership_shows_tenure_vacancies_and_dual_hatting(system, member, signed_in):
    lead = PersonFactory(name="Lee Lead")
    RoleAssignmentFactory(
        person=lead, role="ics_lead", system=system, start_date=TODAY - dt.timedelta(days=800)
    )
    icb = organisation_in(system, kind="icb")
    RoleAssignmentFactory(person=lead, role="chief_executive", system=None, organisation=icb)
    RoleAssignmentFactory(
        person=None,
        role="ics_chair",
        system=system,
        status=AssignmentStatus.RECRUITING,
        start_date=dt.date(2025, 1, 6),
    )
    response = page(signed_in, member, "system:leadership", system.code, role="governance")
    leaders = {row.role: (row, tenure) for row, tenure in response.context["leaders"]}
    assert (
        leaders["ICS lead"][0].dual_hatted is True and leaders["ICS lead"][1] == "2 years, 2 months"
    )
    assert leaders["ICS chair"][0].dual_hatted is False and leaders["ICS chair"][1] == "–"
    assert [v.get_role_display() for v in response.context["vacancies"]] == ["ICS chair"]
    text = response.content.decode()
    assert "Dual-hatted" in text and "recruiting since 6 Jan 2025" in text


def test_the_region_reports_stability_chairs_and_recruitment(system, member, signed_in):
    steady, changed = system, SystemFactory(region=system.region)
    long_ago, lately = TODAY - dt.timedelta(days=1000), TODAY - dt.timedelta(days=30)
    RoleAssignmentFactory(role="ics_lead", system=steady, start_date=long_ago)
    RoleAssignmentFactory(role="ics_chair", system=steady, start_date=long_ago)
    RoleAssignmentFactory(
        role="ics_lead", system=changed, start_date=long_ago, end_date=lately - dt.timedelta(1)
    )
    RoleAssignmentFactory(role="ics_lead", system=changed, start_date=lately)
    RoleAssignmentFactory(
        person=None, role="ics_chair", system=changed, status=AssignmentStatus.RECRUITING
    )
    response = page(
        signed_in, member, "system:region-leadership", system.region.code, role="regulator"
    )
    stability = response.context["stability"]
    assert (stability.systems, stability.stable, stability.percent_stable) == (2, 1, 50.0)
    assert (stability.with_chair, stability.chair_recruiting) == (1, 1)
    assert "50.0%" in response.content.decode()
    assert [v.system for v in response.context["vacancies"]] == [changed]


def test_each_place_icp_is_checked_against_the_size_range(system, member, signed_in):
    big = system.places.create(code="big", name="Big Town", population=300_000)
    small = system.places.create(code="small", name="Small Town", population=120_000)
    for place in (big, small):
        PartnershipFactory(system=system, place=place, kind=PartnershipKind.ICP, level=Level.PLACE)
    PartnershipFactory(system=system, name="Acute Alliance")
    response = page(signed_in, member, "system:partnerships", system.code)
    flags = {row.partnership.place.name: row.in_range for row in response.context["icps"]}
    assert flags == {"Big Town": True, "Small Town": False}
    assert [p.name for p in response.context["others"]] == ["Acute Alliance"]
    text = response.content.decode()
    assert "Within range" in text and "Outside range" in text and "Acute Alliance" in text
    with override_settings(PLACE_POPULATION_RANGE=(100_000, 500_000)):
        response = page(signed_in, member, "system:partnerships", system.code)
    assert all(row.in_range for row in response.context["icps"])


def test_the_header_lists_what_the_role_may_open_and_marks_the_current_page(
    system, member, signed_in
):
    response = page(signed_in, member, "system:leadership", system.code, role="public")
    menu = {item["label"]: item["active"] for item in response.context["navigation"]}
    assert menu["Leadership"] is True and menu["System map"] is False
    assert "Finance" not in menu and "Population health" not in menu
    assert response.context["current_system"] == system


def test_a_part_footprint_is_shown_as_such(system, member, signed_in):
    place = system.places.create(code="p", name="P", population=200_000)
    trust = organisation_in(system, place=place, ods_code="RQ9")
    trust.footprints.update(coverage=Coverage.PART)
    response = page(signed_in, member, "system:organisation", system.code, "RQ9")
    assert "Part of area" in response.content.decode()
