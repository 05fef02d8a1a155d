from django.apps import AppConfig


class RecordConfig(AppConfig):
    name = "engineroom.record"
    label = "record"
    verbose_name = "Shared care record"
