"""Voices of the partners: testimonies (a role, never a person's name) and FAQs."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from guide.blocks.text import INLINE_FEATURES


class TestimonyBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("témoignage"))
    role = blocks.CharBlock(
        label=_("fonction"),
        max_length=200,
        help_text=_("Une fonction, jamais le nom d'une personne : « coordinatrice du projet »."),
    )
    territory = blocks.CharBlock(label=_("territoire"), max_length=120, required=False)

    class Meta:
        icon = "openquote"
        template = "guide/blocks/testimony.html"
        label = _("Témoignage")
        description = _("La parole d'un professionnel, d'un usager ou d'une famille, sans nom.")
        preview_value = {
            "quote": "Aujourd'hui, on prend le temps, on comprend, on analyse avant de lancer "
            "la procédure.",
            "role": "coordinatrice du projet chez le bailleur",
            "territory": "Marseille",
        }


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=300)
    answer = blocks.RichTextBlock(features=INLINE_FEATURES, label=_("réponse"))

    class Meta:
        icon = "help"
        label = _("question")


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre"), max_length=200, default=_("Questions fréquentes"))
    items = blocks.ListBlock(FaqItemBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        template = "guide/blocks/faq.html"
        label = _("Questions fréquentes")
        description = _("Des questions et leurs réponses.")
        preview_value = {
            "heading": "Questions fréquentes",
            "items": [
                {
                    "question": "Puis-je donner le nom d'un locataire sur le hub ?",
                    "answer": "<p>Non. Les situations se discutent en instance.</p>",
                }
            ],
        }
