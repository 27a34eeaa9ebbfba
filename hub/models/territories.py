"""Partnership territories: Grand Lyon, Metz, Marseille 14e-16e, Paris 11e/17e/19e.

Each territory page tells who the partners are (by partner family), the key figures of
the partnership and its documents.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from hub.access import visible_pages
from hub.blocks import KeyFigureBlock, ResourceLinkBlock
from hub.models.base import HubBasePage


def perimeter_condition(codes, path: str = "") -> Q:
    """A filter on the territory pages whose perimeter holds one of these INSEE codes;
    `path` leads to the page from another model ("territories__").

    `commune_codes` is a space-separated list of 5-character codes: a code found in it is
    one of its codes (a 5-character string cannot straddle two codes and a space)."""
    condition = Q(pk__in=[]) if not codes else Q()
    for code in codes:
        condition |= Q(**{f"{path}commune_codes__contains": code})
    return condition


class TerritoryIndexPage(HubBasePage):
    menu_section = "territories"  # the main menu's « Territoires » (hub/chrome.py)
    max_count = 1
    parent_page_types = ["hub.HomePage"]
    subpage_types = ["hub.TerritoryPage"]

    class Meta:
        verbose_name = _("liste des territoires")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["territories"] = visible_pages(
            request.user, TerritoryPage.objects.child_of(self).live()
        )
        return context


class TerritoryPage(HubBasePage):
    # The pages under it carry its territory facet in search (`search.pages`).
    search_territory = True

    short_name = models.CharField(_("nom court"), max_length=60)
    department_code = models.CharField(_("département"), max_length=3)
    region = models.CharField(_("région"), max_length=80)
    perimeter = models.CharField(
        _("périmètre"),
        max_length=200,
        help_text=_("Communes ou arrondissements couverts, en toutes lettres."),
    )
    commune_codes = models.TextField(
        _("codes INSEE du périmètre"),
        blank=True,
        help_text=_("Codes INSEE des communes ou arrondissements, séparés par des espaces."),
    )
    partnership_name = models.CharField(_("nom du partenariat"), max_length=200)
    partnership_since = models.CharField(_("depuis"), max_length=60, blank=True)
    key_figures = StreamField(
        [("key_figure", KeyFigureBlock())], blank=True, verbose_name=_("chiffres clés")
    )
    documents = StreamField(
        [("resource", ResourceLinkBlock())], blank=True, verbose_name=_("documents")
    )

    parent_page_types = ["hub.TerritoryIndexPage"]
    subpage_types = []

    search_fields = HubBasePage.search_fields + [
        index.SearchField("partnership_name"),
        index.SearchField("perimeter"),
        index.FilterField("department_code"),
    ]
    content_panels = HubBasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("short_name"),
                FieldPanel("department_code"),
                FieldPanel("region"),
                FieldPanel("perimeter"),
                FieldPanel("commune_codes"),
            ],
            heading=_("Territoire"),
        ),
        MultiFieldPanel(
            [FieldPanel("partnership_name"), FieldPanel("partnership_since")],
            heading=_("Partenariat"),
        ),
        InlinePanel("partners", heading=_("Partenaires"), label=_("partenaire")),
        FieldPanel("key_figures"),
        FieldPanel("documents"),
    ]

    class Meta:
        verbose_name = _("territoire")

    @property
    def commune_code_list(self):
        return self.commune_codes.split()

    def covers(self, commune) -> bool:
        """Whether the perimeter holds this commune, or the city of this arrondissement."""
        codes = set(self.commune_code_list)
        return commune.code in codes or bool(commune.parent_id and commune.parent.code in codes)

    def partners_by_family(self):
        """Partners grouped by partner family, in the families' own order."""
        groups = {}
        for partner in self.partners.select_related("family").all():
            groups.setdefault(partner.family, []).append(partner)
        return sorted(
            groups.items(),
            key=lambda item: (item[0].sort_order if item[0] else 99, str(item[0] or "")),
        )

    def get_context(self, request, *args, **kwargs):
        from hub.models.projects import ProjectSheetPage

        context = super().get_context(request, *args, **kwargs)
        context["projects"] = visible_pages(
            request.user, ProjectSheetPage.objects.live().filter(territory=self)
        )
        return context


class TerritoryPartner(Orderable):
    page = ParentalKey(TerritoryPage, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("organisation"), max_length=200)
    family = models.ForeignKey(
        "accounts.PartnerFamily",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("famille de partenaires"),
    )
    role = models.CharField(_("rôle dans le partenariat"), max_length=300, blank=True)

    panels = [FieldPanel("name"), FieldPanel("family"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")

    def __str__(self):
        return self.name
