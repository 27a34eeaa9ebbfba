"""Partner families.

The Lyon convention (fiche action 2) has one referent per partner family feed the site.
Each family is a Django `Group` (so Wagtail's page restrictions can name it) with a
`PartnerFamily` record beside it carrying its public description and its referent.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerFamily(models.Model):
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="partner_family", verbose_name=_("groupe")
    )
    slug = models.SlugField(_("identifiant"), unique=True, max_length=60)
    name = models.CharField(_("nom"), max_length=120, unique=True)
    description = models.TextField(_("description"))
    examples = models.TextField(
        _("exemples de membres"), blank=True, help_text=_("Organisations typiques de la famille.")
    )
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referent_of_families",
        verbose_name=_("référent"),
        help_text=_("La personne qui gère les comptes et les contenus de la famille."),
    )

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("famille de partenaires")
        verbose_name_plural = _("familles de partenaires")

    def __str__(self):
        return self.name
