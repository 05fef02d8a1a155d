from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engineroom.engagement"
    label = "engagement"
    verbose_name = "Public insight"
