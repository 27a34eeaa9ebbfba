"""/evaluation/ (accredited partners), /evaluation/synthese/ (everyone, public figures
only) and the CSV of each figure.

The partner pages count what the reader's audience may see (`hub.access.audience_for`);
an anonymous visitor is sent to the login page, a logged-in account without a valid
accreditation gets a 403, as the rest of the site does; their answers are
`Cache-Control: private, no-store`. The public pages ask the providers for the anonymous
audience, whoever reads them: a partner reading the summary sees the public figures, the
same as everyone.
"""

from __future__ import annotations

import csv
import io

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from hub.access import ANONYMOUS, audience_for
from hub.evaluation.dashboard import dashboard_for, figure, territories_for
from hub.evaluation.periods import DEFAULT_VIEW


class FiltersForm(forms.Form):
    territoire = forms.ChoiceField(label=_("Territoire"), required=False)
    vue = forms.ChoiceField(
        label=_("Période"),
        required=False,
        choices=[("mois", _("Mois par mois, sur deux ans")), ("annee", _("Année par année"))],
    )

    def __init__(self, data, territories):
        super().__init__(data)
        self.territories = {page.slug: page for page in territories}
        self.fields["territoire"].choices = [("", _("Tous les territoires"))] + [
            (page.slug, page.title) for page in territories
        ]
        self.fields["territoire"].error_messages["invalid_choice"] = _(
            "Ce territoire n'existe pas ou ne vous est pas ouvert : choisissez-en un dans la liste."
        )
        self.fields["vue"].error_messages["invalid_choice"] = _(
            "Choisissez « mois par mois » ou « année par année »."
        )

    def selection(self):
        """(territory page or None, view): what is valid, the defaults for the rest (the
        errors are shown next to their field)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})  # the valid fields only
        territory = self.territories.get(cleaned.get("territoire") or "")
        return territory, cleaned.get("vue") or DEFAULT_VIEW


def _refusal(request):
    """None when the reader is an accredited partner; else the login page or a 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.WAGTAIL_FRONTEND_LOGIN_URL)
    if not audience_for(request.user).accredited:
        return render(request, "evaluation/refused.html", status=403)
    return None


def _private(request, response):
    request.maillage_restricted = True
    patch_cache_control(response, private=True, no_store=True)
    return response


def _selection(request, audience):
    form = FiltersForm(request.GET or None, territories_for(audience))
    territory, view = form.selection()
    return form, territory, view


def _page(request, audience, public):
    form, territory, view = _selection(request, audience)
    computed = dashboard_for(audience, territory, view, public)
    selected = territory.slug if territory else ""
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == selected else "", label)
            for value, label in form.fields["territoire"].choices
        ),
    )
    return render(
        request,
        "evaluation/dashboard.html",
        {
            "public": public,
            "form": form,
            "territory": territory,
            "data": computed["data"],
            "figures_html": mark_safe(computed["html"]),  # rendered by our own template
            "territory_options": options,
        },
    )


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula (a title typed in the admin)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _csv(request, audience, key, public):
    _form, territory, view = _selection(request, audience)
    found = figure(dashboard_for(audience, territory, view, public)["data"], key)
    if found is None:
        raise Http404(_("Cet indicateur n'existe pas."))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    if not found["territorial"]:
        scope = "Tout le site"
    else:
        scope = territory.title if territory else "Tous les territoires"
    writer.writerow(["Période", _cell(f"{found['label']} ({found['unit']})"), "Territoire"])
    for row in found["rows"]:
        writer.writerow([row["period"], row["csv"], _cell(scope)])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    suffix = f"-{territory.slug}" if territory else ""
    response["Content-Disposition"] = f'attachment; filename="evaluation-{key}{suffix}.csv"'
    return response


@require_GET
def dashboard(request):
    refused = _refusal(request)
    if refused is not None:
        return refused
    return _private(request, _page(request, audience_for(request.user), public=False))


@require_GET
def dashboard_csv(request, key):
    refused = _refusal(request)
    if refused is not None:
        return refused
    return _private(request, _csv(request, audience_for(request.user), key, public=False))


@require_GET
def summary(request):
    return _page(request, ANONYMOUS, public=True)


@require_GET
def summary_csv(request, key):
    return _csv(request, ANONYMOUS, key, public=True)
