from django.urls import path

from engineroom.home import views

# Not namespaced: ``home`` is the site's root, named so by the sign-in settings and every page.
urlpatterns = [
    path("", views.Start.as_view(), name="home"),
    path("systems/<slug:system>/home/", views.SystemHome.as_view(), name="system-home"),
]
