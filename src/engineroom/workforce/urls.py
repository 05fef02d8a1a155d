from django.urls import path

from engineroom.workforce import views

app_name = "workforce"
W = "systems/<slug:system>/workforce/"
urlpatterns = [
    path(W, views.Index.as_view(), name="index"),
    path(f"{W}cliff/", views.CliffView.as_view(), name="cliff"),
    path(f"{W}posts/", views.Posts.as_view(), name="posts"),
    path(f"{W}posts/new/", views.PostNew.as_view(), name="post-new"),
    path(f"{W}posts/<slug:ref>/", views.PostDetail.as_view(), name="post"),
    path(f"{W}posts/<slug:ref>/appoint/", views.Appoint.as_view(), name="appoint"),
    path(f"{W}posts/<slug:ref>/funding/", views.AddFunding.as_view(), name="add-funding"),
    path(f"{W}pooled/", views.BudgetList.as_view(), name="budgets"),
    path(f"{W}pooled/<slug:code>/", views.BudgetDetail.as_view(), name="budget"),
    path(f"{W}pooled/<slug:code>/contribute/", views.Contribute.as_view(), name="contribute"),
    path(f"{W}export.xlsx", views.Export.as_view(), name="export"),
]
