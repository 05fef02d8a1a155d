from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "engineroom.home"
    label = "home"
    verbose_name = "Home pages"
