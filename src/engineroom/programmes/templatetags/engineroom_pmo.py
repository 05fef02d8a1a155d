from django import template

from engineroom.programmes import presenters

register = template.Library()


@register.filter
def pounds(pence):
    return presenters.pounds(pence)


@register.filter
def rag_tag(rag):
    return presenters.RAG_TAG.get(rag, "nhsuk-tag--grey")


@register.filter
def band_tag(band_key):
    return presenters.BAND_TAG.get(band_key, "nhsuk-tag--grey")
