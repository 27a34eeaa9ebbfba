"""StreamField blocks of the guide, split by theme.

- `text`: rich text and callouts (à retenir, attention, à compléter par le territoire);
- `procedure`: numbered procedure steps, with who acts at each step;
- `contacts`: "who to contact", live entries of the directory, filtered for the reader;
- `references`: legal references and downloadable model documents;
- `voices`: testimonies (a role, never a name) and FAQs.

Every block declares `icon`, `template`, `preview_value` and `description`, so editors
see what they insert. Blocks that carry a heading render it as an `<h2>`: the chapter's
table of contents is built from those.
"""

from guide.blocks.contacts import WhoToContactBlock
from guide.blocks.procedure import ProcedureStepsBlock
from guide.blocks.references import LegalReferenceBlock, ModelDocumentBlock
from guide.blocks.text import CalloutBlock, GuideRichTextBlock
from guide.blocks.voices import FaqBlock, TestimonyBlock

GUIDE_BODY_BLOCKS = [
    ("text", GuideRichTextBlock()),
    ("callout", CalloutBlock()),
    ("procedure", ProcedureStepsBlock()),
    ("who_to_contact", WhoToContactBlock()),
    ("legal_reference", LegalReferenceBlock()),
    ("model_document", ModelDocumentBlock()),
    ("testimony", TestimonyBlock()),
    ("faq", FaqBlock()),
]

__all__ = [
    "GUIDE_BODY_BLOCKS",
    "CalloutBlock",
    "FaqBlock",
    "GuideRichTextBlock",
    "LegalReferenceBlock",
    "ModelDocumentBlock",
    "ProcedureStepsBlock",
    "TestimonyBlock",
    "WhoToContactBlock",
]
