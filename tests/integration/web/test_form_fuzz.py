"""Every form of every app, posted Hypothesis-made nonsense by a user allowed to post there: the
answer is never a 500, and rows change only when the page accepts the post (302).

Each URL whose view takes POST (or draws a form from GET parameters) must have a case here; the
first test fails if a new one is added without one. The values mix good ones (so the cleaning
of other fields runs too) with the kinds that once gave 500s: 30-digit amounts, NaN, 1e308,
``--5``, year 0001 and 9999 dates, unknown choices and primary keys, long and odd unicode text,
and files of random bytes or the wrong kind.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lakes
from factories.finance import (
    YEAR,
    ImportBatchFactory,
    IncentiveSchemeFactory,
    PlanFactory,
    RoundPartnerFactory,
    ScenarioFactory,
    ScenarioLineFactory,
    TransferFactory,
    TransferRoundFactory,
)
from factories.governance import (
    ActionFactory,
    AgendaItemFactory,
    BodyFactory,
    DecisionFactory,
    MeetingFactory,
    MemberFactory,
    PaperFactory,
)
from factories.programmes import (
    BenefitFactory,
    DependencyFactory,
    HighlightReportFactory,
    MilestoneFactory,
    ProgrammeFactory,
    RiskFactory,
)
from factories.programmes import (
    ImportBatchFactory as ProgrammeImportFactory,
)
from factories.system import PersonFactory, organisation_in
from factories.workforce import BudgetPartnerFactory, PooledBudgetFactory, PostFactory

# Per form: about a minute for every form of every app; FORM_FUZZ_EXAMPLES=200 to hunt harder.
EXAMPLES = int(os.environ.get("FORM_FUZZ_EXAMPLES", "12"))
APPS = {"governance", "programmes", "workforce", "finance", "feeds", "system", "population_health"}
DOMAIN_LABELS = ("governance", "programmes", "workforce", "finance", "system", "feeds")
# Forms that work the lake: their cases are posted in ``practices_system``, whose partners' feeds
# the real pipeline put in the session's lake (``phm_results``), each test to its own copy.
LAKE_FORMS = (
    "feeds:row",
    "feeds:row-release",
    "feeds:row-resubmit",
    "feeds:unlinked-record",
    "feeds:unlinked-new",
)
MONTH = dt.date(2025, 5, 1)
RISK_ROW = {  # a checked risk-log row, as programmes.imports.check keeps it
    "programme_code": "stroke",
    "ref": "R900",
    "title": "Theatre staffing",
    "cause": "Vacancies",
    "event": "Lists cancelled",
    "effect": "Longer waits",
    "owner": "Head of theatres",
    **{f"{k}_{d}": "3" for k in ("inherent", "current") for d in ("likelihood", "impact")},
    "target_likelihood": "2",
    "target_impact": "2",
    "mitigations": "",
    "review_date": "2025-09-30",
    "escalation": "programme",
}

NASTY_TEXT = [
    "",
    " ",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "1e308",
    "1E5",
    "--5",
    "-",
    "£",
    "()",
    "(-5)",
    "0x1F",
    "9" * 30,
    "-" + "9" * 25,
    "12345678901234567890.123",
    "1,2,3",
    "0.001",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2025-02-30",
    "31/12/9999",
    "2025-03-30T01:30",  # inside the hour the clocks skip in London
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "x" * 5000,
    "\u202e\u0000\ud7ff\U0001f600",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
]
GOOD_TEXT = ["5", "0", "45,000", "£1,250.50", "-3,500", "2025-04-01", "2025-06-15T10:00", "stroke"]
FILES = [
    ("return.csv", b"month,category,income\n1,acute,5\n"),
    ("return.xlsx", b"PK\x03\x04 not really a workbook"),
    ("paper.pdf", b"%PDF-1.7\n%%EOF"),
    ("paper.pdf", b"MZ\x90\x00 an executable called a PDF"),
    ("paper.docx", b"PK\x05\x06" + b"\x00" * 18),
    ("virus.exe", b"MZ\x90\x00"),
    ("notes.txt", b"caf\xe9 \x00 latin-1 with a NUL"),
    ("", b""),
]


def text_values() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NASTY_TEXT),
        st.sampled_from(GOOD_TEXT),
        st.text(max_size=60),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat),
    )


def choice_values(f: forms.Field) -> st.SearchStrategy[str]:
    valid = [str(k) for k, _ in getattr(f, "choices", []) if str(k)]
    if isinstance(f, forms.ModelChoiceField):
        valid = [str(pk) for pk in f.queryset.values_list("pk", flat=True)[:20]]
    return st.one_of(st.sampled_from(valid or [""]), text_values())


def file_values() -> st.SearchStrategy:
    named = st.sampled_from(FILES)
    random = st.tuples(
        st.sampled_from(["a.csv", "a.xlsx", "a.pdf", "a.docx", "a.odt", "a.pptx", "a.txt"]),
        st.binary(max_size=3000),
    )
    return st.one_of(named, random).map(lambda nc: SimpleUploadedFile(nc[0] or "x", nc[1]))


def value_for(f: forms.Field) -> st.SearchStrategy:
    if isinstance(f, forms.FileField):
        return file_values()
    if isinstance(f, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "NaN"])
    if isinstance(f, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return st.lists(choice_values(f), max_size=3)
    if isinstance(f, forms.ChoiceField | forms.ModelChoiceField):
        return choice_values(f)
    return text_values()


@st.composite
def post_data(draw, form: forms.Form, extra: dict) -> dict:
    """A value (or none) for every field of ``form``, and for the view's own POST fields."""
    data = {}
    for name, f in list(form.fields.items()) + [(k, None) for k in extra]:
        if draw(st.integers(0, 9)) == 0:
            continue  # sometimes the field is left out altogether
        strategy = st.sampled_from(extra[name]) | text_values() if f is None else value_for(f)
        data[form.add_prefix(name) if f is not None else name] = draw(strategy)
    return data


@dataclass
class Case:
    role: str
    args: list | Callable  # or made for the user, args(user)
    organisation: object = None
    extra: dict = field(default_factory=dict)  # POST fields the view reads outside its form
    method: str = "post"


def build_cases(system) -> dict[str, Case]:
    """One case per form URL, with objects of ``system`` to post to."""
    code = system.code
    partner = organisation_in(system, kind="acute")
    other = organisation_in(system, kind="community")
    body = BodyFactory(system=system, code="board")
    for org in (partner, other):
        MemberFactory(body=body, organisation=org, person=PersonFactory())
    meeting = MeetingFactory(body=body)
    item = AgendaItemFactory(meeting=meeting)
    action = ActionFactory(meeting=meeting)
    decision = DecisionFactory(body=body)
    gov = {
        "body-new": [code],
        "body-edit": [code, body.code],
        "member-add": [code, body.code],
        "delegation-add": [code, body.code],
        "meeting-new": [code, body.code],
        "item-add": [code, meeting.pk],
        "paper-add": [code, meeting.pk, item.pk],
        "item-edit": [code, meeting.pk, item.pk],
        "item-move": [code, meeting.pk, item.pk],
        "item-withdraw": [code, meeting.pk, item.pk],
        "paper-replace": [code, meeting.pk, PaperFactory(item=item).pk],
        "paper-withdraw": [code, meeting.pk, PaperFactory(item=item).pk],
        "meeting-reschedule": [code, meeting.pk],
        "meeting-cancel": [code, meeting.pk],
        "attendance": [code, meeting.pk],
        "minutes": [code, meeting.pk],
        "minutes-step": [code, meeting.pk, "approve"],
        "action-add": [code, meeting.pk],
        "action-done": [code, action.pk],
        "decision-new": [code],
        "decision-agree": [code, decision.pk],
        "decision-partner": [code, decision.pk],
        "decision-withdraw": [code, decision.pk],
        "interest-add": [code],
        "return-add": [code],
    }
    cases = {f"governance:{n}": Case("governance", a) for n, a in gov.items()}
    cases["governance:matrix"] = Case("governance", [code], method="get")
    cases.update(finance_cases(system, partner, other))
    cases.update(programme_cases(system))
    post = PostFactory(system=system)
    budget = PooledBudgetFactory(system=system)
    BudgetPartnerFactory(budget=budget, organisation=partner)
    for name, args in {
        "post-new": [code],
        "appoint": [code, post.ref],
        "add-funding": [code, post.ref],
        "contribute": [code, budget.code],
    }.items():
        cases[f"workforce:{name}"] = Case("pmo", args)
    cases["feeds:load"] = Case("data_manager", [code])
    cases.update(feeds_cases(system))
    cases["population_health:worklist-mark"] = Case(
        "clinician",
        [code, "risk"],
        organisation=organisation_in(system, kind="gp_practice"),
        extra={"nhs_number": ["9434765919"], "status": ["reviewed"], "back": ["sort=name"]},
    )
    cases["system:organisations"] = Case("system_leader", [code], method="get")
    cases["login"] = Case("", [])  # signed out
    return cases


def finance_cases(system, partner, other) -> dict[str, Case]:
    code = system.code
    plan = PlanFactory(system=system, organisation=partner)
    PlanFactory(system=system, organisation=other)
    batch = ImportBatchFactory(plan=plan)
    run = TransferRoundFactory(system=system)
    for org in (partner, other):
        RoundPartnerFactory(round=run, organisation=org)
    transfer = TransferFactory(round=run, giver=partner, receiver=other)
    scheme = IncentiveSchemeFactory(system=system)
    scenario = ScenarioFactory(system=system)
    ScenarioLineFactory(scenario=scenario, organisation=partner)
    own = {"organisation": partner}
    return {
        "finance:plan-edit": Case("finance", [code, YEAR, partner.ods_code], **own),
        "finance:import": Case("finance", [code, YEAR, partner.ods_code], **own),
        "finance:import-preview": Case("finance", [code, YEAR, batch.pk], **own),
        "finance:transfers": Case("finance", [code, YEAR], **own),
        "finance:round": Case(
            "finance", [code, YEAR, run.pk], **own, extra={"transfer": [str(transfer.pk)]}
        ),
        "finance:incentives": Case(
            "finance", [code, YEAR], **own, extra={"scheme": [str(scheme.pk)]}
        ),
        "finance:scenarios": Case("finance", [code, YEAR], **own),
        "finance:scenario": Case("finance", [code, YEAR, scenario.pk], **own),
    }


def feeds_cases(system) -> dict[str, Case]:
    """The quarantine's and the unlinked queue's forms, on the system's first quarantined row
    and first unlinked record (looked up when posted: only the lake's system has them)."""

    def row(user) -> list:
        found = lakes.quarantined_row(system)
        return [system.code, found["load_id"], found["row_number"]]

    def record(user) -> list:
        found = lakes.unlinked_record(system)
        return [system.code, found["source"], found["record_id"]]

    note = {"note": ["Send the real appointment date"]}
    return {
        "feeds:row": Case("data_manager", row),
        "feeds:row-release": Case("data_manager", row),
        "feeds:row-resubmit": Case("data_manager", row, extra=note),
        "feeds:unlinked-record": Case("data_manager", record),
        "feeds:unlinked-new": Case("data_manager", record),
    }


def programme_cases(system) -> dict[str, Case]:
    code = system.code
    programme = ProgrammeFactory(system=system, code="stroke")
    milestone = MilestoneFactory(project__programme=programme)
    risk = RiskFactory(programme=programme)
    report = HighlightReportFactory(programme=programme, month=MONTH)
    by_report = [code, programme.code, report.month_slug]
    benefit = BenefitFactory(programme=programme)
    dependency = DependencyFactory(milestone=MilestoneFactory(project__programme=programme))
    project = [code, programme.code, milestone.project.pk]
    args = {
        "project-new": [code, programme.code],
        "project": project,
        "milestone-new": project,
        "benefit-new": [code, programme.code],
        "benefit": [code, programme.code, benefit.pk],
        "benefit-month": [code, programme.code, benefit.pk],
        "dependency-new": [code],
        "dependency": [code, dependency.pk],
        "programme-new": [code],
        "programme-edit": [code, programme.code],
        "milestone": [code, programme.code, milestone.pk],
        "risk-new": [code],
        "risk": [code, risk.pk],
        "risk-to-issue": [code, risk.pk],
        "import": [code],
        "import-preview": lambda user: [
            code,
            ProgrammeImportFactory(
                system=system, problems=[], uploaded_by=user, rows=[RISK_ROW]
            ).pk,
        ],
        "report-new": [code, programme.code],
        "report-edit": by_report,
        "report-submit": by_report,
        "report-approve": by_report,
    }
    return {f"programmes:{name}": Case("pmo", a) for name, a in args.items()}


def form_urls() -> set[str]:
    """Names of the app URLs whose view takes POST."""
    found = set()

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace in APPS:
                view = getattr(p.callback, "view_class", None)
                if view and hasattr(view, "post"):
                    found.add(f"{namespace}:{p.name}")

    walk(get_resolver().url_patterns, None)
    return found


def domain_rows() -> int:
    return sum(
        m.objects.count()
        for label in DOMAIN_LABELS
        for m in apps.get_app_config(label).get_models()
    )


@pytest.fixture
def system(request, db):
    """An empty system, as everywhere; for a form working the lake (``LAKE_FORMS``), the system
    whose partners' feeds are in it, with a private copy of it as ``VAR_DIR``."""
    from factories.system import SystemFactory

    callspec = getattr(request.node, "callspec", None)
    if not callspec or callspec.params.get("name") not in LAKE_FORMS:
        return SystemFactory()
    var = lakes.private_copy(
        request.getfixturevalue("phm_results"), request.getfixturevalue("tmp_path")
    )
    request.getfixturevalue("settings").VAR_DIR = var
    return request.getfixturevalue("published_system")


@pytest.fixture
def cases(system):
    return build_cases(system)


def test_every_form_url_has_a_case(cases):
    assert form_urls() <= set(cases) == set(FORM_URLS)


def test_a_get_on_a_post_only_page_is_405(cases, client_for):
    for name in ("programmes:report-submit", "programmes:report-approve"):
        client, args = client_for(cases[name])
        assert client.get(reverse(name, args=args)).status_code == 405
        assert client.post(reverse(name, args=args)).status_code == 302


@pytest.fixture
def client_for(client, member):
    """The client signed in as a user who may post the case, and the case's URL arguments."""

    def make(case: Case):
        user = member(case.role, organisation=case.organisation) if case.role else None
        if user:
            client.force_login(user)
        return client, case.args(user) if callable(case.args) else case.args

    return make


FORM_URLS = sorted(
    [
        *(f"governance:{n}" for n in ["body-new", "body-edit", "member-add", "delegation-add"]),
        *(f"governance:{n}" for n in ["meeting-new", "item-add", "paper-add", "attendance"]),
        *(f"governance:{n}" for n in ["minutes", "minutes-step", "action-add", "action-done"]),
        *(f"governance:item-{n}" for n in ["edit", "move", "withdraw"]),
        *(f"governance:{n}" for n in ["paper-replace", "paper-withdraw"]),
        *(f"governance:meeting-{n}" for n in ["reschedule", "cancel"]),
        *(f"governance:decision-{n}" for n in ["new", "agree", "partner", "withdraw"]),
        "governance:interest-add",
        "governance:return-add",
        "governance:matrix",
        *(f"finance:{n}" for n in ["plan-edit", "import", "import-preview", "transfers"]),
        *(f"finance:{n}" for n in ["round", "incentives", "scenarios", "scenario"]),
        *(f"programmes:{n}" for n in ["programme-new", "programme-edit", "milestone"]),
        *(f"programmes:{n}" for n in ["risk-new", "risk", "risk-to-issue", "import"]),
        *(f"programmes:{n}" for n in ["import-preview", "report-new", "report-edit"]),
        *(f"programmes:{n}" for n in ["project-new", "project", "milestone-new"]),
        *(f"programmes:{n}" for n in ["benefit-new", "benefit", "benefit-month"]),
        *(f"programmes:{n}" for n in ["dependency-new", "dependency"]),
        "programmes:report-submit",
        "programmes:report-approve",
        *(f"workforce:{n}" for n in ["post-new", "appoint", "add-funding", "contribute"]),
        "feeds:load",
        *LAKE_FORMS,
        "population_health:worklist-mark",
        "system:organisations",
        "login",
    ]
)


@pytest.mark.parametrize(
    "name",  # the forms working the lake need the session's pipeline run (``phm_results``)
    [pytest.param(n, marks=pytest.mark.slow) if n in LAKE_FORMS else n for n in FORM_URLS],
)
def test_no_post_of_any_form_gives_a_500(cases, client_for, name):
    case = cases[name]
    client, args = client_for(case)
    url = reverse(name, args=args)
    page = client.get(url)
    assert page.status_code in (200, 405), (name, page.status_code)
    form = page.context["form"] if page.status_code == 200 and "form" in page.context else None
    form = form or forms.Form()

    @settings(
        max_examples=EXAMPLES,
        derandomize=os.environ.get("CI") == "true",  # CI repeatable; local runs keep hunting
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=post_data(form, case.extra))
    def post_nonsense(data):
        before = domain_rows()
        if case.method == "get":
            response = client.get(url, {k: v for k, v in data.items() if isinstance(v, str)})
        else:
            response = client.post(url, data)
        assert response.status_code != 500, (name, data)
        assert response.status_code in (200, 302, 400, 403, 404, 405, 429), (name, data)
        if response.status_code != 302:
            assert domain_rows() == before, (name, response.status_code, data)

    post_nonsense()
