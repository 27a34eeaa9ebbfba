"""Rich text for templates: `{% load hub_richtext %}{{ value|safe_richtext }}` expands
Wagtail's links then sanitises (`hub.richtext`); `{{ url|safe_url }}` keeps a link only
when its scheme is allowed. Use them instead of Wagtail's `|richtext`."""

from django import template

from hub.richtext import render_richtext
from hub.richtext import safe_url as _safe_url

register = template.Library()


@register.filter
def safe_richtext(value):
    return render_richtext(value)


@register.filter
def safe_url(value):
    return _safe_url(value)
