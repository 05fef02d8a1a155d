from django.apps import AppConfig


class PopulationHealthConfig(AppConfig):
    name = "engineroom.population_health"
    label = "population_health"
    verbose_name = "Population health management"
