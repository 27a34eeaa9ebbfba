"""The charter: the partnership convention, as structured content.

The Lyon convention of 2013 is the model: a preamble, the object of the convention and
its four objectives, the actions to undertake, the principles of collective action, the
governance bodies, the duration, its signatories and its three fiches action. Each part
is its own field or inline model, so that later views (signatories, PDF, search) can use
them without parsing a blob.
"""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from hub.blocks.content import RICH_FEATURES
from hub.hooks import CHARTER_PDF, first
from hub.models.base import HubBasePage


class CharterPage(RoutablePageMixin, HubBasePage):
    menu_section = "charter"  # the main menu's « Charte » (hub/chrome.py)
    full_title = models.CharField(_("intitulé complet"), max_length=255)
    territory = models.ForeignKey(
        "hub.TerritoryPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territoire d'origine"),
    )
    signed_on = models.CharField(
        _("date"), max_length=60, help_text=_("Par exemple « Avril 2013 ».")
    )
    preamble = RichTextField(_("préambule"), features=RICH_FEATURES)
    purpose = RichTextField(_("objet de la convention"), features=RICH_FEATURES)
    objectives_intro = models.TextField(_("introduction des objectifs"), blank=True)
    purpose_closing = RichTextField(
        _("portée de la convention"), features=RICH_FEATURES, blank=True
    )
    actions_intro = models.TextField(_("introduction des actions"), blank=True)
    actions_closing = models.TextField(_("après les actions"), blank=True)
    principles_intro = models.TextField(_("introduction des principes"), blank=True)
    principles_closing = models.TextField(
        _("respect des personnes et secret"),
        blank=True,
        help_text=_("Ce que la convention dit de l'information des personnes et du secret."),
    )
    duration = RichTextField(_("durée et résiliation"), features=RICH_FEATURES)
    signature_place = models.CharField(_("lieu de signature"), max_length=120, blank=True)

    max_count = 1
    parent_page_types = ["hub.HomePage"]
    subpage_types = []

    search_fields = HubBasePage.search_fields + [
        index.SearchField("full_title"),
        index.SearchField("preamble"),
        index.SearchField("purpose"),
        index.SearchField("duration"),
    ]
    content_panels = HubBasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("full_title"), FieldPanel("territory"), FieldPanel("signed_on")],
            heading=_("Identification"),
        ),
        FieldPanel("preamble"),
        MultiFieldPanel(
            [
                FieldPanel("purpose"),
                FieldPanel("objectives_intro"),
                InlinePanel("objectives", label=_("objectif")),
                FieldPanel("purpose_closing"),
            ],
            heading=_("1 – Objet et objectifs"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("actions_intro"),
                InlinePanel("actions", label=_("action")),
                FieldPanel("actions_closing"),
            ],
            heading=_("2 – Actions à engager"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("principles_intro"),
                InlinePanel("principles", label=_("principe")),
                FieldPanel("principles_closing"),
            ],
            heading=_("3 – Principes de l'action collective"),
        ),
        InlinePanel("governance_bodies", heading=_("4 – Pilotage et suivi"), label=_("instance")),
        FieldPanel("duration"),
        FieldPanel("signature_place"),
        InlinePanel("signatories", heading=_("Signataires"), label=_("signataire")),
        InlinePanel("fiches", heading=_("Fiches action"), label=_("fiche action")),
    ]

    class Meta:
        verbose_name = _("charte du partenariat")

    # Routes (RoutablePageMixin): they go through Wagtail's `serve`, so the
    # `before_serve_page` hooks (the access policy) run first. `/charte/charte.pdf` reaches
    # Wagtail through `guide.pdf.urls` (Wagtail's own pattern refuses a dot); the PDF is
    # the guide's (the `maillage_charter_pdf` hook, hub/hooks.py).

    @path("charte.pdf/", name="pdf")
    def pdf_route(self, request):
        render_pdf = first(CHARTER_PDF)
        if render_pdf is None:
            raise Http404
        return render_pdf(request, self)

    @path("signataires/", name="signatories")
    def signatories_route(self, request):
        return self.render(
            request,
            template="hub/charter_signatories.html",
            context_overrides={"signatory_groups": signatories_by_family(self)},
        )

    @property
    def pdf_url(self):
        return self.url + "charte.pdf"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The territory of origin is named only to who may see its page (hub.access): a
        # charter readable by every partner may come from a family's restricted territory.
        context["origin_territory"] = self.origin_territory_for(request.user)
        return context

    def origin_territory_for(self, user):
        """The live territory page the charter comes from, if `user` may see it."""
        if not self.territory_id:
            return None
        from hub.access import visible_pages
        from hub.models.territories import TerritoryPage

        live = TerritoryPage.objects.live().filter(pk=self.territory_id)
        return visible_pages(user, live).first()

    def signatories_with_families(self):
        """The signatories, each with its family read in the same query (the page names
        it), lazily: the template reads them only when its fragment is not cached (issue
        20). A preview keeps its unsaved ones."""
        if "signatories" in getattr(self, "_cluster_related_objects", {}):
            return self.signatories.all()
        return self.signatories.select_related("family").all()


def signatories_by_family(page):
    """[(family or None, [signatories])] of a charter: families in their own order
    (`sort_order`, then name), the signatories without a family last. A signatory is a
    function and an organisation, never a person's name (the model says so to editors).
    Read by the « signataires » view and by the charter's PDF (guide/pdf/charter.py)."""
    groups = {}
    for signatory in page.signatories.select_related("family").all():
        groups.setdefault(signatory.family, []).append(signatory)
    families = sorted(
        (family for family in groups if family is not None),
        key=lambda family: (family.sort_order, family.name),
    )
    ordered = [(family, groups[family]) for family in families]
    if None in groups:
        ordered.append((None, groups[None]))
    return ordered


class CharterObjective(Orderable):
    page = ParentalKey(CharterPage, on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField(_("objectif"))

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("objectif")

    def __str__(self):
        return self.text


class CharterAction(Orderable):
    page = ParentalKey(CharterPage, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=400)
    fiche_number = models.PositiveSmallIntegerField(_("fiche action liée"), null=True, blank=True)

    panels = [FieldPanel("title"), FieldPanel("fiche_number")]

    class Meta(Orderable.Meta):
        verbose_name = _("action à engager")

    def __str__(self):
        return self.title


class CharterPrinciple(Orderable):
    page = ParentalKey(CharterPage, on_delete=models.CASCADE, related_name="principles")
    text = models.TextField(_("principe"))

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("principe")

    def __str__(self):
        return self.text


class CharterGovernanceBody(Orderable):
    page = ParentalKey(CharterPage, on_delete=models.CASCADE, related_name="governance_bodies")
    name = models.CharField(_("instance"), max_length=120)
    composition = models.TextField(_("composition"))
    rhythm = models.CharField(_("rythme de réunion"), max_length=120)
    leadership = models.CharField(_("animation"), max_length=200, blank=True)
    missions_intro = models.CharField(_("introduction des missions"), max_length=300, blank=True)
    missions = models.TextField(_("missions"), help_text=_("Une mission par ligne."))
    closing = models.TextField(_("précisions"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("composition"),
        FieldPanel("rhythm"),
        FieldPanel("leadership"),
        FieldPanel("missions_intro"),
        FieldPanel("missions"),
        FieldPanel("closing"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("instance de pilotage")

    def __str__(self):
        return self.name

    @property
    def mission_list(self):
        return [line.strip() for line in self.missions.splitlines() if line.strip()]


class CharterSignatory(Orderable):
    page = ParentalKey(CharterPage, on_delete=models.CASCADE, related_name="signatories")
    signatory = models.CharField(
        _("qualité du signataire"),
        max_length=300,
        help_text=_("La fonction, jamais le nom d'une personne : « Le Président d'ABC HLM »."),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    family = models.ForeignKey(
        "accounts.PartnerFamily",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("famille de partenaires"),
    )

    panels = [FieldPanel("signatory"), FieldPanel("organisation"), FieldPanel("family")]

    class Meta(Orderable.Meta):
        verbose_name = _("signataire")

    def __str__(self):
        return self.organisation


class FicheAction(Orderable):
    """One fiche action, with the rows of the convention's table as fields."""

    page = ParentalKey(CharterPage, on_delete=models.CASCADE, related_name="fiches")
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=255)
    strategic_objectives = RichTextField(_("objectifs stratégiques"), features=RICH_FEATURES)
    operational_objectives = RichTextField(_("objectifs opérationnels"), features=RICH_FEATURES)
    content = RichTextField(_("contenu"), features=RICH_FEATURES)
    operation = RichTextField(_("fonctionnement"), features=RICH_FEATURES, blank=True)
    deployment = RichTextField(_("objectif de déploiement"), features=RICH_FEATURES, blank=True)
    means = RichTextField(_("moyens"), features=RICH_FEATURES, blank=True)
    schedule = RichTextField(_("calendrier de réalisation"), features=RICH_FEATURES, blank=True)
    funding = RichTextField(_("financement"), features=RICH_FEATURES, blank=True)
    evaluation = RichTextField(_("évaluation"), features=RICH_FEATURES, blank=True)

    ROWS = [
        "strategic_objectives",
        "operational_objectives",
        "content",
        "operation",
        "deployment",
        "means",
        "schedule",
        "funding",
        "evaluation",
    ]
    panels = [FieldPanel("number"), FieldPanel("title")] + [FieldPanel(name) for name in ROWS]

    class Meta(Orderable.Meta):
        verbose_name = _("fiche action")
        verbose_name_plural = _("fiches action")

    def __str__(self):
        return f"Fiche action {self.number} : {self.title}"

    @property
    def slug(self):
        return f"fiche-action-{self.number}"

    def rows(self):
        """(label, rich text) pairs for the rows that have content, in the table's order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.ROWS
            if getattr(self, name)
        ]
