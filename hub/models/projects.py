"""Project sheets (fiches projet): experiences shared between territories.

SELO (Marseille), DLAI (Paris) and the Metz partnership are the first three. Fields follow
the headings of the source sheets, so that a new territory can fill in its own.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from hub.access import visible_pages
from hub.blocks.content import RICH_FEATURES
from hub.models.base import HubBasePage


class ProjectIndexPage(HubBasePage):
    menu_section = "projects"  # the main menu's « Fiches projet » (hub/chrome.py)
    max_count = 1
    parent_page_types = ["hub.HomePage"]
    subpage_types = ["hub.ProjectSheetPage"]

    class Meta:
        verbose_name = _("liste des fiches projet")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["projects"] = visible_pages(
            request.user, ProjectSheetPage.objects.child_of(self).live()
        ).select_related("territory")
        return context


class ProjectSheetTag(TaggedItemBase):
    content_object = ParentalKey(
        "hub.ProjectSheetPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


def lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ProjectSheetPage(HubBasePage):
    # Its kind of search result (`search.pages`).
    search_kind = "projet"

    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    territory = models.ForeignKey(
        "hub.TerritoryPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territoire"),
    )
    territory_detail = models.CharField(_("territoire concerné"), max_length=300)
    category = models.CharField(_("catégorie"), max_length=120, blank=True)
    programme = models.CharField(_("programme ou appel à projets"), max_length=200, blank=True)
    bearers = models.TextField(_("porteurs du projet"), help_text=_("Un porteur par ligne."))
    bearers_type = models.CharField(_("type de porteurs"), max_length=200, blank=True)
    period_start = models.PositiveSmallIntegerField(_("début (année)"))
    period_end = models.PositiveSmallIntegerField(_("fin (année)"), null=True, blank=True)
    period_detail = models.CharField(_("précision sur la période"), max_length=200, blank=True)
    context = RichTextField(_("contexte et genèse"), features=RICH_FEATURES, blank=True)
    objectives = RichTextField(_("objectifs"), features=RICH_FEATURES)
    target_public = RichTextField(_("public cible"), features=RICH_FEATURES)
    households_total = models.PositiveIntegerField(_("ménages (total)"), null=True, blank=True)
    households_access = models.PositiveIntegerField(_("dont accès"), null=True, blank=True)
    households_maintenance = models.PositiveIntegerField(_("dont maintien"), null=True, blank=True)
    households_detail = models.CharField(_("précision sur les ménages"), max_length=300, blank=True)
    partners = models.TextField(_("partenaires"), help_text=_("Un partenaire par ligne."))
    implementation = RichTextField(_("mise en œuvre"), features=RICH_FEATURES, blank=True)
    means = RichTextField(_("moyens mobilisés"), features=RICH_FEATURES, blank=True)
    budget_total = models.DecimalField(
        _("budget total (euros)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    budget_detail = models.CharField(_("précision sur le budget"), max_length=300, blank=True)
    results = RichTextField(_("résultats et points forts"), features=RICH_FEATURES, blank=True)
    limits = RichTextField(_("limites et difficultés"), features=RICH_FEATURES, blank=True)
    perspectives = RichTextField(_("suites et perspectives"), features=RICH_FEATURES, blank=True)
    testimony = models.TextField(_("témoignage"), blank=True)
    testimony_role = models.CharField(
        _("fonction de la personne citée"),
        max_length=200,
        blank=True,
        help_text=_("Une fonction, jamais un nom."),
    )
    contact_roles = models.TextField(
        _("contacts (fonctions)"),
        blank=True,
        help_text=_("Des fonctions et organisations, une par ligne ; pas de nom ni de coordonnée."),
    )
    source = models.CharField(_("source"), max_length=300)
    tags = ClusterTaggableManager(through=ProjectSheetTag, blank=True, verbose_name=_("mots-clés"))

    parent_page_types = ["hub.ProjectIndexPage"]
    subpage_types = []

    search_fields = HubBasePage.search_fields + [
        index.SearchField("acronym", boost=3),
        index.SearchField("bearers"),
        index.SearchField("objectives"),
        index.SearchField("target_public"),
        index.SearchField("results"),
        index.SearchField("limits"),
        index.FilterField("period_start"),
    ]
    content_panels = HubBasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("acronym"),
                FieldPanel("territory"),
                FieldPanel("territory_detail"),
                FieldPanel("category"),
                FieldPanel("programme"),
                FieldPanel("tags"),
            ],
            heading=_("Identification"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("bearers"),
                FieldPanel("bearers_type"),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldPanel("period_detail"),
            ],
            heading=_("Porteurs et période"),
        ),
        FieldPanel("context"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [
                FieldPanel("target_public"),
                FieldRowPanel(
                    [
                        FieldPanel("households_total"),
                        FieldPanel("households_access"),
                        FieldPanel("households_maintenance"),
                    ]
                ),
                FieldPanel("households_detail"),
            ],
            heading=_("Public et ménages"),
        ),
        FieldPanel("partners"),
        FieldPanel("implementation"),
        FieldPanel("means"),
        MultiFieldPanel(
            [
                FieldPanel("budget_total"),
                FieldPanel("budget_detail"),
                InlinePanel("cofinancing", label=_("cofinanceur")),
            ],
            heading=_("Budget et cofinancements"),
        ),
        FieldPanel("results"),
        FieldPanel("limits"),
        FieldPanel("perspectives"),
        MultiFieldPanel(
            [FieldPanel("testimony"), FieldPanel("testimony_role")], heading=_("Témoignage")
        ),
        FieldPanel("contact_roles"),
        FieldPanel("source"),
    ]

    class Meta:
        verbose_name = _("fiche projet")
        verbose_name_plural = _("fiches projet")

    @property
    def bearer_list(self):
        return lines(self.bearers)

    @property
    def partner_list(self):
        return lines(self.partners)

    @property
    def contact_role_list(self):
        return lines(self.contact_roles)

    @property
    def period_label(self):
        if self.period_end and self.period_end != self.period_start:
            return f"{self.period_start}–{self.period_end}"
        if self.period_end:
            return str(self.period_start)
        return _("depuis %(year)s") % {"year": self.period_start}

    @property
    def cofinancing_total(self):
        return sum((line.amount for line in self.cofinancing.all()), Decimal("0"))


class ProjectCofinancing(Orderable):
    page = ParentalKey(ProjectSheetPage, on_delete=models.CASCADE, related_name="cofinancing")
    funder = models.CharField(_("cofinanceur"), max_length=200)
    amount = models.DecimalField(_("montant (euros)"), max_digits=12, decimal_places=2)
    detail = models.CharField(_("précision"), max_length=300, blank=True)

    panels = [FieldPanel("funder"), FieldPanel("amount"), FieldPanel("detail")]

    class Meta(Orderable.Meta):
        verbose_name = _("cofinancement")
        verbose_name_plural = _("cofinancements")

    def __str__(self):
        return self.funder

    def share_of(self, total):
        if not total:
            return None
        return round(self.amount * 100 / total)
