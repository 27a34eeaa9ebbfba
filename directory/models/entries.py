"""Directory entries: structures (organisations), their services, and coordination
instances, the entries no national directory has.

Fields that have a data·inclusion counterpart carry its name (`thematiques`, `publics`,
`modes_accueil`, `frais`, `zone_eligibilite`, `horaires_accueil`...) so that the
import and export map one to one. Opening hours use the OpenStreetMap `opening_hours`
syntax, kept as text (data·inclusion does the same).
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.models import RevisionMixin

from directory.models.base import VerifiedMixin
from directory.models.vocabularies import SIRET, CodeListField, OrganisationKind
from hub.access import TieredMixin

OPENING_HOURS_HELP = _(
    "Au format OpenStreetMap opening_hours, par exemple « Mo-Fr 09:00-12:00,14:00-17:00 »."
)


class OrganisationTag(TaggedItemBase):
    content_object = ParentalKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Organisation(TieredMixin, VerifiedMixin, RevisionMixin, ClusterableModel):
    """A structure: a landlord, a hospital, a CMP, a mobile team, an association..."""

    Kind = OrganisationKind

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    kind = models.CharField(_("type de structure"), max_length=30, choices=OrganisationKind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("structure de rattachement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
        help_text=_("Par exemple le centre hospitalier d'un CMP ou d'une équipe mobile."),
    )
    partner_family = models.ForeignKey(
        "accounts.PartnerFamily",
        verbose_name=_("famille de partenaires"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    territories = models.ManyToManyField(
        "hub.TerritoryPage",
        verbose_name=_("territoires"),
        blank=True,
        related_name="organisations",
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    address_complement = models.CharField(_("complément d'adresse"), max_length=255, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.ForeignKey(
        "directory.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    coverage = models.ManyToManyField(
        "directory.Commune",
        verbose_name=_("communes d'intervention"),
        blank=True,
        related_name="covering_organisations",
        help_text=_("Communes ou arrondissements où la structure intervient."),
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    website = models.URLField(_("site internet"), blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[SIRET])
    external_id = models.CharField(
        _("identifiant externe"),
        max_length=255,
        blank=True,
        help_text=_(
            "Identifiant de l'enregistrement dans sa source (data·inclusion, import CSV) : "
            "un nouvel import met à jour l'entrée au lieu de la dupliquer."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    thematiques = CodeListField(_("thématiques (data·inclusion)"), vocabulary="thematiques")
    reseaux_porteurs = CodeListField(
        _("réseaux porteurs (data·inclusion)"), vocabulary="reseaux_porteurs"
    )
    horaires_accueil = models.CharField(
        _("horaires d'accueil"), max_length=255, blank=True, help_text=OPENING_HOURS_HELP
    )
    tags = ClusterTaggableManager(through=OrganisationTag, blank=True, verbose_name=_("mots-clés"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="organisation_unique_external_id",
            )
        ]
        indexes = [models.Index(fields=["latitude", "longitude"], name="organisation_position")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Renseignez la latitude et la longitude ensemble, ou aucune des deux.")
            )
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError(
                {"parent": _("Une structure ne peut pas se rattacher à elle-même.")}
            )


class Service(TieredMixin, VerifiedMixin, RevisionMixin, models.Model):
    """What a structure offers: CMP consultation, accompanied housing, sub-letting..."""

    # A service hangs from its structure: hidden whenever the structure is (hub.access).
    access_containers = ("organisation",)

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    types = CodeListField(_("types de service (data·inclusion)"), vocabulary="types")
    thematiques = CodeListField(_("thématiques (data·inclusion)"), vocabulary="thematiques")
    publics = CodeListField(_("publics (data·inclusion)"), vocabulary="publics")
    modes_accueil = CodeListField(_("modes d'accueil (data·inclusion)"), vocabulary="modes_accueil")
    frais = CodeListField(_("frais (data·inclusion)"), vocabulary="frais")
    zone_eligibilite = CodeListField(_("zone d'éligibilité (codes INSEE)"), vocabulary="insee")
    horaires_accueil = models.CharField(
        _("horaires d'accueil"), max_length=255, blank=True, help_text=OPENING_HOURS_HELP
    )
    external_id = models.CharField(
        _("identifiant externe"),
        max_length=255,
        blank=True,
        help_text=_(
            "Identifiant de l'enregistrement dans sa source (data·inclusion, import CSV) : "
            "un nouvel import met à jour l'entrée au lieu de la dupliquer."
        ),
    )
    contact = models.ForeignKey(
        "directory.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="service_unique_external_id",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation_id else self.name

    def clean(self):
        super().clean()
        if (
            self.contact_id
            and self.organisation_id
            and (self.contact.organisation_id != self.organisation_id)
        ):
            raise ValidationError({"contact": _("Ce contact appartient à une autre structure.")})


class CoordinationInstance(TieredMixin, VerifiedMixin, RevisionMixin, models.Model):
    """A coordination instance (CLSM, coordination cell, RSML...): a first-class entry.

    Its members form a Django group, so that the `instance` access tier and Wagtail's page
    restrictions can name them; the group is created with the instance when none is
    given ("Instance : <nom>", as the demo names it)."""

    class Kind(models.TextChoices):
        CLSM = "clsm", _("Conseil local de santé mentale (CLSM)")
        CELL = "cellule", _("Cellule de coordination santé psychique et logement")
        RSML = "rsml", _("Réseau santé mentale et logement (RSML)")
        ASV = "asv", _("Atelier santé ville (ASV)")
        ILHA = "ilha", _("Instance locale de l'habitat et des attributions (ILHA)")
        ITTL = "ittl", _("Instance technique territorialisée logement (ITTL)")
        CASE_REVIEW = "cas-complexes", _("Cellule d'examen de situations complexes")
        WORKING_GROUP = "groupe-travail", _("Groupe de travail")
        OTHER = "autre", _("Autre instance")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        PLANNED = "en-projet", _("en projet")
        DORMANT = "en-sommeil", _("en sommeil")
        DISSOLVED = "dissoute", _("dissoute")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    group = models.OneToOneField(
        "auth.Group",
        on_delete=models.PROTECT,
        related_name="coordination_instance",
        verbose_name=_("groupe des membres"),
        blank=True,
        help_text=_("Laisser vide pour créer le groupe « Instance : <nom> »."),
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)
    communes = models.ManyToManyField(
        "directory.Commune",
        verbose_name=_("territoire (communes ou arrondissements)"),
        blank=True,
        related_name="coordination_instances",
    )
    territory_page = models.ForeignKey(
        "hub.TerritoryPage",
        verbose_name=_("page du territoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordination_instances",
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("structure porteuse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_instances",
    )
    coordinator = models.ForeignKey(
        "directory.Contact",
        verbose_name=_("contact de coordination"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_instances",
    )
    members = models.ManyToManyField(
        Organisation,
        verbose_name=_("structures membres"),
        blank=True,
        related_name="member_of_instances",
    )
    meeting_rhythm = models.CharField(
        _("rythme des réunions"), max_length=200, blank=True, help_text=_("Par exemple « mensuel »")
    )
    created_on = models.DateField(_("créée le"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instance de coordination")
        verbose_name_plural = _("instances de coordination")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.group_id is None:
            self.group, _created = Group.objects.get_or_create(name=f"Instance : {self.name}"[:150])
        super().save(*args, **kwargs)
