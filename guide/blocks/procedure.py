"""Numbered procedure steps: what to do, in which order, and who acts."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from guide.blocks.text import INLINE_FEATURES


class ProcedureStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("étape"), max_length=200)
    text = blocks.RichTextBlock(features=INLINE_FEATURES, label=_("détail"), required=False)
    who_acts = blocks.CharBlock(
        label=_("qui agit"),
        max_length=200,
        required=False,
        help_text=_("Une fonction : « agent de proximité du bailleur », « CMP du secteur »."),
    )

    class Meta:
        icon = "order"
        label = _("étape")


class ProcedureStepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre de la procédure"), max_length=200)
    intro = blocks.TextBlock(label=_("introduction"), required=False)
    steps = blocks.ListBlock(ProcedureStepBlock(), label=_("étapes"), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "guide/blocks/procedure.html"
        label = _("Procédure pas à pas")
        description = _("Des étapes numérotées, chacune avec ce qu'il faut faire et qui agit.")
        preview_value = {
            "heading": "Signaler une situation préoccupante",
            "intro": "",
            "steps": [
                {
                    "title": "Repérer et décrire les faits",
                    "text": "<p>Des faits observés, sans diagnostic.</p>",
                    "who_acts": "agent de proximité du bailleur",
                },
                {
                    "title": "Alerter le référent de l'organisme",
                    "text": "",
                    "who_acts": "agent de proximité du bailleur",
                },
            ],
        }
