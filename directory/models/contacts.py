"""Role-based contacts: "Accueil CMP", "Coordination CLSM", never a person's name.

Professionals' contact details are personal data. The contact itself has a tier (the
`TieredMixin` of hub.access), and so does each of its lines: `email_tier` and `phone_tier`
(public or partners only), read by `hub.access.can_view_field`. A direct line kept for
partners is therefore never shown to an anonymous visitor, whatever the channel.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import RevisionMixin

from directory.models.base import VerifiedMixin
from directory.models.vocabularies import FRENCH_PHONE
from hub.access import Tier, TieredMixin


class FieldTier(models.TextChoices):
    """The tiers a single field may carry: `hub.access.can_view_field` knows only these."""

    PUBLIC = Tier.PUBLIC.value, Tier.PUBLIC.label
    PARTNERS = Tier.PARTNERS.value, Tier.PARTNERS.label


class Contact(TieredMixin, VerifiedMixin, RevisionMixin, models.Model):
    # A contact hangs from its structure: hidden whenever the structure is (hub.access).
    access_containers = ("organisation",)

    role = models.CharField(
        _("rôle"),
        max_length=120,
        help_text=_("Une fonction, jamais le nom d'une personne : « Accueil CMP »."),
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    email = models.EmailField(_("courriel"), blank=True)
    email_tier = models.CharField(
        _("visibilité du courriel"),
        max_length=10,
        choices=FieldTier.choices,
        default=FieldTier.PUBLIC,
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True, validators=[FRENCH_PHONE])
    phone_tier = models.CharField(
        _("visibilité du téléphone"),
        max_length=10,
        choices=FieldTier.choices,
        default=FieldTier.PUBLIC,
    )
    phone_hours = models.CharField(
        _("horaires du téléphone"),
        max_length=255,
        blank=True,
        help_text=_("Au format OpenStreetMap opening_hours, par exemple « Mo-Fr 09:00-17:00 »."),
    )

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.role} ({self.organisation})" if self.organisation_id else self.role

    def clean(self):
        super().clean()
        if not self.email and not self.phone:
            raise ValidationError(_("Un contact doit avoir au moins un courriel ou un téléphone."))
        for field in ("email_tier", "phone_tier"):
            # The choices say it for forms; this says it for imports and scripts too.
            if getattr(self, field) not in FieldTier.values:
                raise ValidationError(
                    {field: _("Un champ ne peut être que public ou réservé aux partenaires.")}
                )
