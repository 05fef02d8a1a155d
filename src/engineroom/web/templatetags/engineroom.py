"""The one template filter library: ``{% load engineroom %}``, over ``web.formatting``.

{{ amount_pence|money }}  {{ amount_pence|money_short }}  {{ share|percent }}
{{ day|date_long }}  {{ year|financial_year }}  {{ value|number }}  {{ mapping|get:key }}
{{ count_or_star|published }}
"""

from django import template
from django.utils.html import format_html

from engineroom.web import formatting

register = template.Library()


@register.filter
def money(pence):
    """Whole pounds in a span that never wraps; negatives in brackets."""
    return format_html('<span class="er-nowrap">{}</span>', formatting.money(pence))


@register.filter
def money_short(pence):
    return format_html('<span class="er-nowrap">{}</span>', formatting.money_short(pence))


@register.filter
def money_summary(pence):
    """``£1.3m`` for summaries; tables use ``money`` (``£1,284,310``)."""
    return format_html('<span class="er-nowrap">{}</span>', formatting.money_summary(pence))


@register.filter
def money_exact(pence):
    return format_html('<span class="er-nowrap">{}</span>', formatting.money_exact(pence))


register.filter("number", formatting.number)
register.filter("percent", formatting.percent)
register.filter("date_long", formatting.date)
register.filter("date_short", formatting.date_short)
register.filter("date_time", formatting.date_time)
register.filter("days", formatting.days)
register.filter("financial_year", formatting.financial_year)
register.filter("month", formatting.month)
register.filter("published", formatting.published)  # suppressed aggregates: "*" stays "*"


@register.filter
def get(mapping, key):
    """``mapping[key]``, or the key itself when absent (labels for codes)."""
    return mapping.get(key, key)
