"""Partner spaces under /espace-partenaires/: the collaborative side of the hub.

A space belongs to one audience: all partners, one partner family, or one coordination
instance (or working group). Its page restriction and the privacy of its document
collection are *derived* from that audience every time the space is saved, and put back
if someone changes them by hand (`hub.restrictions`): a space can never become public by
a slip in the privacy dialog.

Inside a space: working groups, meetings (agenda and minutes) and document libraries.
Their `parent_page_types` keep them inside spaces, so that a move cannot take them out.
Images are always public in Wagtail, so spaces hold documents, never images.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail.search import index

from hub.access import Tier, person_for, visible_documents, visible_pages
from hub.blocks.content import RICH_FEATURES
from hub.models.base import HubBasePage
from hub.restrictions import DerivedRestrictionMixin

NO_HEALTH_DATA = _(
    "Aucune donnée de santé nominative : ni nom, ni situation identifiable d'un locataire "
    "ou d'un patient. Les situations se discutent en instance, pas sur le hub."
)


class SpaceDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    description = blocks.CharBlock(label=_("description"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        template = "hub/blocks/space_document.html"
        label = _("Document de l'espace")
        description = _("Un document déposé dans la collection de l'espace.")
        preview_value = {"description": "Compte rendu de la plénière"}


SPACE_DOCUMENTS = [("document", SpaceDocumentBlock())]


class PartnerSpaceIndexPage(DerivedRestrictionMixin, HubBasePage):
    """/espace-partenaires/: the list of the spaces the reader may enter (partners only)."""

    # Its kind of search result (`search.pages`).
    search_kind = "espace"

    # The index itself is for accredited partners.
    tier = Tier.PARTNERS
    sync_on_save = True
    max_count = 1
    parent_page_types = ["hub.HomePage"]
    subpage_types = ["hub.PartnerSpacePage"]

    class Meta:
        verbose_name = _("accueil des espaces partenaires")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["spaces"] = visible_pages(
            request.user, PartnerSpacePage.objects.child_of(self).live()
        ).select_related("family", "instance")
        person = person_for(request.user)
        context["coordinates_an_instance"] = bool(person and person.coordinates_an_instance)
        return context


class PartnerSpacePage(DerivedRestrictionMixin, HubBasePage):
    # Its kind of search result (`search.pages`).
    search_kind = "espace"

    class Audience(models.TextChoices):
        PARTNERS = "partners", _("tous les partenaires")
        FAMILY = "family", _("une famille de partenaires")
        INSTANCE = "instance", _("une instance de coordination ou un groupe de travail")

    audience = models.CharField(
        _("réservé à"), max_length=10, choices=Audience.choices, default=Audience.PARTNERS
    )
    family = models.ForeignKey(
        "accounts.PartnerFamily",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="spaces",
        verbose_name=_("famille de partenaires"),
    )
    instance = models.ForeignKey(
        "directory.CoordinationInstance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="spaces",
        verbose_name=_("instance de coordination"),
    )
    sync_on_save = True
    parent_page_types = ["hub.PartnerSpaceIndexPage"]
    subpage_types = ["hub.WorkingGroupPage", "hub.MeetingPage", "hub.DocumentLibraryPage"]
    content_panels = HubBasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("family"), FieldPanel("instance")],
            heading=_("Qui entre dans cet espace ?"),
            help_text=_(
                "La restriction d'accès de la page et la confidentialité de ses documents "
                "découlent de ce choix ; elles ne se modifient pas à la main."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("espace partenaires")
        verbose_name_plural = _("espaces partenaires")

    def clean(self):
        super().clean()
        if self.audience == self.Audience.FAMILY and not self.family_id:
            raise ValidationError({"family": _("Choisissez la famille de partenaires.")})
        if self.audience == self.Audience.INSTANCE and not self.instance_id:
            raise ValidationError({"instance": _("Choisissez l'instance de coordination.")})

    @property
    def tier(self):
        return {
            self.Audience.PARTNERS: Tier.PARTNERS,
            self.Audience.FAMILY: Tier.FAMILY,
            self.Audience.INSTANCE: Tier.INSTANCE,
        }[self.audience]

    def access_groups(self):
        """The groups that open the space (none for the all-partners space)."""
        if self.audience == self.Audience.FAMILY and self.family_id:
            return [self.family.group]
        if self.audience == self.Audience.INSTANCE and self.instance_id:
            return [self.instance.group]
        return []

    def sync_access(self):
        """Derive the page restriction and the collection's privacy from the audience (an
        incomplete space is closed to everyone but administrators)."""
        restriction_type, groups = self.derived_restriction()
        self.set_page_restriction(restriction_type, groups)
        self.set_collection_restriction(self.ensure_collection(), restriction_type, groups)

    @classmethod
    def for_collection(cls, collection_id):
        return cls.objects.filter(collection_link__collection_id=collection_id).first()

    @property
    def collection(self):
        link = SpaceCollection.objects.filter(space=self).select_related("collection").first()
        return link.collection if link else None

    def ensure_collection(self):
        """The space's own document collection, created with the space. The link lives
        outside the page (not in its revisions), so publishing an old revision cannot
        detach it."""
        collection = self.collection
        if collection is None:
            root = Collection.get_first_root_node()
            collection = root.add_child(name=f"Espace : {self.title}"[:240] + f" ({self.pk})")
            SpaceCollection.objects.create(space=self, collection=collection)
        return collection

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(children_by_kind(request.user, self))
        return context


class SpaceCollection(models.Model):
    space = models.OneToOneField(
        PartnerSpacePage, on_delete=models.CASCADE, related_name="collection_link"
    )
    collection = models.OneToOneField(
        Collection, on_delete=models.PROTECT, related_name="partner_space_link"
    )

    class Meta:
        verbose_name = _("collection d'un espace")

    def __str__(self):
        return str(self.collection)


class WorkingGroupPage(DerivedRestrictionMixin, HubBasePage):
    """A working group of a space. It may be reserved to its own members (issue 17): a
    Django group of its own, named by a view restriction on the page *below* the space's,
    so that a reader must pass both (Wagtail and `hub.access` compose restrictions along
    ancestors): the group's audience is the space's AND its member list, never wider, and
    a person removed from the space loses the group too. Its meetings and libraries follow
    (they are below it), and so do its documents (its own collection, under the space's,
    restricted likewise).

    Whether it is reserved, and to whom, lives in `WorkingGroupAudience`, outside the page
    and its revisions: a draft or an old revision can never open it."""

    # Its kind of search result (`search.pages`).
    search_kind = "espace"
    # Synced from its audience record on every save (never from draft fields).
    sync_on_save = True

    mandate = RichTextField(_("mandat"), features=RICH_FEATURES, blank=True)
    members = models.TextField(
        _("organisations membres"), blank=True, help_text=_("Une organisation par ligne.")
    )

    parent_page_types = ["hub.PartnerSpacePage"]
    subpage_types = ["hub.MeetingPage", "hub.DocumentLibraryPage"]
    content_panels = HubBasePage.content_panels + [FieldPanel("mandate"), FieldPanel("members")]
    search_fields = HubBasePage.search_fields + [index.SearchField("mandate")]

    class Meta:
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")

    @property
    def member_list(self):
        return [line.strip() for line in self.members.splitlines() if line.strip()]

    @property
    def audience_record(self):
        return WorkingGroupAudience.objects.filter(page_id=self.pk).select_related("group").first()

    @property
    def is_reserved(self):
        record = self.audience_record
        return record is not None and record.restricted

    @property
    def tier(self):
        # A group tier when reserved (the page adds its own group to the space's
        # restriction); otherwise it adds nothing and inherits the space's.
        return Tier.FAMILY if self.is_reserved else Tier.PUBLIC

    def access_groups(self):
        record = self.audience_record
        return [record.group] if record is not None and record.restricted else []

    def sync_access(self):
        """Reserved: exactly one restriction, to the group's own Django group, on the page
        and on its collection. Open: remove what a reservation wrote (restrictions naming
        the group), and leave anything else an administrator set."""
        record = self.audience_record
        if record is not None and record.restricted:
            self.set_page_restriction(PageViewRestriction.GROUPS, [record.group])
            if record.collection_id:
                self.set_collection_restriction(
                    record.collection, PageViewRestriction.GROUPS, [record.group]
                )
            return
        if record is not None:
            PageViewRestriction.objects.filter(page=self, groups=record.group).delete()
            if record.collection_id:
                CollectionViewRestriction.objects.filter(
                    collection_id=record.collection_id
                ).delete()

    @classmethod
    def for_collection(cls, collection_id):
        record = WorkingGroupAudience.objects.filter(collection_id=collection_id).first()
        return cls.objects.filter(pk=record.page_id).first() if record else None

    def space(self):
        return PartnerSpacePage.objects.ancestor_of(self).first()

    def get_context(self, request, *args, **kwargs):
        from hub.access import manages_space

        context = super().get_context(request, *args, **kwargs)
        context.update(children_by_kind(request.user, self))
        space = self.space()
        context["reserved"] = self.is_reserved
        context["manages_group"] = space is not None and manages_space(request.user, space)
        return context


class WorkingGroupAudience(models.Model):
    """Who may read a working group, kept outside the page (not in its revisions): its
    own Django group (its members), whether the page is reserved to them, and the
    collection of its documents (a child of the space's). Changed only through
    `hub.accounts.working_groups`, by the space's managers."""

    page = models.OneToOneField(
        WorkingGroupPage, on_delete=models.CASCADE, related_name="audience_link"
    )
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="working_group_audience"
    )
    collection = models.OneToOneField(
        Collection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_group_link",
    )
    restricted = models.BooleanField(_("réservé aux membres du groupe"), default=False)

    class Meta:
        verbose_name = _("audience d'un groupe de travail")

    def __str__(self):
        return str(self.group)


class MeetingPage(HubBasePage):
    # Its kind of search result (`search.pages`).
    search_kind = "espace"

    class MinutesStatus(models.TextChoices):
        NONE = "none", _("pas encore de compte rendu")
        DRAFT = "draft", _("compte rendu provisoire")
        APPROVED = "approved", _("compte rendu validé")

    date = models.DateTimeField(_("date et heure"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    agenda = RichTextField(_("ordre du jour"), features=RICH_FEATURES, blank=True)
    minutes = RichTextField(
        _("compte rendu"), features=RICH_FEATURES, blank=True, help_text=NO_HEALTH_DATA
    )
    minutes_status = models.CharField(
        _("état du compte rendu"),
        max_length=10,
        choices=MinutesStatus.choices,
        default=MinutesStatus.NONE,
    )
    documents = StreamField(SPACE_DOCUMENTS, blank=True, verbose_name=_("documents"))

    parent_page_types = ["hub.PartnerSpacePage", "hub.WorkingGroupPage"]
    subpage_types = []
    content_panels = HubBasePage.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("place")]),
        FieldPanel("agenda"),
        FieldPanel("minutes_status"),
        FieldPanel("minutes"),
        FieldPanel("documents"),
    ]
    search_fields = HubBasePage.search_fields + [
        index.SearchField("agenda"),
        index.SearchField("minutes"),
    ]

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["visible_documents"] = visible_space_documents(request.user, self.documents)
        return context


class DocumentLibraryPage(HubBasePage):
    # Its kind of search result (`search.pages`).
    search_kind = "espace"

    documents = StreamField(SPACE_DOCUMENTS, blank=True, verbose_name=_("documents"))

    parent_page_types = ["hub.PartnerSpacePage", "hub.WorkingGroupPage"]
    subpage_types = []
    content_panels = HubBasePage.content_panels + [FieldPanel("documents")]

    class Meta:
        verbose_name = _("bibliothèque de documents")
        verbose_name_plural = _("bibliothèques de documents")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["visible_documents"] = visible_space_documents(request.user, self.documents)
        return context


def collection_for(page):
    """The collection a document added under `page` belongs in: the nearest reserved
    working group's own collection, else the space's (so that a document follows the
    audience of the page it is added under)."""
    for ancestor in page.get_ancestors(inclusive=True).type(WorkingGroupPage).specific():
        record = ancestor.audience_record
        if record is not None and record.restricted and record.collection_id:
            return record.collection
    space = PartnerSpacePage.objects.ancestor_of(page, inclusive=True).first()
    return space.ensure_collection() if space is not None else None


def children_by_kind(user, page):
    """The live children of a space or working group that `user` may see, sorted for the
    page: working groups, meetings (latest first), document libraries."""
    children = visible_pages(user, page.get_children().live()).specific()
    return {
        "working_groups": [p for p in children if isinstance(p, WorkingGroupPage)],
        "meetings": sorted(
            (p for p in children if isinstance(p, MeetingPage)),
            key=lambda meeting: meeting.date,
            reverse=True,
        ),
        "libraries": [p for p in children if isinstance(p, DocumentLibraryPage)],
    }


def visible_space_documents(user, stream):
    """The stream's documents that `user` may open, in order (defence in depth: a
    document chosen from another space's collection is not listed to outsiders)."""
    chosen = [block.value for block in stream if block.value.get("document")]
    ids = {value["document"].pk for value in chosen}
    allowed = set(visible_documents(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [value for value in chosen if value["document"].pk in allowed]


__all__ = [
    "DocumentLibraryPage",
    "MeetingPage",
    "PartnerSpaceIndexPage",
    "PartnerSpacePage",
    "WorkingGroupAudience",
    "WorkingGroupPage",
    "collection_for",
]
