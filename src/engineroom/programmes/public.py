"""What other apps may use of the portfolio: the one module they may import (import-linter
allows ``engineroom.workforce`` to import this and nothing else of ``programmes``)."""

from __future__ import annotations

from django.db.models import QuerySet

from engineroom.programmes import queries
from engineroom.programmes.models import Programme
from engineroom.system.models import System


def programmes_in(system: System) -> QuerySet[Programme]:
    """The programmes of a system, by name: for example to choose which one a post works on."""
    return queries.programmes_in(system)


__all__ = ["programmes_in"]
