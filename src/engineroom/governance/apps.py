from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "engineroom.governance"
    label = "governance"
    verbose_name = "Governance"
