"""Template filters that call the finance presenters (formatting stays in presenters.py)."""

from django import template

from engineroom.finance import presenters

register = template.Library()
register.filter("pounds", presenters.pounds)
register.filter("millions", presenters.millions)
register.filter("fy", presenters.year)
register.filter("percent", presenters.percent)
register.filter("meets", presenters.meets)


@register.simple_tag
def month_name(year, month):
    return presenters.month(year, month)
