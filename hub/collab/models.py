"""What members put into a space: contributions waiting for approval, comments, and the
space's moderation setting.

A contribution's file waits in a private storage (`hub.collab.files.pending_storage`),
outside MEDIA_ROOT and never served by address: only its author and the space's managers
download it, through a view that asks `hub.access`. It becomes a Wagtail document in the
space's collection only when approved, and so inherits the space's access.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.collab.files import pending_path, pending_storage
from hub.models.spaces import NO_HEALTH_DATA
from hub.privacy.guard import validate as no_health_data


class Contribution(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("document")
        AGENDA = "agenda", _("ordre du jour")
        MINUTES = "minutes", _("compte rendu")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposée")
        PUBLISHED = "published", _("publiée")
        REFUSED = "refused", _("refusée")

    space = models.ForeignKey(
        "hub.PartnerSpacePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("espace"),
    )
    # Where the contribution shows once published: the space itself, one of its document
    # libraries, or a meeting (its agenda or minutes). Always the space or inside it.
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200, validators=[no_health_data])
    description = models.TextField(
        _("description"), blank=True, max_length=1000, validators=[no_health_data]
    )
    file = models.FileField(
        _("fichier"), storage=pending_storage, upload_to=pending_path, max_length=200, blank=True
    )
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    reason = models.TextField(_("motif du refus"), blank=True, validators=[no_health_data])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    # The published document (in the space's collection). Deleted by an administrator:
    # the contribution stays, without a document, and is listed nowhere.
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document publié"),
    )

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["space", "status", "-decided_at"])]

    def __str__(self):
        return self.title


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("publié")
        PENDING = "pending", _("en attente de modération")

    space = models.ForeignKey(
        "hub.PartnerSpacePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("espace")
    )
    # The commented meeting, or for a document the space (the page it is discussed from).
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    text = models.TextField(
        _("commentaire"), max_length=3000, validators=[no_health_data], help_text=NO_HEALTH_DATA
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["space", "status", "-created_at"])]

    def __str__(self):
        return self.text[:60]


class SpaceModeration(models.Model):
    """Per space: do members' comments wait for a manager's approval? (Contributions of
    files always do, unless their author manages the space.)"""

    space = models.OneToOneField(
        "hub.PartnerSpacePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("espace"),
    )
    moderate_comments = models.BooleanField(
        _("les commentaires attendent une validation"), default=False
    )

    class Meta:
        verbose_name = _("modération d'un espace")

    def __str__(self):
        return str(self.space_id)
