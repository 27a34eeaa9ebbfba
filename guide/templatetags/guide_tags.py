"""Template filters of the guide."""

from django import template

from hub.richtext import render_richtext

register = template.Library()


@register.filter
def guide_richtext(value):
    """Rich text of a block, expanded (links, documents) then sanitised by the site's one
    sanitiser (`hub.richtext`): whatever a script put in the database renders as escaped
    text."""
    return render_richtext(value)
