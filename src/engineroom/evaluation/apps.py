from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "engineroom.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"
