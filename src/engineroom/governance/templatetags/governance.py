from django import template

from engineroom.governance import presenters

register = template.Library()
register.filter("money", presenters.money)
register.filter("days", presenters.days)
