"""The one abstract base page of the guide (CONVENTIONS.md §2).

It owns the introduction, the body StreamField of the guide's blocks, the owning partner
family (whose referents write the page), the date of the last review, the search fields
and the sitemap rule. Concrete pages declare where they sit in the tree.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from guide.blocks import GUIDE_BODY_BLOCKS
from hub.privacy.admin_forms import PrivacyGuardPageForm


class GuideBasePage(Page):
    # No identifier nor named person's health in any text typed in the admin (hub.privacy).
    base_form_class = PrivacyGuardPageForm

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

    def get_sitemap_urls(self, request=None):
        # A page behind a view restriction never appears in the public sitemap.
        if self.get_view_restrictions().exists():
            return []
        return super().get_sitemap_urls(request)

    @property
    def search_description_or_intro(self):
        return self.search_description or self.intro

    def guide_index(self):
        from guide.models.pages import GuideIndexPage

        if isinstance(self, GuideIndexPage):
            return self
        return GuideIndexPage.objects.ancestor_of(self).first()
