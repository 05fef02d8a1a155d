"""S13 Gloucestershire: a single project document for all programmes (and a central decision
matrix, see S7); 15 staff mostly in a PMO supporting distributed programme managers."""

from django.urls import reverse

from engineroom.programmes.models import Programme

MAIN = "vale-downs"


def test_one_document_covers_every_programme(client_for):
    page = client_for("governance").get(reverse("programmes:document", args=[MAIN]))
    html = page.content.decode()
    for p in Programme.objects.filter(system__code=MAIN):
        assert f'id="programme-{p.code}"' in html and p.sro in html
    assert 'id="dependency-map"' in html and "Broken" in html


def test_most_engine_room_staff_are_in_the_pmo(client_for):
    page = client_for("pmo").get(reverse("workforce:posts", args=[MAIN]))
    filled = [(post, current) for post, current, _ in page.context["rows"] if current]
    assert 15 <= len(filled) <= 20
    pmo = [post for post, _ in filled if post.team == "PMO"]
    assert len(pmo) > len(filled) / 3


def test_a_new_programme_joins_the_document(client_for):
    client = client_for("pmo")
    url = reverse("programmes:programme-new", args=[MAIN])
    bad = client.post(url, {"code": "stroke", "name": ""})
    assert b"Another programme already uses this code." in bad.content
    assert b"nhsuk-error-summary" in bad.content
    done = client.post(
        url,
        {
            "code": "frailty",
            "name": "Frailty",
            "level": "place",
            "sro": "Dr A Example",
            "lead": "B Example",
            "board": "Frailty board",
            "objectives": "Fewer falls.",
            "ltp_areas": ["primary_care", "prevention"],
            "status": "on_track",
            "percent_complete": "10",
        },
    )
    assert done.status_code == 302
    html = client.get(reverse("programmes:document", args=[MAIN])).content.decode()
    assert 'id="programme-frailty"' in html
