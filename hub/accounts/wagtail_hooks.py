"""Partner families are managed in the Wagtail admin as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from hub.accounts.models import PartnerFamily


class PartnerFamilyViewSet(SnippetViewSet):
    model = PartnerFamily
    icon = "group"
    menu_label = _("Familles de partenaires")
    list_display = ["name", "referent"]


register_snippet(PartnerFamilyViewSet)
