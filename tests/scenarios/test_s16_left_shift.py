"""S16 Left shift: spend by sector over time shows whether money is moving from acute care to
community, primary care and mental health, for the system and each place."""

from django.urls import reverse

MAIN = "vale-downs"


def test_the_left_shift_page_shows_money_moving_out_of_hospital(client_for, main_system):
    page = client_for("analyst").get(reverse("finance:left-shift", args=[MAIN]))
    trend = page.context["trend"]
    assert len(trend) == 3
    acute = [y.acute_share for y in trend]
    out = [y.out_of_hospital_share for y in trend]
    assert acute == sorted(acute, reverse=True) and acute[0] > acute[-1]
    assert out == sorted(out) and out[0] < out[-1]
    assert page.context["shift"].moving_left
    assert b"Money is moving from acute care" in page.content
    assert b"<svg" in page.content and b'id="sector-spend"' in page.content
    places = page.context["places"]
    assert {p.code for p in places} == set(main_system.places.values_list("code", flat=True))
    for rows in places.values():
        assert rows and rows[0].acute_share > rows[-1].acute_share
    # Place shares add back up to the system's spend.
    for index, year in enumerate(trend):
        assert sum(rows[index].total for rows in places.values()) == year.total
