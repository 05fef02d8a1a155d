"""The demo earns trust: each system has its own finances, every partner finance shows has real
figures, meetings fall on working days, and the prose is written, not stamped out."""

import collections
import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from engineroom.accounts.permissions import ROLES
from engineroom.demo.finance import slot
from engineroom.finance.models import Plan
from engineroom.governance.models import Decision, ItemMinute, Meeting, Paper
from engineroom.programmes.models import HighlightReport, Issue, Programme, Risk
from engineroom.system.models import COUNCIL_KINDS, System
from engineroom.web import periods

pytestmark = pytest.mark.django_db
YEAR = periods.year_of(dt.date.today())
MOST_REPEATS = 5  # a recurring agenda item may repeat a sentence over a year, no more often


def _figures(system: System) -> dict[str, tuple[int, int]]:
    """Each NHS plan's (income, control total) this year, by the organisation's kind."""
    plans = Plan.objects.filter(system=system, year=YEAR).exclude(
        organisation__kind__in=COUNCIL_KINDS
    )
    return {
        slot(p.organisation): (
            sum(line.income_pence for line in p.lines.all()),
            p.control_total_pence,
        )
        for p in plans.select_related("organisation")
    }


def test_each_system_has_its_own_finances():
    main, coast = (System.objects.get(code=c) for c in ("vale-downs", "coast-forest"))
    ours, theirs = _figures(main), _figures(coast)
    shared = set(ours) & set(theirs)
    assert {"icb", "acute_ft", "mental_health"} <= shared
    for kind in shared:
        assert ours[kind][0] != theirs[kind][0], f"{kind} income copied between systems"
        assert ours[kind][1] != theirs[kind][1], f"{kind} control total copied between systems"
    for system in System.objects.all():
        icb = Plan.objects.get(system=system, year=YEAR, organisation__kind="icb")
        per_head = sum(line.income_pence for line in icb.lines.all()) / 100 / system.population
        assert 1_900 <= per_head <= 2_200, "an ICB allocation is about £2,000 a head"


def test_councils_the_icb_and_the_ambulance_trust_show_real_figures(client_for):
    client = client_for("regulator")
    kinds = {"icb", "ambulance", *COUNCIL_KINDS}
    seen = set()
    for system in System.objects.all():
        page = client.get(reverse("finance:position", args=[system.code, YEAR]))
        position = page.context["position"]
        for row in position.partners + position.councils:
            if row.organisation.kind in kinds:
                seen.add(row.organisation.kind)
                name = row.organisation.name
                assert row.control_total != 0, f"{name} plans £0"
                assert row.forecast not in (None, 0), f"{name} forecasts £0"
                assert sum(line.income_pence for line in row.plan.lines.all()) > 0, name
    assert {"icb", "ambulance", "la_unitary", "la_county"} <= seen


def test_the_systems_do_not_all_tell_the_same_story(client_for):
    client = client_for("regulator")
    meets = {
        system.code: client.get(reverse("finance:position", args=[system.code, YEAR]))
        .context["position"]
        .meets
        for system in System.objects.all()
    }
    assert True in meets.values() and False in meets.values(), meets


def test_meetings_fall_on_working_days_at_working_hours():
    meetings = list(Meeting.objects.all())
    assert meetings
    for meeting in meetings:
        local = timezone.localtime(meeting.starts_at)
        assert local.weekday() < 5, f"{meeting} is at a weekend"
        assert periods.is_working_day(local.date()), f"{meeting} is on a bank holiday"
        assert dt.time(9) <= local.time() <= dt.time(16) and local.minute % 15 == 0, local


def _prose() -> list[str]:
    """Every piece of seeded prose: one entry per item it belongs to."""
    texts = [m.notes for m in Meeting.objects.all()]
    for minute in ItemMinute.objects.all():
        texts += [minute.discussion, minute.resolved]
    texts += [re.sub("<[^>]+>", "", p.html) for p in Paper.objects.all()]
    texts += list(Decision.objects.values_list("summary", flat=True))
    texts += list(Programme.objects.values_list("objectives", flat=True))
    for r in HighlightReport.objects.all():
        texts += [r.commentary, r.achievements, r.next_steps, r.decisions_needed]
    for r in Risk.objects.all():
        texts += [r.title, f"Because {r.cause}, {r.event}, so {r.effect}.", r.mitigations]
    for i in Issue.objects.all():
        texts += [i.title, i.description, i.actions]
    return [t for t in texts if t]


def test_no_sentence_is_stamped_out_across_the_demo():
    counts = collections.Counter()
    for text in _prose():
        counts.update({s for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 30})
    repeated = [(s, n) for s, n in counts.most_common(5) if n > MOST_REPEATS]
    assert not repeated, repeated


def test_no_template_left_broken_or_unfilled():
    broken = re.compile(r"pressures across partners,|\{\w*\}|\(fictional\)\.$|\bNone\b")
    for text in _prose():
        assert not broken.search(text), text
    for risk in Risk.objects.all():
        # The risks page reads "Because <cause>, <event>, so <effect>.": each is a clause.
        assert " " in risk.cause and risk.cause.split()[0] not in {"Recruitment", "Funding"}
        assert not risk.cause.endswith(" partners"), risk.cause


def test_the_regulator_is_promised_only_what_exists(client_for):
    description = ROLES["regulator"].description
    assert "national standards" in description and "triggers" in description
    assert "finance" in description and "governance" in description
    region = client_for("regulator").get("/", follow=True)  # and finds them on their home page
    assert len(region.context["rows"]) == 3 and region.context["triggers"]
    assert all(row["segment"] for row in region.context["rows"])
