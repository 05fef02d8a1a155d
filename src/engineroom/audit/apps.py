from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "engineroom.audit"
    label = "audit"
    verbose_name = "Audit log"
