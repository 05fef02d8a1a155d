"""The demo portfolio the synth generator builds (S9, S10)."""

from engineroom.demo import programmes as synth
from engineroom.programmes import queries
from engineroom.programmes.models import HighlightReport, Programme, ReportStatus
from engineroom.web.periods import Quarter, add_months


def test_seventeen_programmes_with_a_year_of_approved_reports(main_system):
    programmes = Programme.objects.filter(system=main_system)
    assert programmes.count() == 17
    for p in programmes:
        months = list(
            p.reports.filter(status=ReportStatus.APPROVED).values_list("month", flat=True)
        )
        assert len(months) == 12 and len(set(months)) == 12


def test_exactly_one_broken_dependency(main_system):
    graph = queries.dependency_map(main_system)
    assert len(graph.edges) >= 6
    assert len(graph.broken) == 1
    assert graph.broken[0].source.code == "digital"


def test_generator_is_idempotent(main_system):
    before = HighlightReport.objects.count()
    assert synth.generate(seed=20181) == {"programmes.programme": 0}
    assert HighlightReport.objects.count() == before


def test_quarterly_return_of_a_full_quarter_is_complete(main_system):
    months = sorted(
        HighlightReport.objects.filter(programme__system=main_system).dates("month", "month")
    )
    quarter = Quarter.of(months[0])
    if quarter.months[0] != months[0]:
        quarter = Quarter.of(add_months(quarter.months[0], 3))
    assert set(quarter.months) <= set(months)
    ret = queries.quarterly_return(main_system, quarter)
    assert ret.complete
    assert len(ret.programmes) == 17
    assert sum(ret.rag_counts().values()) == 17
