"""Text blocks: rich text and callouts."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from hub.richtext import SafeRichTextBlock

# Headings h2 and h3 only: the page title is the one h1, and block headings are h2.
GUIDE_RICH_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
INLINE_FEATURES = ["bold", "italic", "ul", "ol", "link"]


class GuideRichTextBlock(SafeRichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", GUIDE_RICH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "guide/blocks/rich_text.html"
        label = _("Texte")
        description = _("Des paragraphes mis en forme, avec des intertitres (niveau 2 et 3).")
        preview_value = (
            "<h2>Le secteur psychiatrique</h2><p>Chaque adresse relève d'un secteur de "
            "psychiatrie, rattaché à un centre hospitalier, avec son ou ses CMP.</p>"
        )


class CalloutBlock(blocks.StructBlock):
    class Kind:
        KEEP = "retenir"
        WARNING = "attention"
        TO_COMPLETE = "a-completer"

    KIND_CHOICES = [
        (Kind.KEEP, _("À retenir")),
        (Kind.WARNING, _("Attention")),
        (Kind.TO_COMPLETE, _("À compléter par le territoire")),
    ]

    kind = blocks.ChoiceBlock(choices=KIND_CHOICES, default=Kind.KEEP, label=_("type"))
    text = blocks.RichTextBlock(features=INLINE_FEATURES, label=_("texte"))

    class Meta:
        icon = "warning"
        template = "guide/blocks/callout.html"
        label = _("Encadré")
        description = _(
            "Un encadré « À retenir », « Attention », ou « À compléter par le territoire » "
            "pour ce que les partenaires doivent encore écrire."
        )
        preview_value = {
            "kind": "retenir",
            "text": "<p>Aucune donnée de santé nominative ne circule sur le hub.</p>",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["kind_label"] = dict(self.KIND_CHOICES).get(value.get("kind"), "")
        return context
