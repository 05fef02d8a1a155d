"""A system of two places (three neighbourhoods), a model of care it added to the library with
five components, one place adopted with four of them and the other planned, and another system
of the region running the model too (for "who else does this")."""

import datetime as dt

import pytest


@pytest.fixture
def world(system):
    from factories.spread import (
        AdoptionFactory,
        ComponentFactory,
        EvidenceFactory,
        ModelOfCareFactory,
    )
    from factories.system import NeighbourhoodFactory, PlaceFactory, SystemFactory

    north = PlaceFactory(system=system, code="north", name="Northfield")
    south = PlaceFactory(system=system, code="south", name="Southmoor")
    hoods = [
        NeighbourhoodFactory(place=north, code="n1", name="Northfield East"),
        NeighbourhoodFactory(place=north, code="n2", name="Northfield West"),
        NeighbourhoodFactory(place=south, code="s1", name="Southmoor Town"),
    ]
    model = ModelOfCareFactory(slug="ehch", name="Enhanced health in care homes", origin=system)
    parts = [ComponentFactory(model=model, position=i, name=f"Part {i}") for i in range(5)]
    EvidenceFactory(model=model)
    adopted = AdoptionFactory(
        model=model,
        system=system,
        place=north,
        status="adopted",
        due_on=dt.date(2023, 9, 1),
        adopted_on=dt.date(2023, 10, 2),
        owner="Sam Patel",
        adaptations="Fortnightly rounds in homes of under 10 beds",
    )
    adopted.components.set(parts[:4])
    planned = AdoptionFactory(
        model=model, system=system, place=south, owner="Jo Reed", due_on=dt.date(2020, 1, 1)
    )
    other = SystemFactory(region=system.region, name="Coastal ICS")
    theirs = AdoptionFactory(
        model=model,
        system=other,
        status="started",
        adopted_on=dt.date(2024, 4, 1),
        owner="Lee Wong",
    )
    theirs.components.set(parts)
    return {
        "model": model,
        "places": (north, south),
        "hoods": hoods,
        "parts": parts,
        "adopted": adopted,
        "planned": planned,
        "other": other,
    }
