"""What every directory entry shares: where its facts come from and who checked them.

The freshness promise ("vérifié le …", flagged after 6 months) reads `verified_on`; the
source says whether a fact comes from a partner, a public register or the demo;
`updated_at` says when the row was last written, which is not a verification.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VerifiedMixin(models.Model):
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("D'où vient l'information : partenaire, registre public, données de démo…"),
    )
    verified_on = models.DateField(_("vérifié le"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vérifié par"),
        null=True,
        blank=True,
        # Removing an account must not remove the entries it checked.
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the row was last written (admin, import, demo): a true date for exports that
    # need one (data·inclusion's `date_maj`), never shown as a verification.
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True, null=True, editable=False)

    class Meta:
        abstract = True
