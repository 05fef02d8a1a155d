"""Themes: planted themes are recovered from a small generated consultation, the framework
operations behave, and empty input gives nothing."""

import pytest

from engineroom.population.consult import themes
from engineroom.population.consult.generate import consultation


@pytest.fixture(scope="module")
def urgent():
    generated = consultation(1_500, seed=3)
    question = next(q for q in generated.questions if q["key"] == "urgent_care")
    texts = [row[question["text"]] for row in generated.rows]
    return texts, generated.planted["urgent_care"]


def _found(texts, proposals):
    assigned = themes.assign(texts, [p.terms for p in proposals])
    return [a[0][0] if a else -1 for a in assigned]


def test_propose_recovers_planted_themes(urgent):
    texts, planted = urgent
    proposals = themes.propose(texts, k=6, seed=0)
    assert len(proposals) == 6
    found = _found(texts, proposals)
    pairs = [(p, f) for p, f in zip(planted, found, strict=True) if p]
    assert themes.recovery([p for p, _ in pairs], [f for _, f in pairs]) >= 0.7


def test_propose_chooses_k_in_range_and_is_deterministic(urgent):
    texts = urgent[0][:800]
    first = themes.propose(texts, seed=1)
    assert 3 <= len(first) <= 12
    assert first == themes.propose(texts, seed=1)
    assert [p.size for p in first] == sorted((p.size for p in first), reverse=True)
    for proposal in first:
        assert 0 < len(proposal.terms) <= themes.TOP_TERMS
        assert 1 <= len(proposal.quotes) <= themes.QUOTES
        assert all(texts[i] for i in proposal.quotes)


def test_a_theme_of_ambulance_answers_has_ambulance_terms_and_quotes(urgent):
    texts, planted = urgent
    proposals = themes.propose(texts, k=6, seed=0)
    top = [next(iter(p.terms)) for p in proposals]
    ambulance = next(p for p in proposals if "ambulance" in list(p.terms)[:5])
    assert sum(planted[i] == "ambulance" for i in ambulance.quotes) >= 4, top


def test_empty_and_too_few_texts_give_nothing():
    assert themes.propose([]) == []
    assert themes.propose(["", "  "] * 50) == []
    assert themes.propose(["Keep the beds open."] * 5) == []
    assert themes.assign([], [{"bed": 1.0}]) == []
    assert themes.assign(["a", ""], []) == [[], []]


def test_split_gives_two_subthemes_of_a_mixed_theme(urgent):
    texts, planted = urgent
    pair = ("mental_health", "utc_hours")
    both = [t for t, p in zip(texts, planted, strict=True) if p in pair]
    halves = themes.split(both, seed=0)
    assert len(halves) == 2
    labels = [p for p in planted if p in pair]
    found = _found(both, halves)
    assert themes.recovery(labels, found) >= 0.7


def test_merge_keeps_every_term_and_weighs_both_equally():
    merged = themes.merge({"bed": 3.0, "ward": 4.0}, {"bus": 0.1})
    assert set(merged) == {"bed", "ward", "bus"}
    assert merged["bus"] == pytest.approx(1.0) and merged["ward"] == pytest.approx(0.8)


def test_assign_allows_several_themes_and_nothing_when_nothing_scores():
    texts = ["beds and the bus"] * 20 + ["parking"] * 20 + ["ward beds"] * 10 + ["car"] * 50
    framework = [{"bed": 1.0, "ward": 0.5}, {"bus": 1.0}]
    assigned = themes.assign(texts, framework)
    assert {j for j, _ in assigned[0]} == {0, 1}
    assert assigned[0][0][1] >= assigned[0][1][1]  # best first
    assert assigned[20] == []
    assert [j for j, _ in assigned[40]] == [0]
    assert themes.assign(texts, framework, most=1)[0] == assigned[0][:1]


def test_recovery_is_one_for_the_same_grouping_and_near_zero_for_none():
    assert themes.recovery(["a", "a", "b", "b"], [1, 1, 0, 0]) == pytest.approx(1.0)
    assert themes.recovery(["a", "b"] * 50, [0] * 100) == pytest.approx(0.0)
