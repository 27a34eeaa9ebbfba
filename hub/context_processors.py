"""What every page's header and footer need: the main sections the reader may see, the
legal and accessibility links (`hub.chrome`: computed once per audience, cached), and the
reader's audience.

For a logged-in person, what the header and Wagtail's user bar ask of them (do they refer
a partner family? may they open the admin?) comes from `hub.access.person_for`, read in
the same query as their groups: no query of its own on each page.

`fragment_key` / `fragment_seconds`: for the templates' per-audience fragments
(`hub.chrome.fragment_key`)."""

from django.urls import reverse

from hub.access import audience_for, person_for
from hub.chrome import chrome_for, chrome_seconds, fragment_key


def site_chrome(request):
    user = getattr(request, "user", None)
    audience = audience_for(user)
    person = person_for(user)
    return {
        **chrome_for(request),
        "admin_url": reverse("wagtailadmin_home"),
        "audience": audience,
        # Django's `{% cache fragment_seconds "name" fragment_key page.pk %}`: a fragment
        # kept per audience, emptied with the page cache (hub/chrome.py). Off (0 seconds:
        # never served) when the chrome cache is.
        "fragment_key": fragment_key(request),
        "fragment_seconds": chrome_seconds() if fragment_key(request) else 0,
        # The header's « Espace référent »: a family's referent, or an administrator.
        "show_referent_link": bool(
            person and (person.refers_a_family or getattr(user, "is_superuser", False))
        ),
        # Wagtail's user bar renders only for who may open the admin
        # (`user.has_perm("wagtailadmin.access_admin")`): asked only of them.
        "show_userbar": bool(person and person.may_open_admin),
    }
