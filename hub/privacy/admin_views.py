"""The erasure page of the Wagtail admin (`/admin/effacement/`), for administrators only.

GET with an address or a contact shows what the erasure would touch (the same plan as
`erase_person --dry-run`); the confirmation button POSTs and erases. Nobody erases
their own account here (they would be logged out half-way): another administrator does.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from hub import access
from hub.privacy.erasure import ErasureError, erase_person, find_person


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
