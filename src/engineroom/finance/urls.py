from django.urls import path, register_converter

from engineroom.finance import views


class FinancialYear:
    """A financial year by the calendar year it starts in, 2000 to 2099 (anything else is 404)."""

    regex = "20[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(FinancialYear, "financial_year")
app_name = "finance"
Y = "systems/<slug:system>/finance/<financial_year:year>"
urlpatterns = [
    path("systems/<slug:system>/finance/", views.Position.as_view(), name="index"),
    path("systems/<slug:system>/finance/left-shift/", views.LeftShift.as_view(), name="left-shift"),
    path(f"{Y}/", views.Position.as_view(), name="position"),
    path(f"{Y}/partners/<str:ods_code>/", views.PartnerDetail.as_view(), name="partner"),
    path(f"{Y}/partners/<str:ods_code>/plan/", views.PlanEdit.as_view(), name="plan-edit"),
    path(f"{Y}/partners/<str:ods_code>/import/", views.ReturnImport.as_view(), name="import"),
    path(
        f"{Y}/partners/<str:ods_code>/return-template.xlsx",
        views.ReturnTemplate.as_view(),
        name="return-template",
    ),
    path(f"{Y}/imports/<int:pk>/", views.ImportPreview.as_view(), name="import-preview"),
    path(f"{Y}/transfers/", views.Transfers.as_view(), name="transfers"),
    path(f"{Y}/transfers/<int:pk>/", views.RoundDetail.as_view(), name="round"),
    path(f"{Y}/incentives/", views.Incentives.as_view(), name="incentives"),
    path(f"{Y}/pools/", views.Pools.as_view(), name="pools"),
    path(f"{Y}/capitation/", views.Capitation.as_view(), name="capitation"),
    path(f"{Y}/scenarios/", views.Scenarios.as_view(), name="scenarios"),
    path(f"{Y}/scenarios/<int:pk>/", views.ScenarioDetail.as_view(), name="scenario"),
    path(f"{Y}/export.xlsx", views.Export.as_view(), name="export"),
    path(f"{Y}/report/", views.BoardReport.as_view(), name="report"),
    path(f"{Y}/report.pdf", views.BoardReportPdf.as_view(), name="report-pdf"),
]
