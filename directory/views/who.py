"""/qui-contacter/: "who covers this place?" for a landlord agent who has a commune, a
postcode or an arrondissement, and needs the people to call, in the order they need them.

The answer is `directory.who_covers.who_covers(lieu, user)` (everything through
`hub.access`); this view only checks the size of what was typed and renders it. A place
that matches several communes offers them (`directory.places`), each link carrying the
value that designates its commune exactly; no match or too many is an error next to the
field, which keeps what was typed. The page
asks for a place only, never anything about the person concerned.
"""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from directory.who_covers import Status, who_covers


class WhoCoversForm(forms.Form):
    lieu = forms.CharField(
        label=gettext_lazy("Commune, code postal ou arrondissement"),
        max_length=100,
        help_text=gettext_lazy("Par exemple « Metz », « 57000 », « 57463 » ou « Paris 11e »."),
        error_messages={
            "required": gettext_lazy("Indiquez une commune, un code postal ou un arrondissement."),
            "max_length": gettext_lazy(
                "Le lieu est trop long : %(limit_value)d caractères au plus."
            ),
        },
    )


@require_GET
def who_covers_view(request):
    submitted = "lieu" in request.GET
    form = WhoCoversForm(request.GET if submitted else None)
    result = None
    if form.is_valid():
        result = who_covers(form.cleaned_data["lieu"], request.user)
        if result.status in (Status.NOT_FOUND, Status.TOO_MANY):
            # Next to the field, which keeps what was typed.
            form.add_error("lieu", result.message)
    base = reverse("directory:who_covers")
    choices = []
    if result is not None and result.status in (Status.AMBIGUOUS, Status.NEEDS_ARRONDISSEMENT):
        # Each choice designates its commune exactly: following it never asks again.
        choices = [
            {"choice": choice, "url": f"{base}?{urlencode({'lieu': choice.value})}"}
            for choice in result.choices
        ]
    directory_url = reverse("directory:search")
    if result is not None and result.communes:
        directory_url += "?" + urlencode({"lieu": result.communes[0].query_value})
    errors = [
        {"label": form["lieu"].label, "message": error, "target": form["lieu"].auto_id}
        for error in (form.errors.get("lieu") or [])
    ]
    context = {
        "form": form,
        "result": result,
        "choices": choices,
        "errors": errors,
        "directory_url": directory_url,
    }
    return render(request, "directory/who_covers.html", context)
