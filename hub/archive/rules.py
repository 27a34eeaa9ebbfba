"""Who may use the referent's export action (the `export_space` command, run by an
operator, does not ask these rules; the archive itself is filtered by `hub.access`)."""

from hub.access import audience_for, can_view_page, visible_pages
from hub.models.spaces import PartnerSpacePage


def can_export_space(user, space):
    """The referent rule of the export action (the command, run by an operator, does not
    need it): an accredited superuser exports any space; the referent of a family exports
    their family's space; any referent exports the shared and instance spaces they can see.
    The space must be published and visible to the person in every case."""
    from hub.accounts.services import families_referred_by

    audience = audience_for(user)
    if not audience.accredited or not space.live or not can_view_page(user, space):
        return False
    if audience.is_admin:
        return True
    families = families_referred_by(user)
    if space.audience == PartnerSpacePage.Audience.FAMILY:
        return space.family_id is not None and families.filter(pk=space.family_id).exists()
    return families.exists()


def may_export_any_space(user):
    """Whether the export action is open to `user` at all (superuser or referent)."""
    from hub.accounts.services import is_referent

    audience = audience_for(user)
    return audience.accredited and (audience.is_admin or is_referent(user))


def exportable_spaces(user):
    """The live spaces `user` may export through the referent action (for a dashboard)."""
    if not may_export_any_space(user):
        return []
    spaces = visible_pages(user, PartnerSpacePage.objects.live()).order_by("path")
    return [space for space in spaces.select_related("family") if can_export_space(user, space)]
