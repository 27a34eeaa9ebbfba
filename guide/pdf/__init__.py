"""PDFs of the hub: the guide, one chapter, the charter (issue 5).

- `fetcher`: the only way WeasyPrint reaches a resource: the project's static files,
  nothing else (no `file://`, no network);
- `service`: HTML to PDF with that fetcher;
- `cache`: rendered PDFs on disk, per document, edition and reader's tier;
- `signals`: drop cached PDFs when the guide or the charter is published, unpublished
  or moved, or when a view restriction changes;
- `views`: the responses (`guide_pdf`, `chapter_pdf`, `charter_pdf`);
- `urls`: the one URL pattern that lets `/…/xxx.pdf` reach Wagtail's routing (Wagtail's
  catch-all refuses a dot in a path segment).
"""
