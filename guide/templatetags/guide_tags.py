"""Template filters of the guide."""

from django import template
from django.utils.safestring import mark_safe

from guide.markup import clean_rich_text

register = template.Library()


@register.filter
def guide_richtext(value):
    """Rich text of a block, expanded (links, documents) then checked against the guide's
    allow-list: whatever a script put in the database renders as escaped text."""
    if value is None:
        return ""
    html = value.__html__() if hasattr(value, "__html__") else str(value)
    return mark_safe(clean_rich_text(html))
