"""Small template helpers of the public site: money, shares, the current section.

Formatting follows the active language (French by default): « 1 234 567 € » and « 45 % »
in French, "€1,234,567" and "45%" in English.
"""

from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django import template
from django.apps import apps
from django.utils import formats
from django.utils.translation import get_language

from hub.access import visible_pages

register = template.Library()

NBSP = "\u00a0"


def _is_french():
    return (get_language() or "fr").split("-")[0] == "fr"


def _as_decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


@register.filter
def euros(value):
    """An amount in euros, grouped by thousands; cents only when there are some."""
    amount = _as_decimal(value)
    if amount is None:
        return ""
    decimals = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, decimals, use_l10n=True, force_grouping=True)
    return f"{number}{NBSP}€" if _is_french() else f"€{number}"


@register.filter
def percent(value):
    """A whole percentage: « 45 % » in French, "45%" in English."""
    if value is None or value == "":
        return ""
    number = formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    return f"{number}{NBSP}%" if _is_french() else f"{number}%"


@register.filter
def share_of(line, total):
    """`line.share_of(total)` for templates, which cannot pass arguments to methods."""
    if line is None or not hasattr(line, "share_of"):
        return None
    return line.share_of(_as_decimal(total))


@register.filter
def percent_of(value, total):
    """`value` as a whole percentage of `total`, or None when there is no total."""
    amount, whole = _as_decimal(value), _as_decimal(total)
    if amount is None or not whole:
        return None
    return round(amount * 100 / whole)


@register.filter
def section_state(path, url):
    """The `aria-current` value of a main section for the current path.

    "page" on the section's own page, "true" inside the section, "" elsewhere.
    """
    if not path or not url:
        return ""
    section_path = urlsplit(str(url)).path or "/"
    if path == section_path:
        return "page"
    if section_path != "/" and path.startswith(section_path.rstrip("/") + "/"):
        return "true"
    return ""


@register.simple_tag(takes_context=True)
def live_page(context, model_label):
    """The first live page of a model (`"hub.ProjectIndexPage"`) the reader may see."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return None
    request = context.get("request")
    return visible_pages(getattr(request, "user", None), model.objects.live()).first()
