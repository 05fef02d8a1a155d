"""S1 Non-coterminous map.

As a system leader I open the system map and see each place with its neighbourhoods and the
organisations serving it, with "messy boundaries" flagged: an acute trust serving two places, a
council spanning two systems and a community trust serving part of a place.
"""

from django.urls import reverse


def overlap_text(response) -> dict[str, str]:
    return {o.organisation.ods_code: "; ".join(o.reasons) for o in response.context["map"].overlaps}


def test_s01_system_map_flags_messy_boundaries(client_for, main_system):
    response = client_for("system_leader").get(reverse("system:map", args=[main_system.code]))
    assert response.status_code == 200
    page = response.content.decode()
    flags = overlap_text(response)

    acute = flags["RZ1"]
    assert acute.startswith("serves several places: ")
    assert "Messy boundaries" in page and "University Hospitals" in page

    assert (
        "spans systems: Coast and Forest ICS (fictional), Vale and Downs ICS (fictional)"
        in (flags["LZC01"])
    )
    assert flags["RZ3"].startswith("serves part of ")
    assert "spans systems" in flags["RW9"]


def test_s01_tree_shows_places_neighbourhoods_and_populations(client_for, main_system):
    response = client_for("public").get(reverse("system:map", args=[main_system.code]))
    places = response.context["map"].places
    assert len(places) == 5
    assert sum(p.place.population for p in places) == main_system.population
    for node in places:
        assert sum(n.population for n in node.neighbourhoods) == node.place.population
        assert all(30_000 <= n.population <= 50_000 for n in node.neighbourhoods)
    assert "1,206,000 people in 5 places" in response.content.decode()


def test_s01_organisation_page_shows_the_dated_footprint(client_for, main_system):
    response = client_for("analyst").get(
        reverse("system:organisation", args=[main_system.code, "LZC01"])
    )
    systems = {fp.system.code for fp in response.context["footprints"]}
    assert systems == {"vale-downs", "coast-forest"}


def test_s01_directory_filters_by_kind_place_and_text(client_for, main_system):
    client = client_for("finance")
    url = reverse("system:organisations", args=[main_system.code])
    practices = client.get(url, {"kind": "gp_practice"}).context["total"]
    assert practices == 120
    place = main_system.places.order_by("name").first()
    in_place = client.get(url, {"kind": "gp_practice", "place": place.code}).context["total"]
    assert 0 < in_place < practices
    assert client.get(url, {"q": "RZ1"}).context["total"] == 1
    partial = client.get(url, {"q": "Surgery"}, headers={"HX-Request": "true"})
    assert partial.templates[0].name == "system/_organisation_results.html"
