"""Small guides built in a few milliseconds (the full demo is tested once, elsewhere).

`make_guide()` gives a home page, the guide index at /guide/, one part and the chapters
asked for; `make_chapter()` adds one. `partner()` and `family_member()` make accredited
accounts. Test URL configuration `tests.guide.urls` mounts guide.urls (the PDF
addresses) before the hub's own URLs.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from guide.models import GuideChapterPage, GuideIndexPage, GuidePartPage
from hub.accounts.models import PartnerFamily
from hub.demo import sync
from hub.models import HomePage


@dataclass
class Guide:
    home: HomePage
    index: GuideIndexPage
    part: GuidePartPage
    chapters: dict = field(default_factory=dict)


def family(slug="psychiatrie-publique"):
    return PartnerFamily.objects.get(slug=slug)


def text_block(html):
    return ("text", html)


def make_chapter(
    part, slug, title=None, body=(), audience="public", owner="psychiatrie-publique", **fields
):
    items = list(body)
    page, _ = sync.ensure_page(
        part,
        GuideChapterPage,
        slug,
        {
            "title": title or slug.replace("-", " ").capitalize(),
            "owner_family": family(owner) if owner else None,
            "audience": audience,
            "body": lambda old: sync.stream(old, items),
            **fields,
        },
    )
    return page


def make_guide(chapters=("premier-chapitre",)):
    root = Page.get_first_root_node()
    home, _ = sync.ensure_page(root, HomePage, "accueil", {"title": "Accueil"})
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    index, _ = sync.ensure_page(home, GuideIndexPage, "guide", {"title": "Guide"})
    part, _ = sync.ensure_page(index, GuidePartPage, "partie", {"title": "La partie"})
    guide = Guide(home=home, index=index, part=part)
    for slug in chapters:
        guide.chapters[slug] = make_chapter(part, slug, body=[text_block(f"<p>Texte {slug}</p>")])
    return guide


@pytest.fixture
def guide():
    return make_guide()


def make_user(username, *groups, superuser=False):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "x" * 16, is_superuser=superuser, is_staff=superuser
    )
    for group in groups:
        user.groups.add(group)
    return user


@pytest.fixture
def partner():
    return make_user("membre.test")
