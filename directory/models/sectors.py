"""Psychiatric sectors: a hospital's catchment area, its communes or arrondissements, its
CMP(s) and mobile team(s). "Which sector covers this address?" is the first question a
landlord agent asks (see directory/who_covers.py).

Sector codes are official (ARS); when a code is not sourced, it says "[à vérifier]"
rather than being invented.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import RevisionMixin

from directory.models.base import VerifiedMixin
from directory.models.entries import Organisation
from directory.models.vocabularies import OrganisationKind
from hub.access import TieredMixin


class PsychiatricSector(TieredMixin, VerifiedMixin, RevisionMixin, models.Model):
    code = models.CharField(
        _("code du secteur"),
        max_length=40,
        unique=True,
        help_text=_("Code officiel, par exemple « 57G01 » ; sinon « [à vérifier] »."),
    )
    name = models.CharField(_("nom"), max_length=200)
    hospital = models.ForeignKey(
        Organisation,
        verbose_name=_("établissement de rattachement"),
        on_delete=models.PROTECT,
        related_name="sectors",
    )
    communes = models.ManyToManyField(
        "directory.Commune",
        verbose_name=_("communes ou arrondissements couverts"),
        blank=True,
        related_name="psychiatric_sectors",
    )
    cmps = models.ManyToManyField(
        Organisation,
        verbose_name=_("CMP"),
        blank=True,
        related_name="cmp_of_sectors",
        limit_choices_to={"kind": OrganisationKind.CMP},
    )
    mobile_teams = models.ManyToManyField(
        Organisation,
        verbose_name=_("équipes mobiles"),
        blank=True,
        related_name="mobile_team_of_sectors",
        limit_choices_to={"kind": OrganisationKind.MOBILE_TEAM},
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("secteur psychiatrique")
        verbose_name_plural = _("secteurs psychiatriques")

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        super().clean()
        if self.hospital_id and self.hospital.kind not in (
            OrganisationKind.HOSPITAL,
            OrganisationKind.OTHER,
        ):
            raise ValidationError(
                {"hospital": _("L'établissement de rattachement doit être un hôpital.")}
            )
