"""Every programme and engine-room URL against every role: allowed roles get the page (200),
every other role is refused (403); signed-out visitors are sent to sign in."""

import datetime as dt

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from engineroom.programmes.models import Milestone, Risk
from engineroom.web.periods import Quarter, add_months

EVERY = frozenset(ROLES)
MAIN, OTHER = "vale-downs", "coast-forest"
PROGRAMMES_VIEW = EVERY - {"clinician", "public"}
PMO = {"pmo"}
WORKFORCE_VIEW = {"system_leader", "pmo", "finance"}
LAST_MONTH = add_months(dt.date.today().replace(day=1), -1)
MONTH = f"{LAST_MONTH:%Y-%m}"
QUARTER = Quarter.of(LAST_MONTH).slug

MATRIX = [
    ("programmes:portfolio", [MAIN], PROGRAMMES_VIEW),
    ("programmes:programme-new", [MAIN], PMO),
    ("programmes:programme", [MAIN, "stroke"], PROGRAMMES_VIEW),
    ("programmes:programme-edit", [MAIN, "stroke"], PMO),
    ("programmes:milestone", [MAIN, "stroke", "MILESTONE"], PMO),
    ("programmes:risks", [MAIN], PROGRAMMES_VIEW),
    ("programmes:risk-new", [MAIN], PMO),
    ("programmes:risk", [MAIN, "RISK"], PMO),
    ("programmes:risk-to-issue", [MAIN, "RISK"], PMO),
    ("programmes:issues", [MAIN], PROGRAMMES_VIEW),
    ("programmes:dependencies", [MAIN], PROGRAMMES_VIEW),
    ("programmes:quarters", [MAIN], PROGRAMMES_VIEW),
    ("programmes:quarterly", [MAIN, QUARTER], PROGRAMMES_VIEW),
    ("programmes:document", [MAIN], PROGRAMMES_VIEW),
    ("programmes:export", [MAIN], PROGRAMMES_VIEW),
    ("programmes:import", [MAIN], PMO),
    ("programmes:report", [MAIN, "stroke", MONTH], PROGRAMMES_VIEW),
    ("programmes:report-new", [MAIN, "stroke"], PMO),
    ("workforce:index", [MAIN], WORKFORCE_VIEW),
    ("workforce:cliff", [MAIN], WORKFORCE_VIEW),
    ("workforce:posts", [MAIN], WORKFORCE_VIEW),
    ("workforce:post-new", [MAIN], PMO),
    ("workforce:post", [MAIN, "er-01"], WORKFORCE_VIEW),
    ("workforce:appoint", [MAIN, "er-01"], PMO),
    ("workforce:add-funding", [MAIN, "er-01"], PMO),
    ("workforce:budgets", [MAIN], WORKFORCE_VIEW),
    ("workforce:budget", [MAIN, "engine-room"], WORKFORCE_VIEW),
    ("workforce:contribute", [MAIN, "engine-room"], PMO),
    ("workforce:export", [MAIN], WORKFORCE_VIEW),
    # Another system: only the region-wide regulator may see its programmes; nobody its staff.
    ("programmes:portfolio", [OTHER], {"regulator"}),
    ("programmes:risks", [OTHER], {"regulator"}),
    ("workforce:index", [OTHER], set()),
]
IDS = [f"{n}:{'/'.join(a)}" for n, a, _ in MATRIX]


def _url(name, args):
    if "RISK" in args:
        risk = Risk.objects.filter(programme__system__code=MAIN, status="open").first()
        args = [str(risk.pk) if a == "RISK" else a for a in args]
    if "MILESTONE" in args:
        m = Milestone.objects.filter(project__programme__code="stroke").first()
        args = [str(m.pk) if a == "MILESTONE" else a for a in args]
    return reverse(name, args=args)


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize(("name", "args", "allowed"), MATRIX, ids=IDS)
def test_url_against_role(client_for, role, name, args, allowed):
    response = client_for(role).get(_url(name, args))
    assert response.status_code == (200 if role in allowed else 403)


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    for name, args, _ in MATRIX:
        response = client.get(_url(name, args))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


POSTS = [
    ("programmes:report-submit", [MAIN, "stroke", MONTH]),
    ("programmes:report-approve", [MAIN, "stroke", MONTH]),
    ("programmes:risk-new", [MAIN]),
    ("workforce:post-new", [MAIN]),
    ("workforce:contribute", [MAIN, "engine-room"]),
]


@pytest.mark.parametrize(("name", "args"), POSTS, ids=[n for n, _ in POSTS])
def test_writes_are_refused_to_everyone_but_the_programme_office(client_for, name, args):
    for role in sorted(EVERY - PMO):
        response = client_for(role).post(reverse(name, args=args), {})
        assert response.status_code == 403, role
