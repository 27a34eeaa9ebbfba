"""Error reports ("signaler une erreur"): anyone may tell the partnership that an entry is
wrong, without an account. A report never changes the entry: it waits in moderation until
an editor checks the fact, corrects the entry if need be, and closes the report.

A report is about a professional entry, never about a person: the form says so, and the
text goes through the privacy guard (`hub.privacy.guard`: no social-security number, no
date of birth, no named person's diagnosis). The e-mail address is optional (to answer
the reporter) and is erased when the report is closed.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErrorReport(models.Model):
    class Topic(models.TextChoices):
        ADDRESS = "adresse", _("Adresse ou localisation")
        PHONE = "telephone", _("Téléphone")
        EMAIL = "courriel", _("Courriel")
        HOURS = "horaires", _("Horaires")
        COVERAGE = "territoire", _("Territoire couvert")
        CLOSED = "fermeture", _("La structure a fermé ou a changé de nom")
        OTHER = "autre", _("Autre")

    class Status(models.TextChoices):
        NEW = "nouveau", _("nouveau")
        IN_PROGRESS = "en-cours", _("en cours")
        FIXED = "corrige", _("corrigé")
        REJECTED = "rejete", _("rejeté")

    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("type d'entrée")
    )
    object_id = models.PositiveBigIntegerField(_("identifiant de l'entrée"))
    entry = GenericForeignKey("content_type", "object_id")
    entry_label = models.CharField(
        _("entrée signalée"),
        max_length=255,
        help_text=_("Le nom de l'entrée au moment du signalement."),
    )
    topic = models.CharField(_("sujet"), max_length=12, choices=Topic.choices)
    message = models.TextField(_("ce qui est inexact"), max_length=2000)
    reporter_email = models.EmailField(
        _("courriel pour vous répondre"),
        blank=True,
        help_text=_("Facultatif. Effacé à la clôture du signalement."),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traité par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    moderator_note = models.TextField(_("note de modération"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signalement d'erreur")
        verbose_name_plural = _("signalements d'erreur")
        indexes = [models.Index(fields=["content_type", "object_id"], name="report_entry")]

    def __str__(self):
        return f"{self.entry_label} : {self.get_topic_display()}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES
