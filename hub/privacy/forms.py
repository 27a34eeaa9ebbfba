"""The privacy guard on the public forms (the error report, the account request).

`PrivacyGuardMixin` adds `hub.privacy.guard.validate` to the validators of the fields
named in `privacy_fields`: a refused identifier or a health mention shows as a French
error next to its field, and the form, shown again, keeps what was typed.
"""

from __future__ import annotations

from hub.privacy import guard


class PrivacyGuardMixin:
    """Put before `forms.Form` (or `forms.ModelForm`) in the bases."""

    privacy_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.privacy_fields:
            field = self.fields[name]
            # self.fields is a copy of the class's fields: this changes this form only.
            field.validators = [*field.validators, guard.validate]
