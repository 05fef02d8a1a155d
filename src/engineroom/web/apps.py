from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "engineroom.web"
    label = "web"
    verbose_name = "Web shell"
