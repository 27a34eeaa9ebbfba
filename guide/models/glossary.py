"""The glossary: one snippet per term, with its variants (plural, expansion of an
acronym...) and a short plain-text definition. The first occurrence of each term in a
chapter is marked up as an accessible definition (see `guide.markup`)."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from guide.markup import GlossaryEntry, fold

DEFINITION_MAX = 500


class GlossaryTerm(index.Indexed, models.Model):
    term = models.CharField(_("terme"), max_length=120, unique=True)
    slug = models.SlugField(
        _("ancre"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Vide : calculée à partir du terme (#terme-<ancre> sur la page du glossaire)."),
    )
    variants = models.TextField(
        _("variantes"),
        blank=True,
        help_text=_("Une par ligne : pluriel, forme développée d'un sigle…"),
    )
    definition = models.TextField(
        _("définition"),
        max_length=DEFINITION_MAX,
        validators=[MaxLengthValidator(DEFINITION_MAX)],
        help_text=_("Texte simple, 500 caractères au plus ; ce que dit l'usage institutionnel."),
    )
    link = models.URLField(_("lien pour en savoir plus"), blank=True)

    panels = [
        FieldPanel("term"),
        FieldPanel("slug"),
        FieldPanel("variants"),
        FieldPanel("definition"),
        FieldPanel("link"),
    ]
    search_fields = [
        index.SearchField("term"),
        index.SearchField("variants"),
        index.SearchField("definition"),
        index.AutocompleteField("term"),
    ]

    class Meta:
        ordering = ["term"]
        verbose_name = _("terme du glossaire")
        verbose_name_plural = _("termes du glossaire")

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.term)[:120] or "terme"
        super().save(*args, **kwargs)

    @property
    def variant_list(self):
        return [line.strip() for line in self.variants.splitlines() if line.strip()]

    def as_entry(self):
        return GlossaryEntry(
            slug=self.slug,
            term=self.term,
            definition=self.definition,
            forms=(self.term, *self.variant_list),
        )

    @property
    def sort_key(self):
        return fold(self.term)

    @classmethod
    def alphabetical(cls):
        """All terms, sorted as a French reader expects (accents and case ignored)."""
        return sorted(cls.objects.all(), key=lambda term: term.sort_key)

    @property
    def initial(self):
        return (self.sort_key[:1] or "#").upper()

    @classmethod
    def entries(cls):
        """Every term as `guide.markup.mark_glossary` marks it in a body."""
        return [term.as_entry() for term in cls.objects.all()]

    @classmethod
    def fingerprint(cls):
        """Every term's fields, in a stable order: what a cached PDF's glossary is made of."""
        return list(
            cls.objects.order_by("pk").values_list(
                "pk", "term", "slug", "variants", "definition", "link"
            )
        )

    @staticmethod
    def by_initial(terms):
        """[(letter, [terms])] of sorted `terms`, for the glossary page's sections."""
        letters = []
        for term in terms:
            if not letters or letters[-1][0] != term.initial:
                letters.append((term.initial, []))
            letters[-1][1].append(term)
        return letters
