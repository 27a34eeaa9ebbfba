"""Trainings (issue 16, fiche action 1 of the Lyon convention): modules, their sessions,
the registrations of accredited partners and the two evaluations.

- `TrainingModule` is a tiered object (`hub.access.TieredMixin`): a module restricted to a
  family is seen, with its sessions, only by that family. Its trainers' organisations are
  directory entries, named to a reader only when they may see them
  (`hub.access.visible_objects`), as the agenda names its instance.
- `TrainingSession` hangs from its module (it has no tier of its own): a reader sees a
  session when they see its module (`hub.trainings.rules.visible_sessions`).
- `Registration` holds professional data only (organisation and role as typed by the
  person), never anything about a tenant or a patient.
- `Evaluation`: « à chaud » after the session, « suivi » 12 to 18 months later; scores 1 to
  5 on fixed questions and a free text through the privacy guard. Results are shown only
  aggregated, from three answers (`hub.trainings.results`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.access import TieredMixin
from hub.agenda.models import NO_HEALTH_DATA
from hub.privacy.guard import validate as privacy_guard


class TrainingModule(TieredMixin, models.Model):
    title = models.CharField(_("titre"), max_length=200)
    objectives = models.TextField(_("objectifs"), help_text=NO_HEALTH_DATA)
    length_days = models.PositiveSmallIntegerField(_("durée (jours)"))
    length_days_max = models.PositiveSmallIntegerField(
        _("durée maximale (jours)"),
        null=True,
        blank=True,
        help_text=_("Pour une durée « de 5 à 6 jours » : 6. Vide pour une durée fixe."),
    )
    audience = models.ManyToManyField(
        "accounts.PartnerFamily",
        blank=True,
        related_name="training_modules",
        verbose_name=_("public visé (familles de partenaires)"),
        help_text=_("Le référent d'une de ces familles peut noter les présences."),
    )
    trainer_organisations = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="training_modules",
        verbose_name=_("organismes formateurs"),
    )
    source = models.TextField(_("source"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("module de formation")
        verbose_name_plural = _("modules de formation")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("trainings:module", args=[self.pk])

    @property
    def length_text(self) -> str:
        if self.length_days_max and self.length_days_max != self.length_days:
            return _("%(min)d à %(max)d jours") % {
                "min": self.length_days,
                "max": self.length_days_max,
            }
        return _("%(n)d jour(s)") % {"n": self.length_days}

    def clean(self):
        super().clean()
        if not self.length_days:
            raise ValidationError({"length_days": _("La durée est d'au moins un jour.")})
        if self.length_days_max is not None and self.length_days_max < self.length_days:
            raise ValidationError(
                {"length_days_max": _("La durée maximale ne peut pas être inférieure à la durée.")}
            )


class TrainingSession(models.Model):
    module = models.ForeignKey(
        TrainingModule, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("module")
    )
    start = models.DateTimeField(_("début"), help_text=_("Heure de Paris."))
    end = models.DateTimeField(_("fin"), help_text=_("Heure de Paris."))
    hours = models.PositiveSmallIntegerField(
        _("nombre d'heures de formation"), help_text=_("Imprimé sur l'attestation de présence.")
    )
    place = models.CharField(_("lieu"), max_length=255)
    capacity = models.PositiveSmallIntegerField(_("nombre de places"))
    territory = models.ForeignKey(
        "hub.TerritoryPage",
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("territoire"),
    )
    event = models.ForeignKey(
        "agenda.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_sessions",
        limit_choices_to={"kind": "formation"},
        verbose_name=_("événement de l'agenda"),
        help_text=_("Facultatif : l'événement « formation » de l'agenda."),
    )
    notes = models.TextField(_("informations pratiques"), blank=True, help_text=NO_HEALTH_DATA)
    # Bumped by every registration write: the row lock that serialises them (registration.py).
    places_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["start"]
        verbose_name = _("session de formation")
        verbose_name_plural = _("sessions de formation")

    def __str__(self):
        return f"{self.module} ({timezone.localtime(self.start):%d/%m/%Y})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("trainings:session", args=[self.pk])

    @property
    def has_ended(self) -> bool:
        return self.end <= timezone.now()

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("La fin doit venir après le début.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("Une session a au moins une place.")
        if self.hours is not None and self.hours < 1:
            errors["hours"] = _("Indiquez le nombre d'heures (au moins une).")
        if self.event_id and self.event.kind != "formation":
            errors["event"] = _("Choisissez un événement de type « formation ».")
        if errors:
            raise ValidationError(errors)


class Status(models.TextChoices):
    REGISTERED = "registered", _("inscrit")
    WAITING = "waiting", _("en liste d'attente")
    CANCELLED = "cancelled", _("annulé")
    ATTENDED = "attended", _("présent")


# The statuses that hold a place.
HOLDS_A_PLACE = (Status.REGISTERED, Status.ATTENDED)


class Registration(models.Model):
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_registrations",
        verbose_name=_("personne"),
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, help_text=_("Votre employeur ou votre structure.")
    )
    role = models.CharField(_("fonction"), max_length=200, help_text=_("Par exemple « gardien »."))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.REGISTERED
    )
    created_at = models.DateTimeField(_("inscrit le"), default=timezone.now)
    # The waiting list's order: when the person (re)joined it.
    queued_at = models.DateTimeField(default=timezone.now, editable=False)
    followup_invited_at = models.DateTimeField(
        _("invitation au suivi envoyée le"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["session", "queued_at", "pk"]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="trainings_one_per_person")
        ]

    def __str__(self):
        return f"{self.user} – {self.session}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("trainings:mine")


class EvaluationKind(models.TextChoices):
    HOT = "chaud", _("à chaud")
    FOLLOW_UP = "suivi", _("suivi (12 à 18 mois après)")


# The fixed questions, in order: (field, « à chaud » wording, « suivi » wording).
QUESTIONS = (
    (
        "score_objectives",
        _("Les objectifs annoncés ont été atteints."),
        _("Les objectifs de la formation restent utiles aujourd'hui."),
    ),
    (
        "score_practice",
        _("Le contenu est utile à ma pratique."),
        _("J'utilise dans ma pratique ce que j'ai appris."),
    ),
    (
        "score_network",
        _("La formation m'a fait connaître les partenaires de mon territoire."),
        _("Je travaille depuis avec des partenaires rencontrés en formation."),
    ),
    (
        "score_overall",
        _("Je suis satisfait(e) de la formation dans son ensemble."),
        _("Avec le recul, je recommande cette formation."),
    ),
)
SCORE_FIELDS = tuple(name for name, _hot, _follow in QUESTIONS)


def _score(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Evaluation(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="evaluations"
    )
    kind = models.CharField(_("évaluation"), max_length=6, choices=EvaluationKind.choices)
    score_objectives = _score(_("objectifs"))
    score_practice = _score(_("utilité pour la pratique"))
    score_network = _score(_("connaissance des partenaires"))
    score_overall = _score(_("satisfaction générale"))
    comment = models.TextField(
        _("commentaire"), blank=True, validators=[privacy_guard], help_text=NO_HEALTH_DATA
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"], name="trainings_one_evaluation_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def mean(self) -> float:
        return sum(getattr(self, name) for name in SCORE_FIELDS) / len(SCORE_FIELDS)
