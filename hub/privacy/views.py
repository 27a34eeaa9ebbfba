"""/donnees-personnelles/: what the hub keeps about a person, why, for how long, who sees
it, how to exercise one's rights, the cookies and the map's tile server. Public, a plain
Django view; its figures come from the settings (`hub.privacy.notice`)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from hub.privacy import notice


@require_GET
def personal_data(request):
    return render(request, "privacy/personal_data.html", notice.context())
