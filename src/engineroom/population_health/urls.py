from django.urls import path

from engineroom.population_health import views

app_name = "population_health"
P = "systems/<slug:system>/population"
urlpatterns = [
    path(f"{P}/", views.Dashboard.as_view(), name="index"),
    path(f"{P}/export.<slug:fmt>", views.AreaExport.as_view(), name="export"),
    path(f"{P}/model/", views.ModelCard.as_view(), name="model-card"),
    path(f"{P}/registers/", views.Registers.as_view(), name="registers"),
    path(
        f"{P}/registers/export.<slug:fmt>",
        views.RegistersExport.as_view(),
        name="registers-export",
    ),
    path(f"{P}/worklists/", views.Worklists.as_view(), name="worklists"),
    path(f"{P}/worklists/<slug:kind>/", views.Worklist.as_view(), name="worklist"),
    path(f"{P}/worklists/<slug:kind>/mark/", views.MarkPerson.as_view(), name="worklist-mark"),
    path(
        f"{P}/worklists/<slug:kind>/export.<slug:fmt>",
        views.WorklistExport.as_view(),
        name="worklist-export",
    ),
    path(f"{P}/<slug:level>/<slug:code>/", views.Dashboard.as_view(), name="area"),
    path(
        f"{P}/<slug:level>/<slug:code>/export.<slug:fmt>",
        views.AreaExport.as_view(),
        name="area-export",
    ),
]
