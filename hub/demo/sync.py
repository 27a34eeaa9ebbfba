"""Write demo content so that running it twice changes nothing.

A page is looked up by its slug under its parent. Its fields and inline children are
set in place (children keep their primary keys, stream blocks keep their ids), and a new
revision is published only when the page's content actually differs. That is what makes
`load_demo` idempotent: the second run writes no row.
"""

import json
import uuid

from wagtail.models import Page

STATUS_CREATED = "créée"
STATUS_UPDATED = "mise à jour"
STATUS_UNCHANGED = "inchangée"


def _normalise(value):
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return _normalise(json.loads(value))
        except ValueError:
            return value
    if isinstance(value, dict):
        return {key: _normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalise(item) for item in value]
    return value


def snapshot(page):
    """A canonical text of a page's content and children, to compare two states."""
    return json.dumps(_normalise(page.serializable_data()), sort_keys=True, default=str)


def stream(existing, items):
    """Raw StreamField data for `items` [(block type, value)], reusing existing block ids."""
    ids = [(block.block_type, block.id) for block in existing] if existing else []
    raw = []
    for index, (block_type, value) in enumerate(items):
        same = index < len(ids) and ids[index][0] == block_type
        raw.append(
            {
                "type": block_type,
                "value": value,
                "id": ids[index][1] if same else str(uuid.uuid4()),
            }
        )
    return raw


def set_children(page, relation, model, rows):
    """Put `rows` (dicts of field values) as the inline children `relation` of `page`."""
    existing = list(getattr(page, relation).all())
    children = []
    for index, row in enumerate(rows):
        child = existing[index] if index < len(existing) else model()
        for name, value in row.items():
            setattr(child, name, value)
        child.sort_order = index
        children.append(child)
    setattr(page, relation, children)


def ensure_page(parent, model, slug, fields, children=None, tags=None):
    """Create or update the child page `slug` of `parent`. Returns (page, status)."""
    existing = Page.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None and not isinstance(existing.specific, model):
        raise ValueError(
            f"La page « {existing.title} » ({existing.url_path}) existe déjà avec un autre type."
        )
    page = existing.specific if existing is not None else model(slug=slug)
    before = snapshot(page) if existing is not None else None
    for name, value in fields.items():
        if callable(value):
            value = value(getattr(page, name, None))
        setattr(page, name, value)
    for relation, (child_model, rows) in (children or {}).items():
        set_children(page, relation, child_model, rows)
    if tags is not None and sorted(tag.name for tag in page.tags.all()) != sorted(tags):
        page.tags.set(tags, clear=True)
    if existing is None:
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page, STATUS_CREATED
    if snapshot(page) == before and page.live:
        return page, STATUS_UNCHANGED
    page.save_revision().publish()
    return page, STATUS_UPDATED
