"""S7: a proposal is routed to the lowest level that can decide it, with the reasons."""

from django.urls import reverse

from engineroom.system.models import Place

MAIN = "vale-downs"


def route(client, **query):
    return client.get(reverse("governance:matrix", args=[MAIN]), query)


def test_local_by_default_then_up_when_the_place_cannot(client_for, main_system):
    client = client_for("pmo")
    place = Place.objects.filter(system=main_system).order_by("name").first()
    small = route(client, category="service_change", value="500000", places=place.pk)
    card = small.content.decode()
    assert f"{place.name} Place Partnership Board (place level)" in card
    assert "the place level is the lowest that spans it" in card
    big = route(
        client, category="service_change", value="6000000", places=place.pk
    ).content.decode()
    assert "Unified Executive Group (system level)" in big
    assert "above its limit of £1,000,000" in big and "goes up to the system level" in big
    huge = route(client, category="service_change", value="90000000").content.decode()
    assert "reserved to the partners" in huge


def test_a_neighbourhood_proposal_stays_in_the_neighbourhood(client_for, main_system):
    client = client_for("analyst")
    place = Place.objects.filter(system=main_system).order_by("name").first()
    hood = place.neighbourhoods.order_by("name").first()
    page = route(client, category="service_change", value="50000", neighbourhood=hood.pk)
    assert f"{hood.name} Neighbourhood Team (neighbourhood level)" in page.content.decode()


def test_bad_input_gets_an_error_summary(client_for):
    page = route(client_for("pmo"), category="service_change", value="-5").content.decode()
    assert "There is a problem" in page and "nhsuk-error-message" in page
