"""What every page's header and footer need: the main sections the reader may see, the
legal and accessibility links (`hub.chrome`: computed once per audience, cached), and the
reader's audience."""

from django.urls import reverse

from hub.access import audience_for
from hub.chrome import chrome_for


def site_chrome(request):
    return {
        **chrome_for(request),
        "admin_url": reverse("wagtailadmin_home"),
        "audience": audience_for(getattr(request, "user", None)),
    }
