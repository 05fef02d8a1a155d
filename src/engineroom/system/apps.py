from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "engineroom.system"
    label = "system"
    verbose_name = "Systems, places and organisations"
