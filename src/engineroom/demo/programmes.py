"""Demo portfolio for the main system: ~17 programmes (West Yorkshire and Harrogate style), each
with a board, lead, projects, milestones, benefits, risks, issues and a year of monthly highlight
reports, one approved and locked per month (S9, S10, S13). Dependencies between programmes, one
of them broken. Deterministic from the seed; dates are relative to today; idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from engineroom.demo.structure import FIRST, LAST, main_system_code
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
    Status,
)
from engineroom.system.models import Organisation, System
from engineroom.web import periods

# (code, name, Long Term Plan areas)
PROGRAMMES = [
    ("cancer", "Cancer alliance", ["cancer"]),
    ("mental-health", "Mental health", ["mental_health"]),
    ("uec", "Urgent and emergency care", ["uec"]),
    ("elective", "Elective care recovery", ["elective"]),
    ("primary-care", "Primary and community care", ["primary_care"]),
    ("prevention", "Prevention at scale", ["prevention"]),
    ("workforce", "Workforce", ["workforce"]),
    ("digital", "Digital and interoperability", ["digital"]),
    ("stroke", "Stroke and cardiovascular disease", ["cvd"]),
    ("maternity", "Maternity", ["maternity"]),
    ("children", "Children and young people", ["children"]),
    ("lda", "Learning disability and autism", ["lda", "mental_health"]),
    ("carers", "Unpaid carers", ["primary_care", "prevention"]),
    ("hospital-services", "Collaboration of acute hospitals", ["elective", "uec"]),
    ("commissioning", "Harmonising commissioning policies", ["finance"]),
    ("estates", "Capital and estates", ["estates"]),
    ("personalised-care", "Personalised care", ["primary_care"]),
]
RISK_THEMES = [
    ("Recruitment", "Vacancies in the specialist workforce", "Services cannot be staffed"),
    ("Funding", "Non-recurrent funding ends at year end", "Work stops before benefits land"),
    ("Demand", "Demand grows faster than planned", "Waiting times rise"),
    ("Data", "Partners cannot share data in time", "Decisions are made without evidence"),
    ("Estates", "Capital approval is delayed", "New capacity opens late"),
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _rag(rng: random.Random) -> str:
    return rng.choices([RAG.GREEN, RAG.AMBER, RAG.RED], weights=[5, 4, 1])[0]


@transaction.atomic
def generate(*, seed: int) -> dict[str, int]:
    system = System.objects.get(code=main_system_code())
    if Programme.objects.filter(system=system).exists():
        return {"programmes.programme": 0}
    rng = random.Random(seed * 7 + 6)
    today = dt.date.today()
    this_month = periods.first_of_month(today)
    months = [periods.add_months(this_month, -12 + i) for i in range(12)]
    orgs = list(
        Organisation.objects.filter(
            footprints__system=system, kind__in=["icb", "acute", "community", "mental_health"]
        )
        .distinct()
        .order_by("ods_code")
    )
    programmes = Programme.objects.bulk_create(
        Programme(
            system=system,
            code=code,
            name=name,
            sro=f"{_name(rng)}, chief executive",
            lead=_name(rng),
            board=f"{name} programme board",
            objectives=f"Deliver the {name.lower()} commitments of the Long Term Plan across "
            f"the system, reducing unwarranted variation between places.",
            ltp_areas=areas,
            status=rng.choice([Status.ON_TRACK, Status.ON_TRACK, Status.AT_RISK]),
            percent_complete=rng.randint(20, 80),
        )
        for code, name, areas in PROGRAMMES
    )
    projects, milestones = [], []
    for p in programmes:
        for n in range(2):
            projects.append(
                Project(
                    programme=p,
                    code=f"{p.code}-{n + 1}",
                    name=f"{p.name}: {['pathway redesign', 'digital enablement'][n]}",
                    lead=_name(rng),
                    status=p.status,
                    percent_complete=rng.randint(10, 90),
                    start_date=months[0],
                    end_date=periods.add_months(this_month, 12),
                )
            )
    Project.objects.bulk_create(projects)
    for k, project in enumerate(projects):
        achieved = periods.add_months(this_month, -6) + dt.timedelta(days=9)
        future = periods.add_months(this_month, 4) + dt.timedelta(days=14)
        late = k % 7 == 3
        milestones += [
            Milestone(
                project=project,
                name="Business case approved",
                baseline_date=achieved,
                forecast_date=achieved,
                actual_date=achieved,
            ),
            Milestone(
                project=project,
                name="Go live",
                baseline_date=future,
                forecast_date=future + dt.timedelta(days=60 if late else 0),
            ),
        ]
    Milestone.objects.bulk_create(milestones)
    go_lives = [m for m in milestones if m.name == "Go live"]
    dependencies = [
        # The broken one: UEC waits on the digital go-live, which has slipped past the date.
        Dependency(
            dependent=projects[4],
            milestone=go_lives[14],
            needed_by=go_lives[14].baseline_date,
            description="Shared care record needed before the new urgent care pathway opens",
        )
    ]
    go_lives[14].forecast_date = go_lives[14].baseline_date + dt.timedelta(days=45)
    go_lives[14].save(update_fields=["forecast_date"])
    # The rest hold: each awaited go-live is on its baseline, a month before it is needed.
    for waiting, awaited in [(0, 12), (2, 8), (6, 26), (8, 2), (16, 18), (22, 30), (32, 6)]:
        m = go_lives[awaited]
        dependencies.append(
            Dependency(
                dependent=projects[waiting],
                milestone=m,
                needed_by=m.forecast_date + dt.timedelta(days=30),
                description=f"Needs {m.project.name.lower()} live first",
            )
        )
    Dependency.objects.bulk_create(dependencies)

    benefits, benefit_months = [], []
    for i, p in enumerate(programmes):
        benefits += [
            Benefit(
                programme=p,
                description=f"{p.name}: reduced bed days",
                organisation=orgs[1 + i % (len(orgs) - 1)],
                cash_releasing=True,
            ),
            Benefit(
                programme=p,
                description=f"{p.name}: staff time released",
                organisation=orgs[0],
                cash_releasing=False,
            ),
        ]
    Benefit.objects.bulk_create(benefits)
    for b in benefits:
        base = rng.randint(8, 40) * 100_000  # £8,000-£40,000 a month
        for m in [*months, this_month]:
            planned = base + (m.month % 3) * 50_000
            forecast = planned * rng.randint(80, 105) // 100
            delivered = forecast * rng.randint(85, 100) // 100 if m < this_month else 0
            benefit_months.append(
                BenefitMonth(
                    benefit=b,
                    month=m,
                    planned_pence=planned,
                    forecast_pence=forecast,
                    delivered_pence=delivered,
                )
            )
    BenefitMonth.objects.bulk_create(benefit_months)

    risks, issues = [], []
    for i, p in enumerate(programmes):
        for n in range(3):
            theme, event, effect = RISK_THEMES[(i + n) % len(RISK_THEMES)]
            cl, ci = rng.randint(2, 5), rng.randint(2, 5)
            risks.append(
                Risk(
                    programme=p,
                    ref=f"R{n + 1:03d}",
                    title=f"{theme} risk to {p.name.lower()}",
                    cause=f"{theme} pressures across partners",
                    event=event,
                    effect=effect,
                    owner=_name(rng),
                    inherent_likelihood=min(5, cl + 1),
                    inherent_impact=min(5, ci + 1),
                    current_likelihood=cl,
                    current_impact=ci,
                    target_likelihood=max(1, cl - 2),
                    target_impact=max(1, ci - 1),
                    mitigations="Monthly review at the programme board; escalation agreed.",
                    review_date=today + dt.timedelta(days=-10 if (i + n) % 8 == 0 else 20),
                    escalation=Escalation.SYSTEM if cl * ci >= 16 else Escalation.PROGRAMME,
                )
            )
        if i % 3 == 0:
            issues.append(
                Issue(
                    programme=p,
                    ref="I001",
                    title=f"Delay to {p.name.lower()} recruitment",
                    description="Two posts unfilled after the second round of advertising.",
                    owner=p.lead,
                    impact=3,
                    actions="Use a partner's bank staff while re-advertising.",
                    raised_on=today - dt.timedelta(days=30),
                    resolve_by=today + dt.timedelta(days=30),
                )
            )
    Risk.objects.bulk_create(risks)
    Issue.objects.bulk_create(issues)

    reports, now = [], timezone.now()
    for p in programmes:
        for m in months:
            overall = _rag(rng)
            reports.append(
                HighlightReport(
                    programme=p,
                    month=m,
                    overall_rag=overall,
                    schedule_rag=_rag(rng),
                    finance_rag=_rag(rng),
                    risk_rag=_rag(rng),
                    commentary=f"{p.name} in {m:%B %Y}: {RAG(overall).label.lower()} overall; "
                    "milestones reviewed at the programme board.",
                    achievements=f"Completed the {m:%B} steps of the delivery plan.",
                    next_steps="Confirm the next quarter's trajectory with partners.",
                    decisions_needed="Agree the recurrent funding of the service."
                    if m.month in (3, 9)
                    else "",
                    status=ReportStatus.APPROVED,
                    approved_by=p.sro.split(",")[0],
                    approved_at=now,
                )
            )
    HighlightReport.objects.bulk_create(reports)
    versions = []
    for r in reports:
        content = {
            f: getattr(r, f)
            for f in (
                "overall_rag",
                "schedule_rag",
                "finance_rag",
                "risk_rag",
                "commentary",
                "achievements",
                "next_steps",
                "decisions_needed",
            )
        }
        for action, status in (("created", ReportStatus.DRAFT), ("approved", r.status)):
            versions.append(
                ReportVersion(
                    report=r,
                    version=1,
                    status=status,
                    content=content,
                    saved_by=r.programme.lead if action == "created" else r.approved_by,
                    saved_at=now,
                    action=action,
                )
            )
    ReportVersion.objects.bulk_create(versions)
    return {
        "programmes.programme": len(programmes),
        "programmes.project": len(projects),
        "programmes.milestone": len(milestones),
        "programmes.dependency": len(dependencies),
        "programmes.benefit": len(benefits),
        "programmes.benefitmonth": len(benefit_months),
        "programmes.risk": len(risks),
        "programmes.issue": len(issues),
        "programmes.highlightreport": len(reports),
        "programmes.reportversion": len(versions),
    }
