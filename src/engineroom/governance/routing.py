"""The decision matrix: which body at which level may decide a proposal, and why (S7).

``route`` is a pure function over plain values so the rule "the lowest level whose delegation
covers the proposal" can be checked on its own; ``route_proposal`` feeds it the system's current
delegations, read through ``queries``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engineroom.governance import queries
from engineroom.web.formatting import money

LEVEL_ORDER = {"neighbourhood": 0, "place": 1, "system": 2}


@dataclass(frozen=True)
class Option:
    """One current delegation: a body's authority over a category up to a limit."""

    delegation_id: int
    body: str
    level: str
    category: str
    limit_pence: int
    place: str | None = None
    neighbourhood: str | None = None
    source: str = ""
    requires_ratification: bool = True


@dataclass(frozen=True)
class Proposal:
    category: str
    value_pence: int
    places: frozenset[str]
    neighbourhoods: frozenset[str] = frozenset()

    @property
    def scope(self) -> str:
        """The lowest level that spans everything the proposal affects."""
        if len(self.neighbourhoods) == 1 and len(self.places) <= 1:
            return "neighbourhood"
        if len(self.places) == 1:
            return "place"
        return "system"


@dataclass
class Route:
    proposal: Proposal
    option: Option | None
    reasons: list[str]
    considered: list[tuple[Option, str]] = field(default_factory=list)


def refusal(option: Option, proposal: Proposal) -> str | None:
    """Why ``option`` cannot decide ``proposal``, or None if it can."""
    if option.category != proposal.category:
        return "does not hold authority for this category"
    if proposal.value_pence > option.limit_pence:
        return f"{money(proposal.value_pence)} is above its limit of {money(option.limit_pence)}"
    if option.level == "neighbourhood":
        if proposal.scope != "neighbourhood" or proposal.neighbourhoods != {option.neighbourhood}:
            return "the proposal reaches beyond its neighbourhood"
    elif option.level == "place" and (
        len(proposal.places) != 1 or proposal.places != {option.place}
    ):
        return "the proposal reaches beyond its place" if proposal.places else "no place named"
    return None


def route(proposal: Proposal, options: list[Option]) -> Route:
    """Pick the lowest-level body whose delegation covers the proposal; explain the choice."""
    considered = []
    eligible = []
    for option in options:
        reason = refusal(option, proposal)
        if reason is None:
            eligible.append(option)
        elif option.category == proposal.category:
            considered.append((option, reason))
    if not eligible:
        return Route(
            proposal,
            None,
            [
                f"No body holds delegated authority for {money(proposal.value_pence)} of this "
                "category across this scope, so it is reserved to the partners' own boards."
            ],
            considered,
        )
    best = min(eligible, key=lambda o: (LEVEL_ORDER[o.level], o.limit_pence, o.body))
    reasons = [
        f"The proposal affects {_scope_words(proposal)}, so the {proposal.scope} level is the "
        "lowest that spans it.",
        f"{best.body} decides at {best.level} level under “{best.source}” up to "
        f"{money(best.limit_pence)}.",
    ]
    if LEVEL_ORDER[best.level] > LEVEL_ORDER[proposal.scope]:
        reasons.append(
            f"No {proposal.scope}-level body holds enough authority, so it goes up to the "
            f"{best.level} level."
        )
    reasons.append(
        "Its decision must then be ratified by the affected partners' boards."
        if best.requires_ratification
        else "It decides without ratification by the partners' boards."
    )
    considered += [(o, "a lower-level or smaller delegation is preferred") for o in eligible]
    considered = [(o, r) for o, r in considered if o != best]
    return Route(proposal, best, reasons, considered)


def _scope_words(proposal: Proposal) -> str:
    if proposal.scope == "neighbourhood":
        return "one neighbourhood"
    if proposal.scope == "place":
        return "one place"
    return f"{len(proposal.places)} places" if proposal.places else "the whole system"


def route_proposal(system, *, category: str, value_pence: int, places=(), neighbourhoods=()):
    """Route a proposal in ``system`` (S7); places and neighbourhoods are model instances."""
    place_codes = {p.code for p in places} | {n.place.code for n in neighbourhoods}
    proposal = Proposal(
        category=category,
        value_pence=value_pence,
        places=frozenset(place_codes),
        neighbourhoods=frozenset(n.code for n in neighbourhoods),
    )
    options = [
        Option(
            delegation_id=d.pk,
            body=d.body.name,
            level=d.body.level,
            category=d.category,
            limit_pence=d.limit_pence,
            place=d.body.place.code if d.body.place_id else None,
            neighbourhood=d.body.neighbourhood.code if d.body.neighbourhood_id else None,
            source=d.source,
            requires_ratification=d.requires_ratification,
        )
        for d in queries.current_delegations(system)
    ]
    return route(proposal, options)
