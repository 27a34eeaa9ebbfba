"""The register of erasures: which people were erased, as hashes, and when.

A backup made before an erasure still holds the person. Archives cannot be rewritten, so
`restore_site` replays this register after loading one (`hub.privacy.register.replay`).
The register keeps no name nor address: only a SHA-256 of the normalised e-mail address
or telephone number, enough to recognise the person again in a restored database.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureRecord(models.Model):
    class Kind(models.TextChoices):
        EMAIL = "email", _("adresse électronique")
        PHONE = "telephone", _("téléphone")

    hashed_identifier = models.CharField(_("empreinte"), max_length=64, unique=True)
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices)
    erased_at = models.DateTimeField(_("effacée le"))
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("effacée par"),
    )

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("effacement")
        verbose_name_plural = _("registre des effacements")

    def __str__(self):
        return f"#{self.hashed_identifier[:8]} ({self.erased_at:%d/%m/%Y})"
