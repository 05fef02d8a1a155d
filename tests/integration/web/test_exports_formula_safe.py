"""No download runs as a spreadsheet formula: every XLSX and CSV download of every app, with text
starting ``= + - @`` or a tab or carriage return in every text field its rows are built from.

Every URL whose view is a ``DownloadPage`` is found from the URL configuration: a new download is
checked without this test knowing it, as long as its URL arguments are in ``arguments``. Rows are
made with the factories; then every free-text column of every row in the apps below is rewritten
to start with a risky character, as a user could have typed it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import shutil

import pytest
from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from engineroom.accounts.permissions import ROLES
from engineroom.population.phm import refresh
from engineroom.population_health.bridge import region_spec
from engineroom.population_health.rules import KINDS
from engineroom.system.models import OrganisationKind
from engineroom.web.downloads import XLSX_TYPE
from engineroom.web.pages import DownloadPage
from factories import governance as gov
from factories import oversight as ov
from factories import programmes as prog
from factories import workforce as wf
from factories.accounts import UserFactory
from factories.evaluation import EvaluationFactory
from factories.finance import (
    YEAR,
    PlanFactory,
    PlanLineFactory,
    PoolFactory,
    PoolLineFactory,
    TransferFactory,
    TransferRoundFactory,
    returns_for,
)
from factories.system import PlaceFactory, RegisterCountFactory, organisation_in

RISKY = ("=", "+", "-", "@", "\t", "\r")
APPS = (
    "system",
    "governance",
    "programmes",
    "workforce",
    "finance",
    "evaluation",
    "oversight",
    "spread",
    "engagement",
)
# Text that names things in URLs or joins rows, left as it is: codes, references, years.
KEYS = {"code", "ods_code", "ref", "reference", "financial_year", "age_band", "month"}
MONTH = dt.date(2025, 5, 1)
NOT_SPREADSHEETS = (".pdf", "/pdf/", ".ics")
PHM_APP = "population_health"
# The pseudonymisation key ``phm_results`` was built with (tests/conftest.py).
PHM_KEY = "factory-system-test-key"


def download_urls() -> dict[str, tuple[str, type]]:
    """``namespace:name`` -> (route, view) of every URL whose view is a ``DownloadPage``."""
    found = {}

    def walk(patterns, prefix: str, namespace: str | None):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = ":".join(n for n in (namespace, p.namespace) if n) or None
                walk(p.url_patterns, prefix + str(p.pattern), inner)
            elif isinstance(p, URLPattern):
                view = getattr(p.callback, "view_class", None)
                if view and issubclass(view, DownloadPage):
                    found[f"{namespace}:{p.name}"] = (prefix + str(p.pattern), view)

    walk(get_resolver().url_patterns, "", None)
    return found


def spreadsheet_urls() -> list[str]:
    return sorted(
        name
        for name, (route, _view) in download_urls().items()
        if not route.endswith(NOT_SPREADSHEETS)
    )


def poison(*app_labels: str) -> int:
    """Rewrite every free-text field of every row to start with a risky character (taking turns
    through ``RISKY``); returns how many values were rewritten."""
    risky = itertools.cycle(RISKY)
    changed = 0
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            fields = [f for f in model._meta.concrete_fields if _free_text(f)]
            for row in model.objects.all():
                values = {
                    f.name: (next(risky) + v)[: f.max_length or None]
                    for f in fields
                    if (v := getattr(row, f.attname))
                }
                if values:
                    model.objects.filter(pk=row.pk).update(**values)
                    changed += len(values)
    return changed


def _free_text(field) -> bool:
    return (
        isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.EmailField | models.URLField)
        and not field.choices
        and not field.primary_key
        and field.name not in KEYS
    )


# XML reads a carriage return back as a line feed: a cell written "'\r..." is read "'\n...".
READ_BACK = {"\n": "\r"}


def escaped(value) -> bool:
    """A text value as a risky character typed by a user comes out: behind an apostrophe."""
    return isinstance(value, str) and value[:1] == "'" and _risky(value[1:2])


def _risky(char: str) -> str | None:
    char = READ_BACK.get(char, char)
    return char if char and char in RISKY else None


def xlsx_problems(content: bytes) -> tuple[list, set]:
    """(formula cells and text starting with a risky character, risky characters seen escaped)
    of a workbook."""
    book = load_workbook(io.BytesIO(content))
    formulas, seen = [], set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                text = cell.value if isinstance(cell.value, str) else ""
                if cell.data_type == "f" or _risky(text[:1]):
                    formulas.append(f"{sheet.title}!{cell.coordinate}={cell.value!r}")
                elif escaped(cell.value):
                    seen.add(_risky(cell.value[1]))
    return formulas, seen


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_problems(content: bytes) -> tuple[list, set]:
    """(fields a spreadsheet would run as a formula, risky characters seen escaped) of a CSV."""
    unsafe, seen = [], set()
    for row in csv.reader(io.StringIO(content.decode("utf-8"), newline="")):
        for field in row:
            if field[:1] in RISKY and not _number(field):
                unsafe.append(field)
            elif escaped(field):
                seen.add(_risky(field[1]))
    return unsafe, seen


def check(url: str, response) -> set:
    """Assert a download is free of formulas; the risky characters it showed escaped."""
    assert response.status_code == 200, f"{url}: {response.status_code}"
    kind = response["Content-Type"]
    if kind == XLSX_TYPE:
        problems, seen = xlsx_problems(response.content)
    else:
        assert kind.startswith("text/csv"), kind
        problems, seen = csv_problems(response.content)
    assert not problems, f"{url}: {problems[:5]}"
    return seen


def role_for(view) -> str:
    """A role granting the view's permission and its edit permission (the fullest download)."""
    wanted = {view.permission, getattr(view, "edit_permission", None)} - {None}
    return next(key for key, role in ROLES.items() if wanted <= role.permissions)


def view_of(name: str) -> type:
    return download_urls()[name][1]


# -- the engine room's own downloads -----------------------------------------------------------


def build_rows(system) -> None:
    """Rows behind every governance, programme, workforce and finance download."""
    body = gov.BodyFactory(system=system)
    meeting = gov.MeetingFactory(body=body)
    gov.ActionFactory(meeting=meeting)
    member = gov.MemberFactory(body=body)
    gov.InterestFactory(system=system, person=member.person, publish=True)
    programme = prog.ProgrammeFactory(system=system, code="stroke")
    prog.MilestoneFactory(project__programme=programme)
    prog.RiskFactory(programme=programme)
    prog.IssueFactory(programme=programme)
    prog.BenefitMonthFactory(benefit__programme=programme)
    prog.HighlightReportFactory(programme=programme, month=MONTH)
    post = wf.PostFactory(system=system, host_employer=organisation_in(system))
    wf.AppointmentFactory(post=post)
    wf.FundingLineFactory(post=post)
    wf.ContributionFactory(partner=wf.BudgetPartnerFactory(budget__system=system))
    _finance(system)
    EvaluationFactory(system=system)
    _oversight(system)


def _oversight(system) -> None:
    ov.ObservationFactory(system=system)
    ov.MeasureSummaryFactory(system=system)
    ov.SegmentationFactory(system=system)
    ov.TriggerFiringFactory(system=system, trigger__region=system.region)


def _finance(system) -> None:
    icb = organisation_in(system, kind=OrganisationKind.ICB)
    trust = organisation_in(system, kind=OrganisationKind.ACUTE)
    for organisation in (icb, trust):
        plan = PlanFactory(system=system, organisation=organisation)
        PlanLineFactory(plan=plan)
        returns_for(plan, forecast=1_000_000)
    TransferFactory(round=TransferRoundFactory(system=system), giver=trust, receiver=icb)
    PoolLineFactory(pool=PoolFactory(system=system), organisation=icb)
    RegisterCountFactory(place=PlaceFactory(system=system))


# Blank forms to fill in: checked for formulas, but they carry no text anyone typed.
BLANK_FORMS = {"finance:return-template"}


def arguments(name: str, system) -> list[list]:
    """Every argument list a spreadsheet URL takes here (both formats where it has two); a new
    one with other arguments fails to reverse until it is added."""
    code = system.code
    table = {
        "finance:export": [[code, YEAR]],
        "finance:return-template": [
            [code, YEAR, ods]
            for ods in system.finance_plans.values_list("organisation__ods_code", flat=True)
        ],
        "evaluation:export": [
            [code, pk, "xlsx"]
            for pk in apps.get_model("evaluation", "Evaluation").objects.values_list(
                "pk", flat=True
            )
        ],
        "population_health:export": [[code, fmt] for fmt in ("csv", "xlsx")],
        "population_health:area-export": [
            [code, "place", place, fmt]
            for place in system.places.values_list("code", flat=True)
            for fmt in ("csv", "xlsx")
        ],
        "population_health:worklist-export": [
            [code, kind, fmt] for kind in KINDS for fmt in ("csv", "xlsx")
        ],
        "population_health:registers-export": [[code, fmt] for fmt in ("csv", "xlsx")],
        "oversight:export": [[code, "xlsx"]],
        "engagement:export": [
            [code, slug, "xlsx"]
            for slug in apps.get_model("engagement", "Consultation")
            .objects.filter(system=system)
            .values_list("slug", flat=True)
        ],
        "spread:export": [
            [code, slug, "xlsx"]
            for slug in apps.get_model("spread", "ModelOfCare").objects.values_list(
                "slug", flat=True
            )
        ],
    }
    return table.get(name, [[code]])


def test_the_walk_finds_every_download_and_leaves_out_only_pdf_and_calendar_files():
    routes = download_urls()
    assert {"finance:report-pdf", "governance:calendar", "programmes:report-pdf"} <= set(routes)
    names = spreadsheet_urls()
    assert {
        *("finance:export", "governance:actions-xlsx", "governance:interests-xlsx"),
        *("programmes:export", "workforce:export", "population_health:export"),
        *("population_health:area-export", "population_health:worklist-export"),
    } <= set(names)
    assert {routes[n][0] for n in set(routes) - set(names)}  # PDFs and calendars


def test_no_engine_room_download_holds_a_formula(system, member, signed_in):
    build_rows(system)
    assert poison(*APPS) > 40
    seen = set()
    for name in spreadsheet_urls():
        if name.startswith(f"{PHM_APP}:"):
            continue
        client = signed_in(member(role_for(view_of(name))))
        for args in arguments(name, system):
            url = reverse(name, args=args)
            found = check(url, client.get(url))
            assert found or name in BLANK_FORMS, f"{url}: no seeded text reached the download"
            seen |= found
    assert seen == set(RISKY)


# -- population health: names typed into the system model, through a refresh --------------------


@pytest.fixture
def poisoned_results(published_system, phm_results, tmp_path, settings):
    """The factory system's people, refreshed after its places, neighbourhoods and practices
    were given names that start with risky characters."""
    var = tmp_path / "var"
    shutil.copytree(phm_results, var)
    as_of = json.loads((var / "phm" / "region.json").read_text())["as_of"]
    poison("system")
    spec = region_spec(published_system, dt.date.fromisoformat(as_of))
    refresh.refresh(var, spec=spec, key=PHM_KEY)
    settings.PHM_VAR = str(var)
    return published_system


def test_no_population_health_download_holds_a_formula(poisoned_results, signed_in):
    system = poisoned_results
    practice = system.footprints.filter(organisation__kind=OrganisationKind.GP_PRACTICE).first()
    seen = set()
    for name in spreadsheet_urls():
        if not name.startswith(f"{PHM_APP}:"):
            continue
        view = view_of(name)
        role = role_for(view)
        organisation = practice.organisation if role == "clinician" else None
        user = UserFactory.with_role(role, system=system, organisation=organisation)
        client = signed_in(user)
        for args in arguments(name, system):
            url = reverse(name, args=args)
            seen |= check(url, client.get(url))
    assert seen  # place and neighbourhood names reached the aggregate downloads, escaped
