"""The engine room's registers as one XLSX workbook; totals match the pages."""

from __future__ import annotations

from engineroom.programmes.exports import workbook
from engineroom.workforce import funding, pooled, services


def workbook_for(system) -> bytes:
    posts = []
    for post, current, lines in services.posts_with_current(system):
        posts.append(
            [
                post.ref,
                post.title,
                post.team,
                post.get_band_display(),
                float(post.wte),
                post.host_employer.name,
                post.programme.name if post.programme else "",
                post.annual_cost_pence / 100,
                current.person.name if current else "Vacant",
                current.get_kind_display() if current else "",
                current.end_date if current else None,
                "; ".join(
                    f"{f.get_source_display()} £{f.annual_amount_pence / 100:,.2f}" for f in lines
                ),
            ]
        )
    mix = [
        [r.label, r.amount_pence / 100, float(r.share), r.posts, float(r.wte)]
        for r in funding.funding_mix(system)
    ]
    cliff = [
        [c.months, c.posts, c.people, c.cost_at_risk_pence / 100] for c in funding.cliffs(system)
    ]
    budgets = []
    for b in system.pooled_budgets.all():
        rec = pooled.reconcile(b)
        for line in rec.lines:
            budgets.append(
                [
                    b.name,
                    b.financial_year,
                    b.cap_pence / 100,
                    line.partner.name,
                    line.partner.get_category_display(),
                    line.expected_pence / 100,
                    line.cash_pence / 100,
                    line.in_kind_pence / 100,
                    line.difference_pence / 100,
                ]
            )
    return workbook(
        {
            "posts": (
                [
                    "Ref",
                    "Title",
                    "Team",
                    "Band",
                    "WTE",
                    "Host employer",
                    "Programme",
                    "Annual cost (£)",
                    "Holder",
                    "Appointment",
                    "Contract ends",
                    "Funding",
                ],
                posts,
            ),
            "funding mix": (["Source", "Annual amount (£)", "Share (%)", "Posts", "WTE"], mix),
            "cliff": (["Months ahead", "Posts", "People", "Annual cost at risk (£)"], cliff),
            "pooled budgets": (
                [
                    "Budget",
                    "Year",
                    "Cap (£)",
                    "Partner",
                    "Category",
                    "Expected share (£)",
                    "Cash (£)",
                    "In kind (£)",
                    "Difference (£)",
                ],
                budgets,
            ),
        }
    )
