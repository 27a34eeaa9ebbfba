"""The guide's models, one module per concept; import them from here.

- `base`: the abstract `GuideBasePage` (intro, body of the guide's blocks, owning family,
  last review);
- `pages`: `GuideIndexPage` (/guide/), `GuidePartPage`, `GuideChapterPage`;
- `glossary`: `GlossaryTerm` snippets;
- `editions`: `GuideEdition` and the chapters frozen with it.
"""

from guide.models.base import GuideBasePage
from guide.models.editions import EditionChapter, GuideEdition
from guide.models.glossary import GlossaryTerm
from guide.models.pages import GuideChapterPage, GuideIndexPage, GuidePartPage

__all__ = [
    "EditionChapter",
    "GlossaryTerm",
    "GuideBasePage",
    "GuideChapterPage",
    "GuideEdition",
    "GuideIndexPage",
    "GuidePartPage",
]
