"""What the evaluation dashboard keeps itself.

- `ProjectFigure`: a yearly figure typed by a territory for one project sheet (households
  accompanied, dwellings), with its source, entered in the admin. The dashboard shows it
  only to who may see the project sheet (`hub.access.visible_pages`).
- `PageViewCount`: how many HTML pages were served per section of the site and per month.
  No cookie, no address, no account, no path: a section and a month, nothing per person.
  The middleware counts in the cache; `flush_page_views` adds the counts to these rows.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.privacy.guard import validate as no_health_data

SOURCE_HELP = _(
    "D'où vient le chiffre (document, date, phrase citée). Aucune donnée de santé nominative."
)


class ProjectFigure(models.Model):
    class Kind(models.TextChoices):
        HOUSEHOLDS = "menages", _("ménages accompagnés")
        DWELLINGS = "logements", _("logements")

    project = models.ForeignKey(
        "hub.ProjectSheetPage",
        on_delete=models.CASCADE,
        related_name="evaluation_figures",
        verbose_name=_("fiche projet"),
    )
    kind = models.CharField(_("indicateur"), max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.PositiveIntegerField(_("valeur"))
    source = models.TextField(_("source"), help_text=SOURCE_HELP, validators=[no_health_data])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project__title", "kind", "-year"]
        verbose_name = _("chiffre annuel d'un projet")
        verbose_name_plural = _("chiffres annuels des projets")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "year"], name="evaluation_one_figure_per_year"
            )
        ]

    def __str__(self):
        return f"{self.project} · {self.get_kind_display()} {self.year} : {self.value}"


class PageViewCount(models.Model):
    section = models.CharField(_("rubrique"), max_length=20)
    month = models.DateField(_("mois"), help_text=_("Le premier jour du mois."))
    count = models.PositiveBigIntegerField(_("pages vues"), default=0)

    class Meta:
        ordering = ["-month", "section"]
        verbose_name = _("pages vues (par rubrique et par mois)")
        verbose_name_plural = _("pages vues (par rubrique et par mois)")
        constraints = [
            models.UniqueConstraint(fields=["section", "month"], name="evaluation_one_count")
        ]

    def __str__(self):
        return f"{self.section} {self.month:%Y-%m} : {self.count}"
