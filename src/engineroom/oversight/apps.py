from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "engineroom.oversight"
    label = "oversight"
    verbose_name = "Oversight"
