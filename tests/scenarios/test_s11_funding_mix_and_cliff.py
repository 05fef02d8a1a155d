"""S11 Funding mix and the cliff: engine-room staff funded four ways (~40% non-recurrent
transformation, ~25% pooled budget, ~25% national body aligned, ~10% gifted); the page shows the
mix and which posts lose funding or contracts in the next 3/6/12 months, with cost and people."""

from decimal import Decimal

from django.urls import reverse

MAIN = "vale-downs"


def test_the_page_shows_the_four_way_funding_mix(client_for):
    page = client_for("system_leader").get(reverse("workforce:index", args=[MAIN]))
    shares = {r.source: r.share for r in page.context["mix"]}
    assert shares == {
        "transformation": Decimal("40.0"),
        "pooled": Decimal("25.0"),
        "national": Decimal("25.0"),
        "gifted": Decimal("10.0"),
    }
    assert sum(r.amount_pence for r in page.context["mix"]) == page.context["mix_total"]
    html = page.content.decode()
    assert "Non-recurrent transformation funding" in html and "40.0%" in html
    assert 'role="img"' in html and 'id="mix"' in html  # chart and its table


def test_the_cliff_grows_with_the_horizon_with_people_and_cost(client_for):
    page = client_for("finance").get(reverse("workforce:index", args=[MAIN]))
    three, six, twelve = page.context["cliffs"]
    assert (three.months, six.months, twelve.months) == (3, 6, 12)
    assert 0 < three.posts < six.posts < twelve.posts
    assert 0 < three.cost_at_risk_pence < six.cost_at_risk_pence < twelve.cost_at_risk_pence
    assert twelve.people >= six.people >= three.people > 0


def test_the_cliff_page_names_the_posts_and_what_ends(client_for):
    page = client_for("pmo").get(reverse("workforce:cliff", args=[MAIN]) + "?months=3")
    cliff = page.context["cliff"]
    html = page.content.decode()
    assert cliff.months == 3
    for item in cliff.items:
        assert item.post.title in html
    assert "Programme director, urgent care" in html
    assert "fixed-term contract ends" in html


def test_vacancies_and_skills_gaps_are_shown(client_for):
    page = client_for("pmo").get(reverse("workforce:posts", args=[MAIN]))
    html = page.content.decode()
    assert html.count("Vacant</strong>") == 2
    assert any(g.gap for g in page.context["gaps"])


def test_roles_without_workforce_view_are_refused(client_for):
    for role in ("analyst", "governance", "public"):
        assert client_for(role).get(reverse("workforce:index", args=[MAIN])).status_code == 403
