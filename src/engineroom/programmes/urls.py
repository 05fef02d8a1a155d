from django.urls import path

from engineroom.programmes import views

app_name = "programmes"
P = "systems/<slug:system>/programmes/"
urlpatterns = [
    path(P, views.Portfolio.as_view(), name="portfolio"),
    path(f"{P}new/", views.ProgrammeEdit.as_view(), name="programme-new"),
    path(f"{P}risks/", views.RiskRegister.as_view(), name="risks"),
    path(f"{P}risks/new/", views.RiskEdit.as_view(), name="risk-new"),
    path(f"{P}risks/<int:pk>/", views.RiskEdit.as_view(), name="risk"),
    path(f"{P}risks/<int:pk>/issue/", views.RiskToIssue.as_view(), name="risk-to-issue"),
    path(f"{P}issues/", views.IssueRegister.as_view(), name="issues"),
    path(f"{P}dependencies/", views.DependencyMapView.as_view(), name="dependencies"),
    path(f"{P}dependencies/new/", views.DependencyEdit.as_view(), name="dependency-new"),
    path(f"{P}dependencies/<int:pk>/", views.DependencyEdit.as_view(), name="dependency"),
    path(f"{P}quarterly/", views.QuarterlyIndex.as_view(), name="quarters"),
    path(
        f"{P}quarterly/<slug:quarter>/",
        views.QuarterlyReturnView.as_view(),
        name="quarterly",
    ),
    path(
        f"{P}quarterly/<slug:quarter>/pdf/",
        views.QuarterlyPDF.as_view(),
        name="quarterly-pdf",
    ),
    path(f"{P}document/", views.ProjectDocument.as_view(), name="document"),
    path(f"{P}export.xlsx", views.ExportRegisters.as_view(), name="export"),
    path(f"{P}import/", views.ImportUpload.as_view(), name="import"),
    path(f"{P}import/<int:pk>/", views.ImportPreview.as_view(), name="import-preview"),
    path(f"{P}<slug:code>/", views.ProgrammeDetail.as_view(), name="programme"),
    path(f"{P}<slug:code>/edit/", views.ProgrammeEdit.as_view(), name="programme-edit"),
    path(
        f"{P}<slug:code>/milestones/<int:pk>/",
        views.MilestoneEdit.as_view(),
        name="milestone",
    ),
    path(f"{P}<slug:code>/projects/new/", views.ProjectEdit.as_view(), name="project-new"),
    path(f"{P}<slug:code>/projects/<int:pk>/", views.ProjectEdit.as_view(), name="project"),
    path(
        f"{P}<slug:code>/projects/<int:pk>/milestones/new/",
        views.MilestoneNew.as_view(),
        name="milestone-new",
    ),
    path(f"{P}<slug:code>/benefits/new/", views.BenefitEdit.as_view(), name="benefit-new"),
    path(f"{P}<slug:code>/benefits/<int:pk>/", views.BenefitEdit.as_view(), name="benefit"),
    path(
        f"{P}<slug:code>/benefits/<int:pk>/months/",
        views.BenefitMonthRecord.as_view(),
        name="benefit-month",
    ),
    path(f"{P}<slug:code>/reports/new/", views.ReportEdit.as_view(), name="report-new"),
    path(f"{P}<slug:code>/reports/<str:month>/", views.ReportDetail.as_view(), name="report"),
    path(
        f"{P}<slug:code>/reports/<str:month>/edit/",
        views.ReportEdit.as_view(),
        name="report-edit",
    ),
    path(
        f"{P}<slug:code>/reports/<str:month>/submit/",
        views.ReportTransition.as_view(action="submit"),
        name="report-submit",
    ),
    path(
        f"{P}<slug:code>/reports/<str:month>/approve/",
        views.ReportTransition.as_view(action="approve"),
        name="report-approve",
    ),
    path(
        f"{P}<slug:code>/reports/<str:month>/pdf/",
        views.ReportPDF.as_view(),
        name="report-pdf",
    ),
]
