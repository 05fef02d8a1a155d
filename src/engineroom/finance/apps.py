from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "engineroom.finance"
    label = "finance"
    verbose_name = "System finance"
