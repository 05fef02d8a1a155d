"""Template filters that call the population presenters (formatting stays in presenters.py)."""

from django import template

from engineroom.population_health import presenters

register = template.Library()
register.filter("shown", presenters.shown)


@register.filter
def label(mapping, key):
    return mapping.get(key, key)
