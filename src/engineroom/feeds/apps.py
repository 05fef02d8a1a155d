from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "engineroom.feeds"
    label = "feeds"
    verbose_name = "Data feeds"
