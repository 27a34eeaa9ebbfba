""" "Who to contact": live entries of the directory, as the reader may see them.

The block stores a choice (a kind of structure and/or of coordination instance, and
optionally a commune), never a copy of the entries: the page always shows the directory
as it is today. Every list goes through `hub.access.visible_objects` and every contact
line through `can_view_field` (via `directory.who_covers.contact_card`), with the user of
the request in the block's parent context; without a request (a PDF built for a tier, a
preview) the public view is shown.
"""

from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from directory.models import CoordinationInstance, Organisation, OrganisationKind
from directory.who_covers import contact_card
from hub.access import visible_objects

INSEE = RegexValidator(r"^\d[\dAB]\d{3}$", _("Un code INSEE compte 5 caractères (57463, 2A004)."))
MAX_ENTRIES = 12


def _blank(choices):
    return [("", "---------")] + list(choices)


class WhoToContactBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre"), max_length=200, default=_("Qui contacter ?"))
    organisation_kind = blocks.ChoiceBlock(
        choices=_blank(OrganisationKind.choices),
        required=False,
        label=_("type de structure"),
    )
    instance_kind = blocks.ChoiceBlock(
        choices=_blank(CoordinationInstance.Kind.choices),
        required=False,
        label=_("type d'instance de coordination"),
    )
    commune_code = blocks.CharBlock(
        label=_("code INSEE de la commune"),
        max_length=5,
        required=False,
        validators=[INSEE],
        help_text=_("Vide : toutes les communes (les 12 premières entrées)."),
    )
    note = blocks.TextBlock(label=_("précision"), required=False)

    class Meta:
        icon = "group"
        template = "guide/blocks/who_to_contact.html"
        label = _("Qui contacter")
        description = _(
            "Les structures ou instances de l'annuaire d'un type choisi, à jour, avec leurs "
            "contacts visibles par le lecteur."
        )
        preview_value = {
            "heading": "Le CMP du secteur",
            "organisation_kind": OrganisationKind.CMP,
            "instance_kind": "",
            "commune_code": "57463",
            "note": "",
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("organisation_kind") and not value.get("instance_kind"):
            raise StructBlockValidationError(
                non_block_errors=[
                    _("Choisissez un type de structure ou un type d'instance de coordination.")
                ]
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        context["entries"] = directory_entries(value, user)
        return context


def _place_filter(code, field):
    """Entries of the commune `code`, or of its city when `code` is an arrondissement."""
    return Q(**{f"{field}__code": code}) | Q(**{f"{field}__arrondissements__code": code})


def directory_entries(value, user):
    """[(entry, [ContactCard])] for the block's choice, as `user` may see them."""
    code = (value.get("commune_code") or "").strip().upper()
    entries = []
    kind = value.get("organisation_kind")
    if kind:
        organisations = Organisation.objects.filter(kind=kind)
        if code:
            organisations = organisations.filter(
                _place_filter(code, "commune") | _place_filter(code, "coverage")
            )
        organisations = visible_objects(user, organisations).distinct().order_by("name")
        for organisation in organisations[:MAX_ENTRIES]:
            contacts = visible_objects(user, organisation.contacts.all())
            entries.append((organisation, [contact_card(c, user) for c in contacts]))
    instance_kind = value.get("instance_kind")
    if instance_kind:
        instances = CoordinationInstance.objects.filter(kind=instance_kind).exclude(
            status=CoordinationInstance.Status.DISSOLVED
        )
        if code:
            instances = instances.filter(_place_filter(code, "communes"))
        instances = visible_objects(user, instances).distinct().select_related("coordinator")
        for instance in instances.order_by("name")[:MAX_ENTRIES]:
            cards = []
            if instance.coordinator_id:
                coordinator = visible_objects(
                    user, instance.coordinator.__class__.objects.filter(pk=instance.coordinator_id)
                )
                cards = [contact_card(c, user) for c in coordinator]
            entries.append((instance, cards))
    return entries
