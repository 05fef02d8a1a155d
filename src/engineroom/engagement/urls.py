from django.urls import path

from engineroom.engagement.views import imports, influence, public, results, themes, workspace

app_name = "engagement"
C = "systems/<slug:system>/consultations"
U = "public/<slug:system>/consultations"
urlpatterns = [
    # --- the workspace, imports and themes (helper B1 adds its paths here) ---
    path(C + "/", workspace.ConsultationList.as_view(), name="index"),
    path(C + "/new/", workspace.ConsultationNew.as_view(), name="new"),
    path(C + "/<slug:slug>/", workspace.ConsultationDetail.as_view(), name="detail"),
    path(C + "/<slug:slug>/questions/new/", workspace.QuestionNew.as_view(), name="question-new"),
    path(C + "/<slug:slug>/status/", workspace.StatusChange.as_view(), name="status"),
    path(C + "/<slug:slug>/import/", imports.ImportUpload.as_view(), name="import"),
    path(C + "/<slug:slug>/import/<int:pk>/map/", imports.ImportMap.as_view(), name="import-map"),
    path(C + "/<slug:slug>/import/<int:pk>/", imports.ImportResult.as_view(), name="import-result"),
    path(C + "/<slug:slug>/questions/<slug:key>/themes/", themes.Themes.as_view(), name="themes"),
    # --- results, decisions, exports and the public pages (helper B2 adds its paths here) ---
    path(C + "/<slug:slug>/results/", results.Results.as_view(), name="results"),
    path(
        C + "/<slug:slug>/results/population/",
        results.RefreshPopulation.as_view(),
        name="results-population",
    ),
    path(C + "/<slug:slug>/export.<slug:fmt>", results.Export.as_view(), name="export"),
    path(C + "/<slug:slug>/decisions/", influence.Influences.as_view(), name="influence"),
    path(
        C + "/<slug:slug>/decisions/<int:pk>/remove/",
        influence.RemoveInfluence.as_view(),
        name="influence-remove",
    ),
    path(U + "/", public.PublicIndex.as_view(), name="public-index"),
    path(U + "/<slug:slug>/", public.PublicDetail.as_view(), name="public-detail"),
    path(U + "/<slug:slug>/respond/", public.PublicRespond.as_view(), name="public-respond"),
    path(U + "/<slug:slug>/thanks/", public.PublicThanks.as_view(), name="public-thanks"),
    path(U + "/<slug:slug>/report.pdf", public.PublicReport.as_view(), name="public-report"),
]
