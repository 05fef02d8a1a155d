"""Every evaluation URL against every role: who may see the population health dashboards may
see evaluations; everyone else is refused, as the dashboard refuses them."""

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from factories.evaluation import EvaluationFactory
from factories.system import SystemFactory

EVERY = frozenset(ROLES)
POPULATION = {"system_leader", "pmo", "analyst", "data_manager", "clinician"}
MATRIX: dict[str, set[str]] = {
    "evaluation:index": POPULATION,
    "evaluation:new": POPULATION,
    "evaluation:result": POPULATION,
    "evaluation:link-benefit": POPULATION,
    "evaluation:export": POPULATION,
}
CASES = [
    ("evaluation:index", []),
    ("evaluation:new", []),
    ("evaluation:result", ["{pk}"]),
    ("evaluation:link-benefit", ["{pk}"]),
    ("evaluation:export", ["{pk}", "xlsx"]),
    ("evaluation:export", ["{pk}", "pdf"]),
]
IDS = [f"{name}:{'/'.join(args)}" for name, args in CASES]


def url(system, name, args, pk) -> str:
    return reverse(name, args=[system.code, *(pk if a == "{pk}" else a for a in args)])


def test_every_url_is_a_case():
    assert {name for name, _ in CASES} == set(MATRIX)


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize(("name", "args"), CASES, ids=IDS)
def test_url_against_role(system, member, signed_in, role, name, args):
    evaluation = EvaluationFactory(system=system)
    response = signed_in(member(role)).get(url(system, name, args, evaluation.pk))
    assert response.status_code == (200 if role in MATRIX[name] else 403)


@pytest.mark.parametrize(("name", "args"), CASES, ids=IDS)
def test_anonymous_users_are_sent_to_sign_in(system, client, name, args):
    response = client.get(url(system, name, args, EvaluationFactory(system=system).pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", sorted(EVERY))
def test_nobody_here_sees_another_systems_evaluations(system, member, signed_in, role):
    other = SystemFactory(region=system.region)
    client = signed_in(member(role))
    assert client.get(reverse("evaluation:index", args=[other.code])).status_code == 403
    theirs = EvaluationFactory(system=other)
    found = client.get(reverse("evaluation:result", args=[system.code, theirs.pk]))
    assert found.status_code in ((404,) if role in POPULATION else (403,))


def test_unknown_evaluations_and_formats_are_not_found(system, analyst):
    pk = EvaluationFactory(system=system).pk
    assert analyst.get(reverse("evaluation:result", args=[system.code, pk + 1])).status_code == 404
    export = reverse("evaluation:export", args=[system.code, pk, "csv"])
    assert analyst.get(export).status_code == 404
