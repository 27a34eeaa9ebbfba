"""The guide in Wagtail's admin: glossary and editions menus, and the ownership rule.

Only a chapter's owning family (its guide editors, its referent) and administrators may
edit, delete, move, copy or unpublish a guide page: Wagtail's page permissions say so
(see `guide.permissions`), and these hooks say it again, in French, to anyone else.
"""

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.snippets.models import register_snippet

from guide.admin_views import GlossaryTermViewSet, GuideEditionViewSet
from guide.models import GuideBasePage
from guide.permissions import can_edit_guide_page

register_snippet(GlossaryTermViewSet)


@hooks.register("register_admin_viewset")
def register_edition_viewset():
    return GuideEditionViewSet()


def _refuse_if_not_owner(request, page, *args):
    specific = page.specific
    if not isinstance(specific, GuideBasePage) or can_edit_guide_page(request.user, specific):
        return None
    family = getattr(specific, "owner_family", None)
    if family is not None:
        text = _(
            "Ce chapitre du guide est rédigé par la famille « %(family)s » : seuls ses "
            "rédacteurs et les administrateurs peuvent le modifier."
        ) % {"family": family.name}
    else:
        text = _("Seuls les administrateurs peuvent modifier cette page du guide.")
    messages.error(request, text)
    return redirect("wagtailadmin_home")


for _hook in (
    "before_edit_page",
    "before_delete_page",
    "before_move_page",
    "before_copy_page",
    "before_unpublish_page",
):
    hooks.register(_hook, _refuse_if_not_owner)
