"""The one abstract base page of the guide.

It owns the introduction, the body StreamField of the guide's blocks, the owning partner
family (whose referents write the page), the date of the last review and the search
fields; the privacy guard of the admin's form, the sitemap rule and the search
description are the site's (`hub.models.base.SitePageMixin`). Concrete pages declare
where they sit in the tree.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from guide.blocks import GUIDE_BODY_BLOCKS
from guide.models.glossary import GlossaryTerm
from hub.models.base import SitePageMixin


class GuideBasePage(SitePageMixin, Page):
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Deux ou trois phrases qui disent à quoi sert la page."),
    )
    body = StreamField(GUIDE_BODY_BLOCKS, blank=True, verbose_name=_("contenu"))
    owner_family = models.ForeignKey(
        "accounts.PartnerFamily",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("famille propriétaire"),
        help_text=_(
            "Seuls les rédacteurs de cette famille (et les administrateurs) modifient la page."
        ),  # fmt: skip
    )
    last_reviewed = models.DateField(_("dernière relecture"), null=True, blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("owner_family"), FieldPanel("last_reviewed")])],
            heading=_("Responsabilité éditoriale"),
        ),
        FieldPanel("body"),
    ]

    class Meta:
        abstract = True

    def guide_index(self):
        """The guide's index above this page: read once per page object (the body's
        glossary links and the chapter's neighbours both ask), or handed over by the index
        that routed the request to it."""
        from guide.models.pages import GuideIndexPage

        if isinstance(self, GuideIndexPage):
            return self
        if "_guide_index" not in self.__dict__:
            self.__dict__["_guide_index"] = GuideIndexPage.objects.ancestor_of(self).first()
        return self.__dict__["_guide_index"]

    # --- the guide's one glossary, as its pages and PDFs read it -------------------------
    def glossary_terms(self):
        """Every term of the glossary, sorted as a French reader expects."""
        return GlossaryTerm.alphabetical()

    def glossary_fingerprint(self):
        """What the glossary is made of, for the PDF cache's fingerprints."""
        return GlossaryTerm.fingerprint()
