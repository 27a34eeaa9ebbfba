"""Hub pages in the search documents: published pages are indexed with the access of
their restrictions (and their ancestors'); unpublishing, moving under a restricted
section, or restricting a section updates every document below it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import Page, PageViewRestriction

from hub.models import StandardPage
from search.engines.base import SearchQuery
from search.engines.database import DatabaseEngine
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def page_document(page):
    return SearchDocument.objects.filter(source="wagtailcore.page", object_id=page.pk).first()


def add_page(parent, title, slug, intro=""):
    page = parent.add_child(instance=StandardPage(title=title, slug=slug, intro=intro))
    page.save_revision().publish()
    return page


@pytest.fixture
def home():
    return Page.objects.get(depth=2)


def test_a_published_page_is_found_by_its_words(home, indexed):
    with indexed():
        add_page(home, "Le bail glissant", "bail-glissant", "La sous-location avant le bail.")
    titles = [
        hit.title
        for hit in DatabaseEngine().search(AnonymousUser(), SearchQuery(text="sous locations")).hits
    ]
    assert titles == ["Le bail glissant"]


def test_unpublishing_removes_the_document(home, indexed):
    with indexed():
        page = add_page(home, "Page éphémère", "ephemere")
    assert page_document(page) is not None
    with indexed():
        page.unpublish()
    assert page_document(page) is None


def test_restricting_a_section_restricts_the_documents_below_it(home, indexed):
    with indexed():
        section = add_page(home, "Section", "section")
        child = add_page(section, "Compte rendu interne", "compte-rendu")
    assert page_document(child).access_tier == "public"
    with indexed():
        PageViewRestriction.objects.create(page=section, restriction_type="login")
    assert page_document(child).access_tier == "partners"
    anonymous = DatabaseEngine().search(AnonymousUser(), SearchQuery(text="compte rendu"))
    assert anonymous.total == 0


def test_moving_a_page_under_a_restricted_section_restricts_it(home, indexed):
    with indexed():
        section = add_page(home, "Section réservée", "reservee")
        PageViewRestriction.objects.create(page=section, restriction_type="login")
        page = add_page(home, "Note de travail", "note")
    assert page_document(page).access_tier == "public"
    with indexed():
        page.move(section, pos="last-child")
    assert page_document(page).access_tier == "partners"


def test_a_password_restriction_keeps_the_page_out_of_search(home, indexed):
    with indexed():
        page = add_page(home, "Page à mot de passe", "mot-de-passe")
        PageViewRestriction.objects.create(
            page=page, restriction_type="password", password="secret"
        )
    assert page_document(page) is None
