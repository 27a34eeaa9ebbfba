"""Content blocks: rich text, key figures and links to resources."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from hub.richtext import SafeRichTextBlock

RICH_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ParagraphBlock(SafeRichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "hub/blocks/paragraph.html"
        label = _("Texte")
        description = _("Un ou plusieurs paragraphes de texte mis en forme.")
        preview_value = (
            "<p>Depuis 2002, le Grand Lyon et l'État ont initié une démarche partenariale "
            "« Santé Psychique et Logement ».</p>"
        )


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("chiffre"), max_length=40)
    label = blocks.CharBlock(label=_("libellé"), max_length=200)
    source = blocks.CharBlock(label=_("source"), max_length=200, required=False)

    class Meta:
        icon = "order"
        template = "hub/blocks/key_figure.html"
        label = _("Chiffre clé")
        description = _("Un chiffre marquant du partenariat, avec son libellé et sa source.")
        preview_value = {
            "value": "37",
            "label": "logements mobilisés sur 3 ans",
            "source": "Protocole DLAI, 2018",
        }


class ResourceLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=200)
    description = blocks.TextBlock(label=_("description"), required=False)
    page = blocks.PageChooserBlock(label=_("page du site"), required=False)
    document = DocumentChooserBlock(label=_("document"), required=False)

    class Meta:
        icon = "doc-full"
        template = "hub/blocks/resource_link.html"
        label = _("Document ou ressource")
        description = _("Un lien vers une page du site ou un document déposé.")
        preview_value = {
            "title": "Convention de partenariat (2013)",
            "description": "Le texte intégral de la convention lyonnaise.",
        }

    def get_context(self, value, parent_context=None):
        """The page and the document, each only if the reader may see it (hub.access): an
        editor's link to a restricted page must not name it to others. With neither
        visible, the block says nothing (its title may name what is hidden)."""
        from django.contrib.auth.models import AnonymousUser

        from hub.access import can_view_document, can_view_page

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        # Without a request (a PDF, a mail): read as an anonymous visitor would.
        user = getattr(request, "user", None) or AnonymousUser()
        page = value.get("page")
        document = value.get("document")
        if page is not None and not (page.live and can_view_page(user, page)):
            page = None
        if document is not None and not can_view_document(user, document):
            document = None
        context["link_page"] = page
        context["link_document"] = document
        context["hidden"] = (value.get("page") or value.get("document")) and not (page or document)
        return context

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("document"):
            raise StructBlockValidationError(
                non_block_errors=[_("Choisissez une page ou un document.")]
            )
        return value
