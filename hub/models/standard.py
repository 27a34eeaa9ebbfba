"""A plain content page (legal mentions, about...)."""

from django.utils.translation import gettext_lazy as _

from hub.models.base import HubBasePage


class StandardPage(HubBasePage):
    parent_page_types = ["hub.HomePage", "hub.StandardPage"]
    subpage_types = ["hub.StandardPage"]

    class Meta:
        verbose_name = _("page simple")
