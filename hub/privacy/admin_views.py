"""The erasure page of the Wagtail admin (`/admin/effacement/`) and its sibling for the
right of access (`/admin/donnees-personne/`), for administrators only.

GET with an address or a contact shows what the erasure would touch (the same plan as
`erase_person --dry-run`); the confirmation button POSTs and erases. Nobody erases
their own account here (they would be logged out half-way): another administrator does.
"""

from __future__ import annotations

import logging

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from hub import access
from hub.privacy import access_request
from hub.privacy.account_views import json_download
from hub.privacy.erasure import ErasureError, erase_person, find_person

logger = logging.getLogger("maillage.privacy")


def may_erase(user) -> bool:
    """Erasure is for administrators (superusers, who passed their second factor)."""
    return access.audience_for(user).is_admin


class ErasureForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Adresse électronique"),
        required=False,
        help_text=gettext_lazy("Le compte et les demandes d'accréditation de cette adresse."),
    )
    contact = forms.IntegerField(
        label=gettext_lazy("Numéro du contact de l'annuaire"),
        required=False,
        min_value=1,
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("contact"):
            raise forms.ValidationError(_("Indiquez une adresse électronique ou un contact."))
        return data

    def target(self) -> dict:
        data = self.cleaned_data
        return {
            "email": data.get("email") or None,
            "contact_ids": [data["contact"]] if data.get("contact") else [],
        }


class ErasureView(View):
    template_name = "privacy/admin_erasure.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_erase(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, request, form, plan=None, error=None):
        return TemplateResponse(
            request,
            self.template_name,
            {
                "form": form,
                "plan": plan,
                "error": error,
                "page_title": _("Effacer une personne"),
                "header_title": _("Effacer une personne"),
            },
        )

    def get(self, request):
        form = ErasureForm(request.GET or None)
        plan = error = None
        if form.is_bound and form.is_valid():
            try:
                plan = erase_person(**form.target(), dry_run=True)
            except ErasureError as refusal:
                error = str(refusal)
        return self.render(request, form, plan, error)

    def post(self, request):
        form = ErasureForm(request.POST)
        if not form.is_valid():
            return self.render(request, form)
        try:
            person = find_person(**form.target())
            if request.user.pk in {user.pk for user in person.users}:
                raise ErasureError(
                    _(
                        "Vous ne pouvez pas effacer votre propre compte : demandez-le à "
                        "un autre administrateur."
                    )
                )
            plan = erase_person(**form.target(), actor=request.user)
        except ErasureError as refusal:
            return self.render(request, form, error=str(refusal))
        messages.success(
            request,
            _("Effacement fait : %(who)s. %(lines)s")
            % {"who": plan.person.pseudonym, "lines": " ; ".join(plan.lines()[1:])},
        )
        return redirect("wagtailadmin_home")


# --- The right of access, for a request received by e-mail -------------------------------------


class PersonDataForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Adresse électronique de la personne"),
        help_text=gettext_lazy(
            "Ses comptes, ses demandes, ses connexions, ses signalements et ses contacts."
        ),
        error_messages={
            "required": gettext_lazy("Indiquez l'adresse électronique de la personne."),
            "invalid": gettext_lazy("Indiquez une adresse électronique valide."),
        },
    )


class PersonDataView(View):
    """`/admin/donnees-personne/?email=…`: what the person would download from
    /compte/mes-donnees/, for a request received by e-mail. Administrators only (the
    admin's second factor applies): a referent's rights are over accreditations, not over
    a member's login logs or reports."""

    template_name = "privacy/admin_person_data.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_erase(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = PersonDataForm(request.GET or None)
        document = error = None
        if form.is_bound and form.is_valid():
            email = form.cleaned_data["email"]
            person = access_request.person_for_email(email)
            if not access_request.is_found(person):
                error = _("Personne introuvable : rien n'est conservé pour « %(email)s ».") % {
                    "email": email
                }
            else:
                document = access_request.build(person)
                if request.GET.get("format") == "json":
                    logger.info(
                        "Droit d'accès : export pour %s par le compte n° %s.",
                        person.pseudonym,
                        request.user.pk,
                    )
                    return json_download(document)
        return TemplateResponse(
            request,
            self.template_name,
            {
                "form": form,
                "error": error,
                "counts": document and access_request.counts(document),
                "page_title": _("Données d'une personne"),
                "header_title": _("Données d'une personne (droit d'accès)"),
            },
        )
