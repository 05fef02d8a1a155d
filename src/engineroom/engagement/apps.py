from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engineroom.engagement"
    label = "engagement"
    verbose_name = "Public insight"

    def ready(self) -> None:
        from engineroom.engagement import signals  # noqa: F401  (connects the receivers)
