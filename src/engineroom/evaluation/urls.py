from django.urls import path

from engineroom.evaluation import views

app_name = "evaluation"
E = "systems/<slug:system>/evaluations"
urlpatterns = [
    path(f"{E}/", views.EvaluationList.as_view(), name="index"),
    path(f"{E}/new/", views.EvaluationNew.as_view(), name="new"),
    path(f"{E}/<int:pk>/", views.EvaluationResult.as_view(), name="result"),
    path(f"{E}/<int:pk>/benefit/", views.LinkBenefit.as_view(), name="link-benefit"),
    path(f"{E}/<int:pk>/export.<slug:fmt>", views.EvaluationExport.as_view(), name="export"),
]
