"""Pure governance rules: routing, ratification, decision and minutes steps, thresholds,
percentiles, and money and years shown the one way."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from engineroom.governance import rules
from engineroom.governance.routing import LEVEL_ORDER, Option, Proposal, refusal, route
from engineroom.governance.rules import (
    gift_must_be_declared,
    hospitality_must_be_recorded,
    is_late,
    median,
    overall,
    percentile,
)
from engineroom.web.formatting import money
from engineroom.web.periods import financial_year_of

PLACES = ["p1", "p2", "p3"]
HOODS = {"n1": "p1", "n2": "p1", "n3": "p2"}
CATS = ["service_change", "funding"]


@st.composite
def options(draw):
    level = draw(st.sampled_from(["system", "place", "neighbourhood"]))
    hood = draw(st.sampled_from(sorted(HOODS))) if level == "neighbourhood" else None
    place = HOODS[hood] if hood else draw(st.sampled_from(PLACES)) if level == "place" else None
    return Option(
        delegation_id=draw(st.integers(1, 10_000)),
        body=draw(st.sampled_from(["A", "B", "C", "D"])),
        level=level,
        category=draw(st.sampled_from(CATS)),
        limit_pence=draw(st.integers(0, 10_000_000)),
        place=place,
        neighbourhood=hood,
    )


@st.composite
def proposals(draw):
    hoods = draw(st.sets(st.sampled_from(sorted(HOODS)), max_size=1))
    places = draw(st.sets(st.sampled_from(PLACES), max_size=3)) | {HOODS[h] for h in hoods}
    return Proposal(
        category=draw(st.sampled_from(CATS)),
        value_pence=draw(st.integers(0, 10_000_000)),
        places=frozenset(places),
        neighbourhoods=frozenset(hoods),
    )


@given(proposals(), st.lists(options(), max_size=8))
def test_routing_picks_the_lowest_level_whose_delegation_covers(proposal, opts):
    result = route(proposal, opts)
    covering = [o for o in opts if refusal(o, proposal) is None]
    if not covering:
        assert result.option is None
        return
    assert result.option in covering
    assert LEVEL_ORDER[result.option.level] == min(LEVEL_ORDER[o.level] for o in covering)
    assert result.reasons


def test_routing_explains_a_place_decision_and_goes_up_when_the_place_cannot():
    place = Option(1, "Ashby Place Board", "place", "service_change", 100_000_00, place="p1")
    system = Option(2, "Executive", "system", "service_change", 10_000_000_00, source="ICB")
    small = Proposal("service_change", 50_000_00, frozenset({"p1"}))
    assert route(small, [system, place]).option == place
    big = Proposal("service_change", 500_000_00, frozenset({"p1"}))
    result = route(big, [system, place])
    assert result.option == system
    assert any("above its limit of £100,000" in why for _, why in result.considered)
    assert any("goes up to the system level" in r for r in result.reasons)
    two_places = Proposal("service_change", 1_00, frozenset({"p1", "p2"}))
    assert route(two_places, [place]).option is None


@given(st.lists(st.sampled_from(["pending", "ratified", "rejected"]), max_size=9))
def test_a_decision_is_effective_iff_every_required_board_ratified(outcomes):
    state = overall(outcomes)
    assert (state == "effective") == all(o == "ratified" for o in outcomes)
    assert (state == "rejected") == ("rejected" in outcomes)


@given(st.lists(st.integers(0, 1000), min_size=1, max_size=50))
def test_percentiles_lie_within_the_values(values):
    assert min(values) <= median(values) <= max(values)
    p90 = percentile(values, 90)
    assert p90 in values and p90 >= percentile(values, 50)


def test_nhs_thresholds():
    assert not gift_must_be_declared(30_00, 20_00)  # exactly £50 from one source
    assert gift_must_be_declared(30_00, 20_01)
    assert hospitality_must_be_recorded(25_01) and not hospitality_must_be_recorded(25_00)
    day = dt.date(2025, 1, 1)
    assert not is_late(day, day + dt.timedelta(days=28))
    assert is_late(day, day + dt.timedelta(days=29))


def test_money_and_years_are_shown_the_one_way():
    assert money(125_000_000) == "£1,250,000"
    assert money(1_050) == "£11"  # whole pounds, as everywhere
    assert financial_year_of(dt.date(2026, 3, 31)) == "2025/26"
    assert financial_year_of(dt.date(2026, 4, 1)) == "2026/27"


def _decision(status, kind="executive_group"):
    from engineroom.governance.models import Body, Decision

    return Decision(status=status, body=Body(kind=kind, name="B"))


@pytest.mark.parametrize(
    ("status", "kind", "agree", "partners", "withdraw"),
    [
        ("proposed", "executive_group", True, False, True),
        ("proposed", "committee_in_common", False, False, True),
        ("agreed", "executive_group", False, False, True),
        ("awaiting_ratification", "executive_group", False, True, True),
        ("effective", "executive_group", False, False, False),
        ("rejected", "executive_group", False, False, False),
        ("withdrawn", "executive_group", False, False, False),
    ],
)
def test_which_steps_a_decision_offers(status, kind, agree, partners, withdraw):
    decision = _decision(status, kind)
    assert rules.can_be_agreed(decision) is agree
    assert rules.awaits_partners(decision) is partners
    assert rules.can_be_withdrawn(decision) is withdraw


def test_minutes_steps_and_the_closed_agenda():
    from engineroom.governance.models import Meeting

    assert rules.minutes_steps(Meeting(minutes_status="none")) == ["draft"]
    assert rules.minutes_steps(Meeting(minutes_status="draft")) == ["draft", "approve"]
    assert rules.minutes_steps(Meeting(minutes_status="approved")) == ["publish"]
    assert rules.minutes_steps(Meeting(minutes_status="published")) == []
    assert not rules.agenda_closed(Meeting(minutes_status="draft"))
    assert rules.agenda_closed(Meeting(minutes_status="approved"))


def test_overdue_actions_and_who_may_read_a_paper():
    from engineroom.governance.models import Action, AgendaItem, Paper

    day = dt.date(2025, 6, 1)
    assert rules.is_overdue(Action(status="open", due_on=day - dt.timedelta(days=1)), day)
    assert not rules.is_overdue(Action(status="open", due_on=day), day)
    assert not rules.is_overdue(Action(status="done", due_on=day - dt.timedelta(days=9)), day)
    part2 = Paper(item=AgendaItem(confidential=True), published=False)
    public = Paper(item=AgendaItem(confidential=False), published=True)
    draft = Paper(item=AgendaItem(confidential=False), published=False)
    assert rules.paper_readable(part2, confidential=True)
    assert not rules.paper_readable(part2, confidential=False)
    assert rules.paper_readable(draft, confidential=False) and not rules.paper_public(draft)
    assert rules.paper_public(public) and not rules.paper_public(part2)


def test_threshold_notes_and_declaration_refusals():
    from django.core.exceptions import ValidationError

    from engineroom.governance.models import Interest

    gift = Interest(kind="gift", value_pence=30_00)
    assert rules.threshold_note(gift, 20_00).startswith("Under the £50 threshold")
    assert rules.threshold_note(gift, 20_01).startswith("Over £50 from this source")
    assert rules.threshold_note(Interest(kind="hospitality", value_pence=25_01)) == (
        "Over £25: recorded"
    )
    assert rules.threshold_note(Interest(kind="financial")) == ""
    assert "left the meeting" in rules.declaration_action(Interest(kind="financial"))
    assert rules.declaration_action(Interest(kind="personal", mitigation="Leaves")) == "Leaves"
    day = dt.date(2025, 1, 10)
    with pytest.raises(ValidationError) as refused:
        rules.check_declaration(
            kind="gift",
            value_pence=None,
            cash=True,
            start_date=day,
            end_date=day - dt.timedelta(days=1),
            declared_on=day - dt.timedelta(days=2),
            publish=False,
            withheld_reason=" ",
        )
    assert set(refused.value.message_dict) == {
        "cash",
        "value",
        "end_date",
        "declared_on",
        "withheld_reason",
    }


def test_a_partner_outcome_needs_a_reason_to_reject_and_a_date_in_range():
    from django.core.exceptions import ValidationError

    day = dt.date(2025, 1, 10)
    rules.check_partner_outcome("ratified", "", day, day)
    for outcome, note, on, field in [
        ("pending", "", day, "outcome"),
        ("rejected", " ", day, "note"),
        ("ratified", "", day - dt.timedelta(days=1), "on"),
        ("ratified", "", dt.date.today() + dt.timedelta(days=1), "on"),
    ]:
        with pytest.raises(ValidationError) as refused:
            rules.check_partner_outcome(outcome, note, on, day)
        assert field in refused.value.message_dict


def test_rule_messages_give_dates_as_the_site_formats_them():
    since = dt.date(2026, 2, 1)
    with pytest.raises(ValidationError) as refused:
        rules.check_partner_outcome("ratified", "", dt.date(2026, 1, 5), since)
    assert "before 1 February 2026." in str(refused.value)
