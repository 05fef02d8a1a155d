"""Pure governance rules: routing, ratification, thresholds, percentiles, calendar text."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from engineroom.governance.interests import (
    gift_must_be_declared,
    hospitality_must_be_recorded,
    is_late,
)
from engineroom.governance.presenters import financial_year, money
from engineroom.governance.ratification import median, overall, percentile
from engineroom.governance.routing import LEVEL_ORDER, Option, Proposal, refusal, route

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


def test_presenters():
    assert money(125_000_000) == "£1,250,000"
    assert money(1_050) == "£10.50"
    assert financial_year(dt.date(2026, 3, 31)) == "2025/26"
    assert financial_year(dt.date(2026, 4, 1)) == "2026/27"
