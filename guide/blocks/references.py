"""Legal references and downloadable model documents."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from hub.access import can_view_document


class LegalReferenceBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("ce que dit le texte"),
        help_text=_("Résumé fidèle ; n'écrivez un article que si vous l'avez lu."),
    )
    article = blocks.CharBlock(
        label=_("référence"),
        max_length=200,
        required=False,
        help_text=_("Le texte et l'article cités, par exemple « Convention de Lyon, § 3 »."),
    )
    link = blocks.URLBlock(label=_("lien vers le texte"), required=False)

    class Meta:
        icon = "doc-full-inverse"
        template = "guide/blocks/legal_reference.html"
        label = _("Référence juridique")
        description = _("Un texte de référence : ce qu'il dit, sa référence et un lien.")
        preview_value = {
            "text": "Les modalités de partage des informations à caractère secret strictement "
            "nécessaires sont définies localement.",
            "article": "Convention Santé Psychique et Logement (Grand Lyon, 2013), § 3",
            "link": "",
        }


class ModelDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "download"
        template = "guide/blocks/model_document.html"
        label = _("Document modèle à télécharger")
        description = _(
            "Une trame ou un modèle à télécharger (fiche de signalement, convention type)."
        )
        preview_value = {"description": "Trame de fiche de signalement à adapter localement."}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        document = value.get("document")
        # A document of a restricted collection is never listed to a reader who may not
        # open it (an editor may have chosen it by mistake).
        context["document"] = (
            document
            if document is not None and can_view_document(getattr(request, "user", None), document)
            else None
        )
        return context
