"""The one abstract base page of the hub, and the rules every page of
the site shares.

`SitePageMixin` holds what the hub's pages and the guide's (`guide.models.GuideBasePage`)
have in common: the privacy guard of the admin's form, the sitemap rule and the search
description. `HubBasePage` adds the introduction, the shared body StreamField and the
search fields, so that concrete pages only declare their own fields and where they sit
in the tree.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from hub.blocks import HUB_BODY_BLOCKS
from hub.privacy.admin_forms import PrivacyGuardPageForm


class SitePageMixin:
    """Behaviour shared by every page model of the site, whatever its app. Put it before
    `Page` in the bases; the page must have an `intro` field."""

    # No identifier nor named person's health in any text typed in the admin (hub.privacy).
    base_form_class = PrivacyGuardPageForm

    def get_sitemap_urls(self, request=None):
        # A page behind a view restriction never appears in the public sitemap.
        if self.get_view_restrictions().exists():
            return []
        return super().get_sitemap_urls(request)

    @property
    def search_description_or_intro(self):
        return self.search_description or self.intro


class HubBasePage(SitePageMixin, Page):
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Deux ou trois phrases qui disent à quoi sert la page."),
    )
    body = StreamField(HUB_BODY_BLOCKS, blank=True, verbose_name=_("contenu"))

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        abstract = True
