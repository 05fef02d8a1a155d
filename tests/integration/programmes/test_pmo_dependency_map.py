"""The dependency map is readable: each dependency is routed around the boxes (never through one)
with an arrowhead at the programme that waits; cycles of programmes waiting on each other are
found (Tarjan) and flagged in words and on the map."""

from __future__ import annotations

import itertools
import re

import pytest
from django.urls import reverse

from engineroom.programmes import queries, rules
from engineroom.programmes.presenters import dependency_map as drawing
from factories.programmes import DependencyFactory, MilestoneFactory, ProgrammeFactory


def test_cycles_are_found_one_for_each_group_that_waits_on_itself():
    assert rules.cycles("abc", [("a", "b"), ("b", "c")]) == []
    assert rules.cycles("ab", [("a", "a")]) == []  # within one programme: not a cycle
    assert rules.cycles("ab", [("a", "b"), ("b", "a")]) == [["a", "b", "a"]]
    three = rules.cycles("abcd", [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    assert three == [["a", "b", "c", "a"]]
    two = rules.cycles("abcde", [("a", "b"), ("b", "a"), ("c", "d"), ("d", "e"), ("e", "d")])
    assert two == [["a", "b", "a"], ["d", "e", "d"]]


def waits(dependent_programme, awaited_programme):
    """A project of ``dependent_programme`` waits on a milestone of ``awaited_programme``."""
    milestone = MilestoneFactory(project__programme=awaited_programme)
    return DependencyFactory(milestone=milestone, dependent__programme=dependent_programme)


@pytest.fixture
def portfolio(system):
    names = ["Cancer", "Digital", "Estates", "Maternity", "Mental health", "Primary care", "UEC"]
    p = {
        n: ProgrammeFactory(system=system, name=n, code=n.lower().replace(" ", "-")) for n in names
    }
    waits(p["Mental health"], p["Primary care"])
    waits(p["Primary care"], p["Mental health"])
    waits(p["UEC"], p["Digital"])  # far rows, upwards
    waits(p["Cancer"], p["UEC"])  # far rows, downwards
    waits(p["Estates"], p["Cancer"])  # same row
    waits(p["Maternity"], p["Estates"])  # next row down
    waits(p["Digital"], p["Digital"])  # within one programme
    return p


def test_the_cycle_is_flagged_in_words_and_on_the_map(signed_in, member, system, portfolio):
    page = signed_in(member("analyst")).get(reverse("programmes:dependencies", args=[system.code]))
    html = page.content.decode()
    assert "Cycle: Mental health → Primary care → Mental health" in html
    graph = page.context["graph"]
    assert [[p.name for p in c] for c in graph.cycles] == [
        ["Mental health", "Primary care", "Mental health"]
    ]
    assert sum(e.in_cycle for e in graph.edges) == 2
    labels = [s.text for s in page.context["chart"].shapes if s.kind == "text"]
    assert labels.count("In cycle 1") == 2
    cycle_paths = [
        s
        for s in page.context["chart"].shapes
        if s.attrs.get("marker-end") == "url(#er-arrow-cycle)"
    ]
    assert len(cycle_paths) == 2 and all(s.attrs["stroke"] == drawing.CYCLE for s in cycle_paths)
    assert html.count('<marker id="er-arrow-') == 3  # the arrowheads are defined on the page


def boxes(chart):
    return {
        s.tip.split(",")[0]: (s.attrs["x"], s.attrs["y"], s.attrs["width"], s.attrs["height"])
        for s in chart.shapes
        if s.kind == "rect" and s.href
    }


def points(path) -> list[tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.attrs["d"])]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def crosses(a, b, box) -> bool:
    """Whether the straight segment a-b passes through the inside of ``box``."""
    x, y, w, h = box
    (x1, y1), (x2, y2) = a, b
    return max(x1, x2) > x and min(x1, x2) < x + w and max(y1, y2) > y and min(y1, y2) < y + h


def on_edge(point, box) -> bool:
    x, y, w, h = box
    px, py = point
    return x <= px <= x + w and (abs(py - y) < 0.2 or abs(py - y - h) < 0.2)


def test_every_route_goes_round_the_boxes_with_an_arrowhead(system, portfolio):
    graph = queries.dependency_map(system)
    chart = drawing.dependency_chart(graph, system)
    rects = boxes(chart)
    assert len(rects) == 7
    paths = [s for s in chart.shapes if s.kind == "path"]
    assert len(paths) == len(graph.edges) == 7
    for path, edge in zip(paths, graph.edges, strict=True):
        route = points(path)
        assert path.attrs["marker-end"].startswith("url(#er-arrow-")
        assert on_edge(route[0], rects[edge.source.name]), path.tip
        assert on_edge(route[-1], rects[edge.target.name]), path.tip
        for a, b in itertools.pairwise(route):
            assert a[0] == b[0] or a[1] == b[1], f"{path.tip}: not orthogonal"
            for name, box in rects.items():
                assert not crosses(a, b, box), f"{path.tip} passes through {name}"


def test_the_routes_do_not_share_a_track(system, portfolio):
    chart = drawing.dependency_chart(queries.dependency_map(system), system)
    horizontal = set()
    for path in (s for s in chart.shapes if s.kind == "path"):
        route = points(path)
        for a, b in itertools.pairwise(route):
            if a[1] == b[1] and a[0] != b[0]:
                assert a[1] not in horizontal, "two routes on one horizontal track"
                horizontal.add(a[1])
