"""The members' forms: propose a document (or a meeting's agenda or minutes), refuse a
contribution with a reason, write a comment. Every free text passes the privacy guard
(`hub.privacy.guard.validate`, on the model fields); a file passes
`hub.collab.files.validate_upload` before anything is stored."""

from __future__ import annotations

import os

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from hub.collab.files import allowed_label, validate_upload
from hub.collab.models import Comment, Contribution
from hub.models.spaces import NO_HEALTH_DATA
from hub.privacy.guard import validate


class ContributionForm(forms.ModelForm):
    file = forms.FileField(label=_("Fichier"), required=True)

    class Meta:
        model = Contribution
        fields = ["kind", "title", "description", "file"]
        labels = {"kind": _("Nature"), "title": _("Titre"), "description": _("Description")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, kinds=(Contribution.Kind.DOCUMENT,), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["kind"].initial = kinds[0].value
        self.fields["title"].help_text = NO_HEALTH_DATA
        self.fields["description"].required = False
        self.fields["file"].help_text = _("Types acceptés : %(types)s. %(limit)s au plus.") % {
            "types": allowed_label(),
            "limit": filesizeformat(settings.MAILLAGE_CONTRIBUTION_MAX_SIZE),
        }
        self.fields["file"].error_messages["required"] = _("Choisissez le fichier à proposer.")
        self.fields["title"].error_messages["required"] = _("Donnez un titre au document.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload

    def save(self, commit=False):
        contribution = super().save(commit=False)
        upload = self.cleaned_data["file"]
        name = get_valid_filename(os.path.basename(upload.name)) or "document"
        contribution.original_name = name[-200:]
        return contribution


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("L'auteur le lira dans « Mes contributions »."),
        error_messages={"required": _("Indiquez le motif du refus, pour son auteur.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        validate(reason)
        return reason


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        labels = {"text": _("Votre commentaire")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": _("Écrivez votre commentaire.")}}


class ModerationForm(forms.Form):
    moderate_comments = forms.BooleanField(
        label=_("Les commentaires des membres attendent une validation avant d'être publiés"),
        required=False,
    )
