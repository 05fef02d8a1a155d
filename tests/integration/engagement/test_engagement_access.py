"""Every engagement URL against every role and a signed-out visitor. The list of consultations
is every partner's and the public role's (ENGAGEMENT_VIEW); running one (questions, imports,
themes, results, decisions, exports) is governance's and the analyst's (ENGAGEMENT_EDIT); the
public pages are anyone's, signed in or not."""

import pytest
from django.urls import reverse

from engineroom.accounts.permissions import ROLES
from engineroom.engagement.models import Status

EVERY = frozenset(ROLES)
VIEW = EVERY - {"clinician", "regulator"}
EDIT = {"analyst", "governance"}
MATRIX: dict[str, set[str]] = {
    "engagement:index": VIEW,
    "engagement:new": EDIT,
    "engagement:detail": EDIT,
    "engagement:question-new": EDIT,
    "engagement:status": EDIT,
    "engagement:import": EDIT,
    "engagement:import-map": EDIT,
    "engagement:import-result": EDIT,
    "engagement:themes": EDIT,
    "engagement:results": EDIT,
    "engagement:results-population": EDIT,
    "engagement:export": EDIT,
    "engagement:influence": EDIT,
    "engagement:influence-remove": EDIT,
    "engagement:public-index": EVERY,
    "engagement:public-detail": EVERY,
    "engagement:public-respond": EVERY,
    "engagement:public-thanks": EVERY,
    "engagement:public-report": EVERY,
}
POST_ONLY = {"engagement:status", "engagement:results-population", "engagement:influence-remove"}
CASES = [
    ("engagement:index", []),
    ("engagement:new", []),
    ("engagement:detail", ["{slug}"]),
    ("engagement:question-new", ["{slug}"]),
    ("engagement:status", ["{slug}"]),
    ("engagement:import", ["{slug}"]),
    ("engagement:import-map", ["{slug}", "{import}"]),
    ("engagement:import-result", ["{slug}", "{import}"]),
    ("engagement:themes", ["{slug}", "{question}"]),
    ("engagement:results", ["{slug}"]),
    ("engagement:results-population", ["{slug}"]),
    ("engagement:export", ["{slug}", "xlsx"]),
    ("engagement:export", ["{slug}", "pdf"]),
    ("engagement:influence", ["{slug}"]),
    ("engagement:influence-remove", ["{slug}", "{influence}"]),
    ("engagement:public-index", []),
    ("engagement:public-detail", ["{slug}"]),
    ("engagement:public-respond", ["{open}"]),
    ("engagement:public-thanks", ["{open}"]),
    ("engagement:public-report", ["{slug}"]),
]
IDS = [f"{name}:{'/'.join(args)}" for name, args in CASES]


@pytest.fixture
def ids(consulted):
    """A published consultation (with an import, a themed question and a decision linked) and
    an open one, so every page has something to show."""
    from engineroom.engagement.actions import consultations, imports, influence
    from engineroom.governance.models import DecisionStatus
    from factories.governance import BodyFactory, DecisionFactory

    system = consulted.system
    upload = imports.upload(
        consulted, file_name="responses.csv", content=b"Response ID,Comment\nA1,Fine\n", by=None
    )
    decision = DecisionFactory(body=BodyFactory(system=system), status=DecisionStatus.EFFECTIVE)
    linked = influence.record(consulted, decision=decision, you_said="a", we_did="b", by=None)
    consulted.summary, consulted.status = "What people said.", Status.PUBLISHED
    consulted.save()
    opened = consultations.create_consultation(
        system, title="Open now", slug="open-now", description="Tell us.", by=None
    )
    consultations.add_question(opened, kind="free_text", text="Anything else?", by=None)
    consultations.set_status(opened, Status.OPEN, by=None)
    return {
        "{slug}": consulted.slug,
        "{open}": opened.slug,
        "{import}": upload.pk,
        "{question}": consulted.questions.get(kind="free_text").key,
        "{influence}": linked.pk,
    }


def url(system, name, args, ids) -> str:
    return reverse(name, args=[system.code, *(ids.get(a, a) for a in args)])


def _visit(client, name, address):
    return client.post(address) if name in POST_ONLY else client.get(address)


def test_every_url_is_a_case():
    assert {name for name, _ in CASES} == set(MATRIX)


@pytest.mark.parametrize("role", sorted(EVERY))
@pytest.mark.parametrize(("name", "args"), CASES, ids=IDS)
def test_url_against_role(system, member, signed_in, ids, role, name, args):
    response = _visit(signed_in(member(role)), name, url(system, name, args, ids))
    if role not in MATRIX[name]:
        assert response.status_code == 403
    elif name in POST_ONLY:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 200


@pytest.mark.parametrize(("name", "args"), CASES, ids=IDS)
def test_signed_out_visitors_see_only_the_public_pages(system, client, ids, name, args):
    response = _visit(client, name, url(system, name, args, ids))
    if name.startswith("engagement:public"):
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_another_systems_consultation_is_not_found(system, member, signed_in, consulted):
    from factories.system import SystemFactory

    client = signed_in(member("analyst"))
    other = SystemFactory()
    page = reverse("engagement:results", args=[other.code, consulted.slug])
    assert client.get(page).status_code == 403  # no membership there
    assert (
        client.get(reverse("engagement:public-detail", args=[other.code, "x"])).status_code == 404
    )
