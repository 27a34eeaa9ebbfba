"""Events of the agenda, and the secret addresses of personal calendar feeds.

An event has a tier like every tiered object of the hub (`hub.access.TieredMixin`: public,
partners, one or more partner families, one coordination instance); lists, pages and
feeds read events through `hub.access.visible_objects`, one filter whatever the number of
restricted events. Its agenda and minutes are links to documents or pages that keep their
own access: the minutes may be more restricted than the event, and a link is shown only
to who may see its target (`hub.agenda.links`).

Its coordination instance is not containment: the event stays visible when the instance
is not, and the instance is then simply not named (`hub.access.visible_related`).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.access import TieredMixin
from hub.agenda import recurrence
from hub.agenda.recurrence import Frequency

NO_HEALTH_DATA = _(
    "Aucune donnée de santé nominative : ni nom, ni situation identifiable d'un locataire "
    "ou d'un patient."
)


class EventKind(models.TextChoices):
    STEERING = "comite-pilotage", _("comité de pilotage")
    PROJECT = "comite-projet", _("comité de projet")
    PLENARY = "pleniere", _("plénière")
    INSTANCES_MEETING = "rencontre-instances", _("rencontre annuelle des instances")
    CLSM_ASSEMBLY = "assemblee-clsm", _("assemblée de CLSM")
    SISM = "sism", _("Semaines d'information sur la santé mentale (SISM)")
    TRAINING = "formation", _("formation")
    WORKING_GROUP = "groupe-travail", _("groupe de travail")
    OTHER = "autre", _("autre")


class Event(TieredMixin, models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=24, choices=EventKind.choices)
    territory = models.ForeignKey(
        "hub.TerritoryPage",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("territoire"),
    )
    coordination_instance = models.ForeignKey(
        "directory.CoordinationInstance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("instance de coordination"),
    )
    description = models.TextField(_("présentation"), blank=True, help_text=NO_HEALTH_DATA)
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    video_url = models.URLField(_("lien de visioconférence"), blank=True)
    start = models.DateTimeField(_("début"), help_text=_("Heure de Paris."))
    end = models.DateTimeField(_("fin"), help_text=_("Heure de Paris."))
    recurrence_frequency = models.CharField(
        _("répétition"), max_length=8, choices=Frequency.choices, blank=True, default=""
    )
    recurrence_interval = models.PositiveSmallIntegerField(
        _("intervalle"),
        default=1,
        help_text=_("Par exemple 2 avec « tous les mois » : tous les deux mois."),
    )
    recurrence_until = models.DateField(_("dernière date de la série"), null=True, blank=True)
    recurrence_count = models.PositiveSmallIntegerField(
        _("nombre de séances"), null=True, blank=True
    )
    cancelled_dates = models.TextField(
        _("séances annulées"),
        blank=True,
        help_text=_(
            "Une date par ligne, au format JJ/MM/AAAA : la séance de la série prévue ce jour-là "
            "n'a pas lieu (elle disparaît de l'agenda et des abonnements)."
        ),
    )
    agenda_document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ordre du jour (document)"),
    )
    agenda_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ordre du jour (page)"),
    )
    minutes_document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte rendu (document)"),
        help_text=_(
            "Il garde sa propre confidentialité : seuls ceux qui peuvent le lire voient le lien."
        ),
    )
    minutes_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte rendu (page)"),
        help_text=_(
            "Par exemple la réunion dans un espace partenaires : seuls ses membres voient le lien."
        ),
    )
    # The end of the last meeting of the series, kept for the lists' and feeds' filters.
    series_end = models.DateTimeField(editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        indexes = [models.Index(fields=["start"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.recurrence_frequency:
            self.recurrence_until = self.recurrence_count = None
            self.recurrence_interval = 1
        self.series_end = recurrence.series_end(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "series_end"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("agenda:event", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("La fin doit venir après le début.")
        if not self.place.strip() and not self.video_url:
            errors["place"] = _("Indiquez un lieu ou un lien de visioconférence.")
        if self.recurrence_frequency:
            if not self.recurrence_until and not self.recurrence_count:
                errors["recurrence_until"] = _(
                    "Une réunion récurrente doit avoir une fin : indiquez la dernière date "
                    "de la série ou le nombre de séances."
                )
            elif self.recurrence_until and self.recurrence_count:
                errors["recurrence_count"] = _(
                    "Indiquez la dernière date ou le nombre de séances, pas les deux."
                )
            elif self.recurrence_count and self.recurrence_count > recurrence.MAX_OCCURRENCES:
                errors["recurrence_count"] = _("Au plus %(n)d séances.") % {
                    "n": recurrence.MAX_OCCURRENCES
                }
            elif (
                self.recurrence_until
                and self.start
                and self.recurrence_until < timezone.localdate(self.start)
            ):
                errors["recurrence_until"] = _(
                    "La dernière date de la série ne peut pas précéder le début."
                )
            if not self.recurrence_interval:
                errors["recurrence_interval"] = _("L'intervalle est au moins 1.")
        if self.cancelled_dates.strip() and not errors:
            self._clean_cancelled_dates(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_cancelled_dates(self, errors):
        """Each cancelled day is a meeting day of the series; written back one per line."""
        try:
            days = recurrence.parse_days(self.cancelled_dates)
        except ValueError as bad:
            errors["cancelled_dates"] = _(
                "« %(value)s » n'est pas une date au format JJ/MM/AAAA."
            ) % {"value": bad.args[0]}
            return
        if not self.recurrence_frequency:
            errors["cancelled_dates"] = _(
                "Seule une séance d'une réunion récurrente s'annule ici ; un événement unique "
                "se supprime ou change de date."
            )
            return
        meeting_days = {
            begin.astimezone(recurrence.PARIS).date() for begin in recurrence.rule_for(self)
        }
        strangers = [day for day in days if day not in meeting_days]
        if strangers:
            errors["cancelled_dates"] = _(
                "Pas de séance de la série le %(days)s : vérifiez la date."
            ) % {"days": ", ".join(day.strftime("%d/%m/%Y") for day in strangers)}
            return
        self.cancelled_dates = recurrence.format_days(days)

    def occurrences(self, after=None, before=None):
        return recurrence.occurrences(self, after, before)

    @property
    def cancelled_upcoming(self):
        """The cancelled meetings still to come, for the event's page."""
        today = timezone.localdate()
        return [day for day in sorted(recurrence.cancelled_days(self)) if day >= today]

    @property
    def recurrence_text(self):
        return recurrence.describe(self)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class FeedTokenQuerySet(models.QuerySet):
    def for_token(self, token: str):
        """The active token row for `token` (None when unknown or revoked)."""
        if not token or len(token) > 100:
            return None
        return self.filter(digest=_digest(token)).select_related("user").first()


class FeedToken(models.Model):
    """The secret address of one person's calendar feed. Only its SHA-256 digest is kept:
    the address is shown once, when it is made; revoking deletes the row, regenerating
    replaces it, and the old address answers 404 from then on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_feed"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("créée le"))

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("adresse d'abonnement à l'agenda")
        verbose_name_plural = _("adresses d'abonnement à l'agenda")

    def __str__(self):
        return f"{self.user_id} ({self.created_at:%Y-%m-%d})"

    @classmethod
    def issue(cls, user) -> str:
        """A new secret for `user` (the previous one stops working); returns the token."""
        token = secrets.token_urlsafe(32)
        cls.objects.update_or_create(
            user=user, defaults={"digest": _digest(token), "created_at": timezone.now()}
        )
        return token

    @classmethod
    def revoke(cls, user) -> None:
        cls.objects.filter(user=user).delete()
