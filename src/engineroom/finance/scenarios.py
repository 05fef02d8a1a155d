"""Scenarios compared side by side: each partner's outturn under each scenario, and the system's.

Making and changing scenarios are ``actions.create_scenario`` and ``actions.adjust_scenario``.
"""

from __future__ import annotations

from dataclasses import dataclass

from engineroom.finance.models import Scenario, ScenarioLine


@dataclass
class Comparison:
    scenarios: list[Scenario]
    rows: list[tuple[object, list[ScenarioLine | None]]]
    totals: list[tuple[int, int, bool]]  # control total, outturn, meets per scenario


def compare(scenarios: list[Scenario]) -> Comparison:
    lines = {
        s.pk: {ln.organisation_id: ln for ln in s.lines.select_related("organisation")}
        for s in scenarios
    }
    organisations = {}
    for by_org in lines.values():
        for line in by_org.values():
            organisations[line.organisation_id] = line.organisation
    rows = [
        (org, [lines[s.pk].get(org_id) for s in scenarios])
        for org_id, org in sorted(organisations.items(), key=lambda kv: kv[1].name)
    ]
    totals = []
    for s in scenarios:
        control = sum(ln.control_total_pence for ln in lines[s.pk].values())
        outturn = sum(ln.outturn for ln in lines[s.pk].values())
        totals.append((control, outturn, outturn >= control))
    return Comparison(scenarios, rows, totals)
