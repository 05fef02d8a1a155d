from django.apps import AppConfig


class SpreadConfig(AppConfig):
    name = "engineroom.spread"
    label = "spread"
    verbose_name = "Spread of good practice"
