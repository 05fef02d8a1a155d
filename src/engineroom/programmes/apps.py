from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "engineroom.programmes"
    label = "programmes"
    verbose_name = "Programmes, risks and highlight reports"
