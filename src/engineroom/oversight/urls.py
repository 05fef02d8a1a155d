from django.urls import path

from engineroom.oversight import views

app_name = "oversight"
S = "systems/<slug:system>/oversight"
R = "regions/<slug:region>/oversight"
urlpatterns = [
    path(f"{S}/", views.SystemOversight.as_view(), name="summary"),
    path(f"{S}/export.<slug:fmt>", views.SystemExport.as_view(), name="export"),
    path(f"{S}/import/", views.ImportStatistics.as_view(), name="import"),
    path(f"{S}/finance/", views.FinancePosition.as_view(), name="finance"),
    path(f"{S}/import/<int:pk>/", views.ImportResult.as_view(), name="import-result"),
    path(f"{S}/<slug:measure>/", views.MeasurePage.as_view(), name="measure"),
    path(f"{R}/", views.RegionOversight.as_view(), name="region"),
    path(f"{R}/export.<slug:fmt>", views.RegionExport.as_view(), name="region-export"),
    path(f"{R}/triggers/new/", views.TriggerEdit.as_view(), name="trigger-new"),
    path(f"{R}/triggers/<int:pk>/", views.TriggerEdit.as_view(), name="trigger"),
]
