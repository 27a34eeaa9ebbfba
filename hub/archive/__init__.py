"""The "project memory" of a partner space: one ZIP with what one person may see of it.

`export_space(space, user, stream)` writes to `stream` (a binary file-like object):

- `documents/<id>-<nom>`: the files of the documents `user` may open among those the
  visible pages of the space refer to (document streams, resource blocks, links in rich
  text) and those of the space's collection and its child collections;
- `pages/<chemin>.html`: the space page and each of its live descendants that `user` may
  see, as static, self-contained HTML (templates/archive/page.html);
- `index.html`: the table of contents, with relative links;
- `data.json`: the same content, machine-readable (format `FORMAT_VERSION`);
- `LISEZMOI.txt`: what the archive is, when and by whom it was made.

What is visible is decided by `hub.access` only (`visible_pages`, `visible_documents`,
`can_view_page`): the archive of one person never holds more than what that person sees
on the site. A link to a page or a document that is not in the archive is kept as plain
text, never as a link to the live site. Members are written in a fixed order (documents
by id, pages in tree order), under safe relative names.

Each export is recorded in the accreditation journal (`AccreditationEvent.EXPORTED`).

The package, in the order an export runs:

- `plan.py`: what goes in (`plan_export`: pages, documents, their names in the ZIP);
- `links.py`: rich text with its links pointing inside the archive;
- `render.py`: what the HTML templates show of a page and of the table of contents;
- `data.py`: `data.json`;
- `readme.py`: `LISEZMOI.txt`;
- `writer.py`: the ZIP itself, and the journal entry (`export_space`);
- `rules.py`: who may use the referent's export action.
"""

from hub.archive.links import archive_rich_text
from hub.archive.plan import (
    FORMAT_VERSION,
    ArchivedDocument,
    ArchivedPage,
    ExportPlan,
    SpaceNotVisible,
    archive_filename,
    plan_export,
)
from hub.archive.rules import can_export_space, exportable_spaces, may_export_any_space
from hub.archive.writer import ExportSummary, export_space

__all__ = [
    "FORMAT_VERSION",
    "ArchivedDocument",
    "ArchivedPage",
    "ExportPlan",
    "ExportSummary",
    "SpaceNotVisible",
    "archive_filename",
    "archive_rich_text",
    "can_export_space",
    "export_space",
    "exportable_spaces",
    "may_export_any_space",
    "plan_export",
]
