"""`{% occurrence_span occurrence %}`: a meeting's French date and hours."""

from django import template

from hub.agenda.dates import span

register = template.Library()


@register.simple_tag
def occurrence_span(occurrence):
    return span(occurrence.start, occurrence.end)
