"""Demo portfolio for the main system, from ``data/programmes/``: 17 programmes (West Yorkshire
and Harrogate style), each with a board, lead, projects, milestones, benefits, risks, issues and a
year of monthly highlight reports, one approved and locked per month (S9, S10, S13).
Dependencies between programmes, one of them broken. Deterministic from the seed; dates are
relative to today; idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from engineroom.demo import files
from engineroom.demo.structure import main_system_code
from engineroom.programmes import rules
from engineroom.programmes.models import (
    RAG,
    Benefit,
    BenefitMonth,
    Dependency,
    Escalation,
    HighlightReport,
    Issue,
    Milestone,
    Programme,
    Project,
    ReportStatus,
    ReportVersion,
    Risk,
)
from engineroom.system.models import Organisation, System
from engineroom.web.periods import add_months

REPORT_FIELDS = (
    "overall_rag",
    "schedule_rag",
    "finance_rag",
    "risk_rag",
    "commentary",
    "achievements",
    "next_steps",
    "decisions_needed",
)


def _text() -> dict:
    return files.load("programmes/texts.yaml")


def _written(programme: Programme) -> dict:
    """What is written for this programme in ``portfolio.yaml``."""
    return files.load("programmes/portfolio.yaml")[programme.code]


def _rag(rng: random.Random) -> str:
    return rng.choices([RAG.GREEN, RAG.AMBER, RAG.RED], weights=[5, 4, 1])[0]


@transaction.atomic
def generate(*, seed: int) -> dict[str, int]:
    system = System.objects.get(code=main_system_code())
    if Programme.objects.filter(system=system).exists():
        return {"programmes.programme": 0}
    rng = random.Random(seed * 7 + 6)
    this_month = dt.date.today().replace(day=1)
    months = [add_months(this_month, -12 + i) for i in range(12)]
    programmes = _programmes(system, rng)
    projects = _projects(programmes, rng, this_month)
    milestones = _milestones(projects, this_month)
    rows = {
        "programme": programmes,
        "project": projects,
        "milestone": milestones,
        "dependency": _dependencies(projects, milestones),
        **_benefits(system, programmes, rng, [*months, this_month]),
        **_risks(programmes, rng),
        **_reports(programmes, rng, months),
    }
    return {f"programmes.{name}": len(made) for name, made in rows.items()}


def _programmes(system: System, rng: random.Random) -> list[Programme]:
    text = _text()["programme"]
    return Programme.objects.bulk_create(
        Programme(
            system=system,
            code=row["code"],
            name=row["name"],
            sro=text["sro"].format(person=files.full_name(rng)),
            lead=files.full_name(rng),
            board=text["board"].format(name=row["name"]),
            objectives=files.load("programmes/portfolio.yaml")[row["code"]]["objectives"],
            ltp_areas=row["ltp_areas"].split(),
            status=rng.choice(text["statuses"]),
            percent_complete=rng.randint(20, 80),
        )
        for row in files.load("programmes/programmes.csv")
    )


def _projects(programmes: list[Programme], rng: random.Random, this_month: dt.date):
    """Two projects a programme, begun a year ago."""
    text = _text()
    start = add_months(this_month, -12)
    end = add_months(this_month, text["project_ends_in_months"])
    return Project.objects.bulk_create(
        Project(
            programme=p,
            code=f"{p.code}-{n}",
            name=project,
            lead=files.full_name(rng),
            status=p.status,
            percent_complete=rng.randint(10, 90),
            start_date=start,
            end_date=end,
        )
        for p in programmes
        for n, project in enumerate(_written(p)["projects"], start=1)
    )


def _milestones(projects: list[Project], this_month: dt.date) -> list[Milestone]:
    """Each project's business case approved six months ago and its go-live four months on."""
    text = _text()
    achieved, go_live = (text["milestones"][m] for m in ("achieved", "go_live"))
    done = add_months(this_month, achieved["month"]).replace(day=achieved["day"])
    future = add_months(this_month, go_live["month"]).replace(day=go_live["day"])
    late = dt.timedelta(days=text["late_by_days"])
    milestones = []
    for k, project in enumerate(projects):
        milestones += [
            Milestone(
                project=project,
                name=achieved["name"],
                baseline_date=done,
                forecast_date=done,
                actual_date=done,
            ),
            Milestone(
                project=project,
                name=go_live["name"],
                baseline_date=future,
                forecast_date=future + (late if k % 7 == 3 else dt.timedelta(0)),
            ),
        ]
    return Milestone.objects.bulk_create(milestones)


def _dependencies(projects: list[Project], milestones: list[Milestone]) -> list[Dependency]:
    """Each dependency holds (needed a month after the go-live) unless its go-live has slipped:
    then it was needed on the go-live's baseline and is broken."""
    text, by_code = _text(), {p.code: p for p in projects}
    go_live = {
        m.project.code: m for m in milestones if m.name == text["milestones"]["go_live"]["name"]
    }
    dependencies = []
    for row in files.load("programmes/dependencies.csv"):
        awaited = go_live[row["awaited"]]
        if row["slipped_days"]:
            needed_by = awaited.baseline_date
            awaited.forecast_date = needed_by + dt.timedelta(days=int(row["slipped_days"]))
            awaited.save(update_fields=["forecast_date"])
        else:
            needed_by = awaited.forecast_date + dt.timedelta(days=text["needed_after_days"])
        dependencies.append(
            Dependency(
                dependent=by_code[row["dependent"]],
                milestone=awaited,
                needed_by=needed_by,
                description=row["description"],
            )
        )
    return Dependency.objects.bulk_create(dependencies)


def _benefits(system, programmes, rng, months) -> dict[str, list]:
    """Two benefits a programme, with monthly plans, forecasts and (past months) deliveries."""
    orgs = list(
        Organisation.objects.filter(
            footprints__system=system, kind__in=["icb", "acute", "community", "mental_health"]
        )
        .distinct()
        .order_by("ods_code")
    )
    cash, time = _text()["benefits"]  # which is cash-releasing, in the written order
    benefits = []
    for i, p in enumerate(programmes):
        partner = orgs[1 + i % (len(orgs) - 1)]
        benefits += [
            Benefit(
                programme=p,
                description=description,
                organisation=org,
                cash_releasing=b["cash_releasing"],
            )
            for b, org, description in zip(
                (cash, time), (partner, orgs[0]), _written(p)["benefits"], strict=True
            )
        ]
    Benefit.objects.bulk_create(benefits)
    return {"benefit": benefits, "benefitmonth": _benefit_months(benefits, rng, months)}


def _benefit_months(benefits: list[Benefit], rng: random.Random, months: list[dt.date]):
    """Plans vary by month; forecasts 80-105% of plan; past months deliver 85-100% of it."""
    this_month = months[-1]
    monthly = []
    for b in benefits:
        base = rng.randint(8, 40) * 100_000  # £8,000-£40,000 a month
        for m in months:
            planned = base + (m.month % 3) * 50_000
            forecast = planned * rng.randint(80, 105) // 100
            delivered = forecast * rng.randint(85, 100) // 100 if m < this_month else 0
            monthly.append(
                BenefitMonth(
                    benefit=b,
                    month=m,
                    planned_pence=planned,
                    forecast_pence=forecast,
                    delivered_pence=delivered,
                )
            )
    return BenefitMonth.objects.bulk_create(monthly)


def _risks(programmes: list[Programme], rng: random.Random) -> dict[str, list]:
    """Each programme's three written risks; its issue, for every third programme."""
    today = dt.date.today()
    risks = [
        _risk(p, n, written, rng, overdue=(i + n) % 8 == 0)
        for i, p in enumerate(programmes)
        for n, written in enumerate(_written(p)["risks"])
    ]
    text = _text()["issue"]
    issues = [
        Issue(
            programme=p,
            ref=text["ref"],
            title=_written(p)["issue"]["title"],
            description=_written(p)["issue"]["description"],
            owner=p.lead,
            impact=_written(p)["issue"]["impact"],
            actions=_written(p)["issue"]["actions"],
            raised_on=today - dt.timedelta(days=30),
            resolve_by=today + dt.timedelta(days=30),
        )
        for p in programmes[::3]
    ]
    return {"risk": Risk.objects.bulk_create(risks), "issue": Issue.objects.bulk_create(issues)}


def _risk(p: Programme, n: int, written: dict, rng: random.Random, *, overdue: bool) -> Risk:
    """Risk ``n`` of a programme as written; every eighth is overdue for review."""
    today = dt.date.today()
    likelihood, impact = rng.randint(2, 5), rng.randint(2, 5)
    return Risk(
        programme=p,
        ref=f"R{n + 1:03d}",
        title=written["title"],
        cause=written["cause"],
        event=written["event"],
        effect=written["effect"],
        owner=files.full_name(rng),
        inherent_likelihood=min(5, likelihood + 1),
        inherent_impact=min(5, impact + 1),
        current_likelihood=likelihood,
        current_impact=impact,
        target_likelihood=max(1, likelihood - 2),
        target_impact=max(1, impact - 1),
        mitigations=written["mitigations"],
        review_date=today + dt.timedelta(days=-10 if overdue else 20),
        escalation=Escalation.SYSTEM if likelihood * impact >= 16 else Escalation.PROGRAMME,
    )


def _reports(programmes: list[Programme], rng: random.Random, months: list[dt.date]):
    """A year of approved monthly highlight reports, each with its two saved versions: each
    month takes the programme's written updates in turn, the overall rating with it."""
    text, now = _text()["report"], timezone.now()
    reports = []
    for i, p in enumerate(programmes):
        updates = _written(p)["updates"]
        for k, m in enumerate(months):
            update = updates[(i + k) % len(updates)]
            reports.append(
                HighlightReport(
                    programme=p,
                    month=m,
                    overall_rag=RAG(update["rag"]),
                    schedule_rag=_rag(rng),
                    finance_rag=_rag(rng),
                    risk_rag=_rag(rng),
                    commentary=update["commentary"],
                    achievements=update["achievements"],
                    next_steps=update["next_steps"],
                    decisions_needed=_written(p)["decision"]
                    if m.month in text["decisions_in_months"]
                    else "",
                    status=ReportStatus.APPROVED,
                    approved_by=p.sro.split(",")[0],
                    approved_at=now,
                )
            )
    HighlightReport.objects.bulk_create(reports)
    _status_from_latest(programmes, reports)
    return {"highlightreport": reports, "reportversion": _versions(reports, now)}


def _status_from_latest(programmes: list[Programme], reports: list[HighlightReport]) -> None:
    """Each programme's status is the one its latest approved rating means (never "on track"
    beside red): ``programmes.rules.status_for``."""
    latest = {r.programme_id: r for r in sorted(reports, key=lambda r: r.month)}
    for p in programmes:
        p.status = rules.status_for(p.status, latest[p.pk].overall_rag)
    Programme.objects.bulk_update(programmes, ["status"])


def _versions(reports: list[HighlightReport], now: dt.datetime) -> list[ReportVersion]:
    versions = []
    for r in reports:
        content = {f: getattr(r, f) for f in REPORT_FIELDS}
        for action, status, by in (
            ("created", ReportStatus.DRAFT, r.programme.lead),
            ("approved", r.status, r.approved_by),
        ):
            versions.append(
                ReportVersion(
                    report=r,
                    version=1,
                    status=status,
                    content=content,
                    saved_by=by,
                    saved_at=now,
                    action=action,
                )
            )
    return ReportVersion.objects.bulk_create(versions)
