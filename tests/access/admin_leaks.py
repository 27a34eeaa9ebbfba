"""What the tests of the admin's leaks share: the editor, the markers, and how to read the
admin's answers (tests/access/test_admin_leaks*.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from tests.access.conftest import MARKERS

# The family A referent: edits guide chapters and the family A space; may view the public,
# partners and family A canaries, never the family B and instance ones.
REFERENT = "referent.bailleurs"
HIDDEN = [MARKERS["family_b"], MARKERS["instance"]]
SEEN = [MARKERS["public"], MARKERS["partners"], MARKERS["family_a"]]
ALL = list(MARKERS.values())


def login(verified_login, username):
    return verified_login(get_user_model().objects.get(username=username))


def text_of(response):
    return response.content.decode(errors="replace")


def assert_hidden(text, markers, where):
    leaked = [marker for marker in markers if marker in text]
    assert not leaked, f"{leaked} visible via {where}"


def assert_shown(text, markers, where):
    missing = [marker for marker in markers if marker not in text]
    assert not missing, f"{missing} absent de {where}"


def every_results_page(client, base, **params):
    """The text of a chooser's first view and of every page of its results."""
    first = client.get(base, params)
    assert first.status_code == 200
    text, number = text_of(first), 1
    while True:
        response = client.get(f"{base}results/", {**params, "p": number})
        assert response.status_code == 200
        text += text_of(response)
        if not response.context["results"].has_next():
            return text
        number += 1


def ids(objects):
    return "&".join(f"id={obj.pk}" for obj in objects)


def grant(username, *page_permissions, page=None, codenames=()):
    """Give `username` a test group with these page permissions on `page` and these model
    permissions (as an administrator might)."""
    group = Group.objects.create(name=f"Test : droits de {username}")
    get_user_model().objects.get(username=username).groups.add(group)
    for codename in page_permissions:
        GroupPagePermission.objects.create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    for codename in codenames:
        app_label, codename = codename.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
