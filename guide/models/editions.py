"""Editions of the guide. Lyon printed the guide twice; the hub keeps each edition readable.

Freezing an edition records, for every live chapter at that moment, the revision that is
live (and a copy of its content, so that the edition stays readable even if the chapter
is deleted later). A frozen edition never changes; the chapters go on living.

Frozen chapters pass the same access check as live ones (`EditionChapter.reader_access`):
the audience they had when the edition was frozen AND the restrictions of the chapter
today (if it still exists). The pages of an edition and its PDF both ask it.
"""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision

from hub.access import Tier, audience_for, can_view_page


class GuideEdition(models.Model):
    name = models.CharField(_("nom"), max_length=120, help_text=_("Par exemple « Édition 2026 »."))
    date = models.DateField(_("date de l'édition"))
    summary = models.TextField(_("résumé des changements"), blank=True)
    frozen = models.BooleanField(_("gelée"), default=False, editable=False)
    frozen_at = models.DateTimeField(_("gelée le"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("édition du guide")
        verbose_name_plural = _("éditions du guide")

    def __str__(self):
        return self.name

    @property
    def url(self):
        """/guide/editions/<pk>/ (empty while the guide has no live index)."""
        from guide.models.pages import GuideIndexPage

        index = GuideIndexPage.objects.live().first()
        if index is None:
            return ""
        return index.url + index.reverse_subpage("edition", args=[self.pk])

    edition_url = url

    @classmethod
    def current(cls):
        """The latest frozen edition (None before the first one)."""
        return cls.objects.filter(frozen=True).order_by("-date", "-pk").first()

    def readable_chapters(self, user):
        """The edition's chapters (`EditionChapter`) that `user` may read, in order."""
        items = []
        for item in self.chapters.select_related("chapter"):
            allowed, _restricted = item.reader_access(user, item.as_page())
            if allowed:
                items.append(item)
        return items

    def neighbour_links(self, items, slug):
        """The links to the chapters before and after `slug` among `items`, the chapters
        of the edition a reader may read (`readable_chapters`)."""
        slugs = [item.slug for item in items]
        position = slugs.index(slug) if slug in slugs else -1
        previous = items[position - 1] if position > 0 else None
        following = items[position + 1] if 0 <= position < len(items) - 1 else None
        return {
            "previous_url": f"{self.url}{previous.slug}/" if previous else "",
            "previous_title": previous.title if previous else "",
            "next_url": f"{self.url}{following.slug}/" if following else "",
            "next_title": following.title if following else "",
        }

    @transaction.atomic
    def freeze(self, index=None):
        """Record the live revision of every live chapter. Freezing twice does nothing."""
        from guide.models.pages import GuideChapterPage, GuideIndexPage

        locked = GuideEdition.objects.select_for_update().get(pk=self.pk)
        if locked.frozen:
            self.frozen, self.frozen_at = locked.frozen, locked.frozen_at
            return False
        index = index or GuideIndexPage.objects.first()
        chapters = (
            GuideChapterPage.objects.descendant_of(index).live().order_by("path")
            if index
            else GuideChapterPage.objects.none()
        )
        for position, chapter in enumerate(chapters):
            revision = chapter.live_revision or chapter.latest_revision
            if revision is None:
                revision = chapter.save_revision(log_action=False)
            part = chapter.get_parent()
            EditionChapter.objects.create(
                edition=self,
                chapter=chapter,
                revision=revision,
                content=revision.content,
                slug=chapter.slug,
                title=chapter.title,
                part_title=part.title,
                sort_order=position,
            )
        self.frozen = True
        self.frozen_at = timezone.now()
        self.save(update_fields=["frozen", "frozen_at"])
        return True


class EditionChapter(models.Model):
    edition = models.ForeignKey(
        GuideEdition, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("édition")
    )
    chapter = models.ForeignKey(
        "guide.GuideChapterPage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("chapitre"),
    )
    revision = models.ForeignKey(
        Revision, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("révision")
    )
    content = models.JSONField(_("contenu gelé"))
    slug = models.SlugField(_("adresse"), max_length=255)
    title = models.CharField(_("titre"), max_length=255)
    part_title = models.CharField(_("partie"), max_length=255)
    sort_order = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["edition", "sort_order"]
        verbose_name = _("chapitre d'une édition")
        verbose_name_plural = _("chapitres d'une édition")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="edition_chapter_unique_slug")
        ]

    def __str__(self):
        return f"{self.edition} : {self.title}"

    def as_page(self):
        """The chapter as it was when the edition was frozen (not saved, never served
        directly)."""
        from guide.models.pages import GuideChapterPage

        if self.revision is not None and self.revision.content_object is not None:
            return self.revision.as_object()
        return GuideChapterPage.from_serializable_data(self.content, check_fks=False)

    def reader_access(self, user, frozen):
        """(may read, is restricted) of this chapter for `user`; `frozen` is `as_page()`."""
        from guide.models.pages import GuideChapterPage

        groups = [group.pk for group in frozen.access_groups()] if frozen.owner_family_id else []
        restricted = frozen.tier != Tier.PUBLIC
        allowed = audience_for(user).reaches(frozen.tier, groups)
        live = (
            GuideChapterPage.objects.filter(pk=self.chapter_id).first() if self.chapter_id else None
        )
        if live is not None:
            restricted = restricted or live.get_view_restrictions().exists()
            allowed = allowed and can_view_page(user, live)
        return allowed, restricted
