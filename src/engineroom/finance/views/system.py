"""The system's finances as one picture: position, left shift, pools, capitation, board report."""

from __future__ import annotations

from engineroom.finance import capitation, exports, leftshift, pools, presenters, queries, report
from engineroom.finance.position import position
from engineroom.finance.views.base import InYear
from engineroom.web import downloads
from engineroom.web.pages import DownloadPage, SystemPage


class Position(InYear, SystemPage):
    """The open-book system position (S14): every partner's plan against forecast."""

    template_name = "finance/position.html"

    def get_context_data(self, **kwargs):
        current = position(self.system, self.year)
        return super().get_context_data(
            position=current,
            chart=presenters.forecast_chart(current),
            variance_spc=presenters.variance_spc(current),
            years=queries.years_with_plans(self.system),
            **kwargs,
        )


class LeftShift(InYear, SystemPage):
    """Spend by sector over time for the system and each place (S16)."""

    template_name = "finance/left_shift.html"

    def get_context_data(self, **kwargs):
        trend = leftshift.system_trend(self.system)
        sectors = leftshift.sectors(trend)
        return super().get_context_data(
            trend=trend,
            places=leftshift.place_trend(self.system),
            sectors=sectors,
            shift=leftshift.summary(trend),
            chart=presenters.sectors_chart(trend, sectors),
            table=presenters.sector_table(trend, sectors),
            **kwargs,
        )


class Pools(InYear, SystemPage):
    """Section 75 pools and the Better Care Fund with the overspend allocated by each rule."""

    template_name = "finance/pools.html"

    def get_context_data(self, **kwargs):
        found = [
            (pool, queries.pool_lines(pool), pools.pool_allocation(pool))
            for pool in queries.pools(self.system, self.year)
        ]
        return super().get_context_data(pools=found, **kwargs)


class Capitation(InYear, SystemPage):
    """Needs-weighted capitation budgets for places, with the data path used stated."""

    template_name = "finance/capitation.html"

    def get_context_data(self, **kwargs):
        total = capitation.commissioner_budget(self.system, self.year)
        source, rows = capitation.budgets(self.system, total)
        coverage = capitation.coverage(source, rows)
        return super().get_context_data(
            total=total,
            source=source,
            coverage=coverage,
            population_note=presenters.population_note(coverage),
            rows=capitation.published(rows),  # small numbers suppressed: never the exact rows
            fallback=capitation.FALLBACK,
            **kwargs,
        )


class BoardReport(InYear, SystemPage):
    """The board finance report as accessible HTML; the PDF has its own print layout."""

    template_name = "finance/report.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**report.figures(self.system, self.year), **kwargs)


class BoardReportPdf(InYear, DownloadPage):
    """The board finance report as an A4 PDF for the board pack (``finance.report``)."""

    def download(self, **kwargs) -> downloads.Download:
        return report.pdf(self.system, self.year, base_url=self.request.build_absolute_uri("/"))


class Export(InYear, DownloadPage):
    """The finance workbook (XLSX) for the year."""

    def download(self, **kwargs) -> downloads.Download:
        return exports.workbook(self.system, self.year)
