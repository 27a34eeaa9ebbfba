"""The erasure action in the Wagtail admin: its page, and a « Effacer la personne »
entry in the « … » menu of each account and each directory contact (that one registered
by the directory, directory/hub_hooks.py, with `erasure_button`), shown to administrators
only (the page checks again). Beside it, the right of access: `/admin/donnees-personne/`
and « Données de la personne » in each account's menu."""

from urllib.parse import urlencode

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from hub.privacy.admin_views import ErasureView, PersonDataView, may_erase


@hooks.register("register_admin_urls")
def register_erasure_url():
    return [
        path("effacement/", ErasureView.as_view(), name="privacy_erasure"),
        path("donnees-personne/", PersonDataView.as_view(), name="privacy_person_data"),
    ]


def erasure_button(query):
    """« Effacer la personne », to the erasure page with `query` (`email`, `contact`)."""
    url = reverse("privacy_erasure") + "?" + urlencode(query)
    return Button(_("Effacer la personne"), url=url, icon_name="bin", priority=900)


@hooks.register("register_user_listing_buttons")
def user_erasure_button(user, request_user):
    address = user.email or user.get_username()
    if may_erase(request_user) and user.pk != request_user.pk and "@" in address:
        yield erasure_button({"email": address})
    if may_erase(request_user) and "@" in address:
        url = reverse("privacy_person_data") + "?" + urlencode({"email": address})
        yield Button(_("Données de la personne"), url=url, icon_name="download", priority=910)
