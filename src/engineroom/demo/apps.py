from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional demo region: installed only in demo mode (``ENGINEROOM_DEMO=1``)."""

    name = "engineroom.demo"
    label = "demo"
    verbose_name = "Demo region"
