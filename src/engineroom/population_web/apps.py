from django.apps import AppConfig


class PopulationWebConfig(AppConfig):
    name = "engineroom.population_web"
    label = "population_web"
    verbose_name = "Population health management"
