from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "engineroom.workforce"
    label = "workforce"
    verbose_name = "Engine-room workforce and pooled budgets"
