from django.urls import path

from engineroom.spread import views

app_name = "spread"
S = "systems/<slug:system>/spread"
M = f"{S}/<slug:model>"
urlpatterns = [
    path(f"{S}/", views.SpreadIndex.as_view(), name="index"),
    path(f"{S}/new/", views.ModelForm.as_view(), name="model-new"),
    path(f"{M}/", views.ModelPage.as_view(), name="model"),
    path(f"{M}/edit/", views.ModelForm.as_view(), name="model-edit"),
    path(f"{M}/adoptions/new/", views.AdoptionForm.as_view(), name="adoption-new"),
    path(f"{M}/adoptions/<int:pk>/", views.AdoptionForm.as_view(), name="adoption"),
    path(f"{M}/outcomes/", views.RefreshOutcomes.as_view(), name="outcomes"),
    path(f"{M}/export.<slug:fmt>", views.ModelExport.as_view(), name="export"),
]
