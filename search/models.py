"""The one document shape of Maillage's search (see docs/architecture.md, "Search").

Every searchable thing (a directory entry, a guide chapter, a project sheet, a hub page)
is projected into one `SearchDocument` row: what to show in a result (kind, title,
summary, URL), what to match (a normalised `search_text`), where it is (commune, position),
its facets (one `SearchFacet` row per value, indexed) and its access, from
`hub.access.effective_access`: its most closed tier, and the groups of each of its family
or instance clauses (`SearchDocumentGroup`): a service of family B under a structure of
family A carries both clauses, and only people in both families find it.

Engines filter on those access fields inside their query (`search_filter_terms`), never
after it and never with one clause per restricted object. The rows are derived data:
`manage.py rebuild_search` (or `search.indexing.rebuild()`) rebuilds them from the source
models at any time.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.access import Tier


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        STRUCTURE = "structure", _("Structure")
        SERVICE = "service", _("Service")
        INSTANCE = "instance", _("Instance de coordination")
        SECTOR = "secteur", _("Secteur psychiatrique")
        CHAPTER = "chapitre", _("Chapitre du guide")
        PROJECT = "projet", _("Fiche projet")
        SPACE = "espace", _("Espace partenaires")
        # A file of a collection (PDF, DOCX, ODT...): its title, description and text.
        DOCUMENT = "document", _("Document")
        PAGE = "page", _("Page")

    # Where the document comes from: "app_label.model" and the object's primary key.
    source = models.CharField(_("origine"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    # A finer type shown in results: a structure's kind (CMP, bailleur social...), an
    # instance's kind (CLSM...).
    subkind = models.CharField(_("sous-type"), max_length=40, blank=True)
    subkind_label = models.CharField(_("libellé du sous-type"), max_length=120, blank=True)
    title = models.CharField(_("titre"), max_length=255)
    # A line under the title: the structure of a service, the hospital of a sector...
    subtitle = models.CharField(_("sous-titre"), max_length=255, blank=True)
    summary = models.TextField(_("résumé"), blank=True)
    url = models.CharField(_("adresse"), max_length=255, blank=True)
    # Title, summary, body and place names, lower case and without accents (see
    # `search.text.normalize`): what the database engine matches.
    search_text = models.TextField(_("texte indexé"), blank=True)
    # The readable text of a file (a document's PDF, DOCX, ODT...), as extracted: never
    # matched (`search_text` holds it normalised), only cut into the result's snippet.
    body = models.TextField(_("texte du fichier"), blank=True)
    # What `body` was extracted from (a file's name, size and hash): re-indexing the same
    # file (its collection's restriction changed) reuses the text instead of reading the
    # file again.
    content_key = models.CharField(_("empreinte du fichier"), max_length=200, blank=True)
    commune_code = models.CharField(_("code INSEE"), max_length=5, blank=True)
    commune_name = models.CharField(_("commune"), max_length=100, blank=True)
    address = models.CharField(_("adresse postale"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    verified_on = models.DateField(_("vérifié le"), null=True, blank=True)
    access_tier = models.CharField(
        _("visibilité"), max_length=10, choices=Tier.choices, default=Tier.PUBLIC, db_index=True
    )
    # The groups of each family or instance clause: `SearchDocumentGroup` rows.
    updated_at = models.DateTimeField(_("indexé le"), auto_now=True)

    class Meta:
        verbose_name = _("document de recherche")
        verbose_name_plural = _("documents de recherche")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="search_document_source")
        ]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="search_document_position"),
            models.Index(fields=["kind", "title"], name="search_document_kind_title"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.title}"


class SearchDocumentGroup(models.Model):
    """One group of one family or instance clause of a document (see `hub.access.Access`).

    A document is visible when each of its clauses (rows sharing a `clause` number) names
    one of the reader's groups. A clause restricted to no group at all is one row with no
    group: nobody but administrators passes it."""

    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="clause_groups"
    )
    clause = models.PositiveSmallIntegerField(_("clause"), default=0)
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "clause", "group"], name="search_document_clause_group"
            )
        ]

    def __str__(self):
        return f"{self.document_id} [{self.clause}] -> {self.group_id}"


class SearchFacet(models.Model):
    """One facet value of a document: ("type", "cmp"), ("thematique", "sante"),
    ("commune", "57463")... Filters and counts are indexed look-ups on this table."""

    class Name(models.TextChoices):
        TYPE = "type", _("Type")
        THEMATIQUE = "thematique", _("Thématique")
        PUBLIC = "public", _("Public")
        FAMILY = "famille", _("Famille de partenaires")
        TERRITORY = "territoire", _("Territoire")
        # The communes a document is in, covers or is eligible for (INSEE codes).
        COMMUNE = "commune", _("Commune")

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(_("facette"), max_length=12, choices=Name.choices)
    value = models.CharField(_("valeur"), max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "name", "value"], name="search_facet_unique"
            )
        ]
        indexes = [models.Index(fields=["name", "value", "document"], name="search_facet_lookup")]

    def __str__(self):
        return f"{self.name}={self.value}"


class ZeroResultCount(models.Model):
    """How many searches found nothing, per day: an aggregate for the partnership's
    evaluation. The words searched are NOT kept: a person could type a tenant's name."""

    day = models.DateField(_("jour"), unique=True)
    count = models.PositiveIntegerField(_("recherches sans résultat"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("recherches sans résultat (par jour)")
        verbose_name_plural = _("recherches sans résultat (par jour)")

    def __str__(self):
        return f"{self.day} : {self.count}"

    @classmethod
    def record(cls, day):
        updated = cls.objects.filter(day=day).update(count=models.F("count") + 1)
        if not updated:
            _row, created = cls.objects.get_or_create(day=day, defaults={"count": 1})
            if not created:
                cls.objects.filter(day=day).update(count=models.F("count") + 1)
