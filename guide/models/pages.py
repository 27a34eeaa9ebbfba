"""The guide's pages: the index (/guide/), its parts, and their chapters.

Chapters answer at a short, stable address, `/guide/<chapitre>/` (partners bookmark it),
as well as at their place in the tree, `/guide/<partie>/<chapitre>/`: the index routes a
chapter slug to the chapter, and a chapter's URL is the short one. Chapter slugs are
therefore unique in the whole guide and never take a name the index uses for itself.

A chapter's audience (public, partners, or its owning family) is turned into a Wagtail
`PageViewRestriction` when the chapter is published, never by hand, as for the partner
spaces (`hub.restrictions.DerivedRestrictionMixin`), so that `hub.access` and Wagtail's
serving enforce it on every channel.

The index's routes (glossary, editions, an edition's chapter) render with `self.render`;
what they compute from the models lives with those models. The PDF routes hand the page to
`guide.pdf.views`, which reads the guide only through the pages' methods (it imports no
model of the guide), and is imported on the first PDF asked for: WeasyPrint is heavy.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from guide.models.base import GuideBasePage
from guide.models.editions import GuideEdition
from guide.models.glossary import GlossaryTerm
from guide.rendering import render_chapter_body
from hub.access import Tier, visible_pages
from hub.chrome import cached_fragment
from hub.restrictions import DerivedRestrictionMixin

# Names the index answers itself: a chapter or a part may not take them.
RESERVED_SLUGS = {"glossaire", "editions", "guide-pdf", "en-cas-de-crise", "chapitre-pdf"}


class GuideIndexPage(RoutablePageMixin, GuideBasePage):
    """/guide/: the table of contents, the glossary, the editions and the PDF."""

    menu_section = "guide"  # the main menu's « Guide » (hub/chrome.py)
    max_count = 1
    parent_page_types = ["hub.HomePage"]
    subpage_types = ["guide.GuidePartPage"]
    template = "guide/guide_index_page.html"

    class Meta:
        verbose_name = _("accueil du guide")

    # --- routing ---------------------------------------------------------------------
    def route(self, request, path_components):
        if path_components and self.live:
            slug = path_components[0]
            if not Page.objects.child_of(self).filter(slug=slug).exists():
                chapter = GuideChapterPage.objects.descendant_of(self).filter(slug=slug).first()
                if chapter is not None:
                    # Found under this index: the chapter need not look for it again.
                    chapter.__dict__["_guide_index"] = self
                    return chapter.route(request, path_components[1:])
        return super().route(request, path_components)

    @path("guide.pdf/", name="guide_pdf")
    def guide_pdf_route(self, request):
        try:
            from guide.pdf.views import guide_pdf
        except ImportError:
            raise Http404 from None
        return guide_pdf(request, self)

    @path("glossaire/", name="glossary")
    def glossary_route(self, request):
        terms = GlossaryTerm.alphabetical()
        return self.render(
            request,
            template="guide/glossary.html",
            context_overrides={
                "index": self,
                "letters": GlossaryTerm.by_initial(terms),
                "terms": terms,
            },
        )

    @path("editions/", name="editions")
    def editions_route(self, request):
        return self.render(
            request,
            template="guide/editions.html",
            context_overrides={
                "index": self,
                "editions": GuideEdition.objects.filter(frozen=True),
                "current": GuideEdition.current(),
            },
        )

    @path("editions/<int:edition_id>/", name="edition")
    def edition_route(self, request, edition_id):
        edition = self._frozen_edition_or_404(edition_id)
        parts = []
        for item in edition.readable_chapters(request.user):
            if not parts or parts[-1][0] != item.part_title:
                parts.append((item.part_title, []))
            parts[-1][1].append(item)
        return self.render(
            request,
            template="guide/edition.html",
            context_overrides={
                "index": self,
                "edition": edition,
                "parts": parts,
                "current": GuideEdition.current(),
            },
        )

    @path("editions/<int:edition_id>/<slug:chapter_slug>/", name="edition_chapter")
    def edition_chapter_route(self, request, edition_id, chapter_slug):
        edition = self._frozen_edition_or_404(edition_id)
        item = edition.chapters.filter(slug=chapter_slug).first()
        if item is None:
            raise Http404
        frozen = item.as_page()
        allowed, restricted = item.reader_access(request.user, frozen)
        if restricted:
            request.maillage_restricted = True
        if not allowed:
            return _refuse(request)
        body_html, outline = frozen.render_body(request)
        items = edition.readable_chapters(request.user)
        live = item.chapter if item.chapter_id and item.chapter.live else None
        return self.render(
            request,
            template="guide/edition_chapter.html",
            context_overrides={
                "chapter": frozen,
                "index": self,
                "edition": edition,
                "item": item,
                "body_html": body_html,
                "outline": outline,
                "live_chapter": live,
                **edition.neighbour_links(items, item.slug),
            },
        )

    def _frozen_edition_or_404(self, edition_id):
        edition = self.frozen_edition(edition_id)
        if edition is None:
            raise Http404
        return edition

    # --- reading API (pages, PDF, search) ------------------------------------------------
    def parts(self, user):
        """The live parts `user` may see, in the tree's order."""
        return list(visible_pages(user, GuidePartPage.objects.child_of(self).live()).specific())

    def chapters(self, user):
        """Every live chapter `user` may see, in reading order (part by part)."""
        queryset = GuideChapterPage.objects.descendant_of(self).live().order_by("path")
        return list(visible_pages(user, queryset).specific())

    def outline(self, user):
        """[(part, [chapters])] as `user` may read them; parts without a visible chapter
        are kept (their introduction is public)."""
        chapters = self.chapters(user)
        return [
            (part, [c for c in chapters if c.path.startswith(part.path)])
            for part in self.parts(user)
        ]

    def frozen_edition(self, edition_id):
        """The frozen edition `edition_id` of the guide (None if there is none)."""
        return GuideEdition.objects.filter(pk=edition_id, frozen=True).first()

    def current_edition(self):
        """The latest frozen edition (None before the first one)."""
        return GuideEdition.current()

    @property
    def glossary_url(self):
        return self.url + self.reverse_subpage("glossary")

    @property
    def editions_url(self):
        return self.url + self.reverse_subpage("editions")

    @property
    def pdf_url(self):
        # Served through guide.pdf.urls (Wagtail's page URLs take no dot).
        return self.url + "guide.pdf"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guide_outline"] = self.outline(request.user)
        context["current_edition"] = self.current_edition()
        context["body_html"], context["outline"] = _render_intro_body(self, request)
        return context


class GuidePartPage(GuideBasePage):
    """A part of the guide ("La psychiatrie", "Les procédures"...): a list of chapters."""

    parent_page_types = ["guide.GuideIndexPage"]
    subpage_types = ["guide.GuideChapterPage"]
    template = "guide/guide_part_page.html"

    class Meta:
        verbose_name = _("partie du guide")
        verbose_name_plural = _("parties du guide")

    def clean(self):
        super().clean()
        _check_slug(self, chapter=False)

    def chapters(self, user):
        return list(visible_pages(user, GuideChapterPage.objects.child_of(self).live()).specific())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = self.chapters(request.user)
        context["body_html"], context["outline"] = _render_intro_body(self, request)
        return context


class GuideChapterPage(DerivedRestrictionMixin, RoutablePageMixin, GuideBasePage):
    # Its kind of search result (`search.pages`).
    search_kind = "chapitre"

    class Audience(models.TextChoices):
        PUBLIC = "public", _("public")
        PARTNERS = "partners", _("partenaires seulement")
        FAMILY = "family", _("la famille propriétaire seulement")

    audience = models.CharField(
        _("lecteurs"),
        max_length=10,
        choices=Audience.choices,
        default=Audience.PUBLIC,
        help_text=_(
            "La restriction d'accès de la page découle de ce choix, à la publication ; "
            "elle ne se modifie pas à la main."
        ),
    )

    parent_page_types = ["guide.GuidePartPage"]
    subpage_types = []
    template = "guide/guide_chapter_page.html"
    content_panels = GuideBasePage.content_panels[:2] + [
        FieldPanel("audience"),
        *GuideBasePage.content_panels[2:],
    ]

    class Meta:
        verbose_name = _("chapitre du guide")
        verbose_name_plural = _("chapitres du guide")

    def clean(self):
        super().clean()
        if self.audience == self.Audience.FAMILY and not self.owner_family_id:
            raise ValidationError(
                {"owner_family": _("Un chapitre réservé à sa famille doit avoir une famille.")}
            )
        _check_slug(self, chapter=True)

    # --- access ----------------------------------------------------------------------
    @property
    def tier(self):
        return {
            self.Audience.PUBLIC: Tier.PUBLIC,
            self.Audience.PARTNERS: Tier.PARTNERS,
            self.Audience.FAMILY: Tier.FAMILY,
        }.get(self.audience, Tier.FAMILY)

    def access_groups(self):
        if self.audience == self.Audience.FAMILY and self.owner_family_id:
            return [self.owner_family.group]
        return []

    # --- URLs and routes -------------------------------------------------------------
    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if not parts or parts[2] is None:
            return parts
        site_id, root_url, page_path = parts
        segments = page_path.strip("/").split("/")
        if len(segments) >= 3:
            # /guide/<partie>/<chapitre>/ -> /guide/<chapitre>/
            page_path = "/" + "/".join(segments[:-2] + segments[-1:]) + "/"
        return site_id, root_url, page_path

    @path("chapitre.pdf/", name="chapter_pdf")
    def chapter_pdf_route(self, request):
        try:
            from guide.pdf.views import chapter_pdf
        except ImportError:
            raise Http404 from None
        return chapter_pdf(request, self)

    @property
    def pdf_url(self):
        # Served through guide.pdf.urls (Wagtail's page URLs take no dot).
        return self.url + "chapitre.pdf"

    # --- reading API -----------------------------------------------------------------
    @property
    def part(self):
        return GuidePartPage.objects.filter(pk=self.get_parent().pk).first()

    def render_body(self, request=None):
        """(html, outline) of the body for the reader of `request` (public without), the
        glossary's terms marked."""
        return render_chapter_body(self, request, glossary=GlossaryTerm.entries())

    def neighbours(self, user):
        """(previous, next) chapters in reading order among those `user` may see."""
        index = self.guide_index()
        if index is None:
            return None, None
        # Titles and URLs only: the chapters' bodies are not read.
        queryset = GuideChapterPage.objects.descendant_of(index).live().order_by("path")
        chapters = list(visible_pages(user, queryset).defer_streamfields())
        ids = [c.pk for c in chapters]
        if self.pk not in ids:
            return None, None
        position = ids.index(self.pk)
        previous = chapters[position - 1] if position > 0 else None
        following = chapters[position + 1] if position + 1 < len(chapters) else None
        return previous, following

    def _reading(self, request):
        """The reader's view of the chapter, as plain data (what `cached_fragment` keeps)."""
        body_html, outline = self.render_body(request)
        previous, following = self.neighbours(request.user)
        parent = self.get_parent()
        return {
            "body_html": body_html,
            "outline": outline,
            "previous_chapter": _link(previous),
            "next_chapter": _link(following),
            "part_title": parent.title if parent is not None else "",
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What the chapter shows its reader (body, outline, neighbours, part), kept per
        # audience and emptied with the page cache (issue 20: hub.chrome.cached_fragment):
        # the blocks filter what they show through hub.access, which reads nothing of the
        # reader but the audience.
        context.update(
            cached_fragment(request, f"guide-chapter:{self.pk}", lambda: self._reading(request))
        )
        return context


def _link(page):
    return {"url": page.url, "title": page.title} if page is not None else None


def _render_intro_body(page, request):
    if not page.body:
        return "", []
    return render_chapter_body(page, request)


def _refuse(request):
    """An anonymous reader is sent to the login page, anybody else gets the French 403,
    as `hub.wagtail_hooks` does for pages."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.WAGTAIL_FRONTEND_LOGIN_URL)
    return render(request, "403.html", status=403)


def _check_slug(page, chapter):
    """Chapter slugs are unique in the guide and differ from part slugs and the index's own
    names (the short URL /guide/<chapitre>/ depends on it)."""
    slug = page.slug
    if slug in RESERVED_SLUGS or slug.replace(".", "-") in RESERVED_SLUGS:
        raise ValidationError({"slug": _("Ce nom d'adresse est réservé par le guide.")})
    parent = page.get_parent() if page.path else None
    index = GuideIndexPage.objects.ancestor_of(parent, inclusive=True).first() if parent else None
    if index is None:
        return
    chapters = GuideChapterPage.objects.descendant_of(index).filter(slug=slug)
    parts = GuidePartPage.objects.child_of(index).filter(slug=slug)
    if page.pk:
        chapters, parts = chapters.exclude(pk=page.pk), parts.exclude(pk=page.pk)
    if chapters.exists() or parts.exists():
        raise ValidationError(
            {"slug": _("Une autre partie ou un autre chapitre du guide porte déjà ce nom.")}
        )
