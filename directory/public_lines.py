"""A number to call when the direct line is kept for partners.

A landlord agent in crisis who is not logged in meets « réservé aux partenaires » where the
direct line of a CMP or a mobile team would be. Leaving them with nothing to dial is the
worst answer: this module finds the public number of the same structure (its reception or
switchboard: a contact whose phone line the reader may see), or else of the structure it
is attached to (`Organisation.parent`, named only to who may see it), and says whether a
partners-only direct line exists that logging in would show.

Everything goes through `hub.access`: a number offered here is one the reader may see on
the structure's page anyway; a hidden number never leaves this module. A line reserved to
a family or an instance is never announced: logging in would not show it to most
partners, and its existence is not the reader's business.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import Contact, Organisation, normalize_name
from hub.access import (
    Audience,
    audience_for,
    can_view_field,
    can_view_object,
    effective_access,
    visible_objects,
)

# Any accredited partner, in no family and no instance: who a login would turn the reader
# into, at the least.
ANY_PARTNER = Audience(
    authenticated=True,
    accredited=True,
    is_admin=False,
    group_ids=frozenset(),
    family_group_ids=frozenset(),
    instance_group_ids=frozenset(),
)
# Words of a contact's role that say "the structure's own number".
RECEPTION_WORDS = ("accueil", "standard", "secretariat")


@dataclass(frozen=True)
class PublicLine:
    """A phone line the reader may see, offered instead of a direct line kept for partners."""

    role: str
    organisation: str
    phone: str
    phone_hours: str


def would_see_after_login(user) -> bool:
    """Is `user` someone a partners-only line is hidden from only for want of an
    accreditation (anonymous, expired or inactive account)?"""
    return not audience_for(user).accredited


def _is_reception(contact: Contact) -> bool:
    role = normalize_name(contact.role)
    return any(word in role for word in RECEPTION_WORDS)


def public_line(organisation: Organisation, user, exclude=()) -> PublicLine | None:
    """The first phone line `user` may see among the contacts of `organisation`, then of
    its parent structure when `user` may see it; reception or switchboard lines first."""
    holders = [organisation]
    parent = organisation.parent if organisation.parent_id else None
    if parent is not None and can_view_object(user, parent):
        holders.append(parent)
    for holder in holders:
        contacts = visible_objects(user, holder.contacts.exclude(pk__in=exclude).exclude(phone=""))
        ranked = sorted(contacts, key=lambda c: (not _is_reception(c), c.role, c.pk))
        for contact in ranked:
            if can_view_field(user, contact, "phone"):
                return PublicLine(
                    role=contact.role,
                    organisation=holder.name,
                    phone=contact.phone,
                    phone_hours=contact.phone_hours,
                )
    return None


def has_reserved_line(organisation: Organisation, user, visible_ids=()) -> bool:
    """Does `organisation` have a contact with a phone line that `user` may not see, but
    any accredited partner may (a partners-only contact)? Asked only for readers who are
    not accredited: an accredited reader already sees every partners-only contact.
    `visible_ids`, the contacts already shown, spares reading them again."""
    if not would_see_after_login(user):
        return False
    reader = audience_for(user)
    hidden = organisation.contacts.exclude(pk__in=list(visible_ids)).exclude(phone="")
    for contact in hidden.select_related("organisation").prefetch_related("access_groups"):
        access = effective_access(contact)
        # The phone line's own tier is public or partners: any partner reaches both.
        if not access.admits(reader) and access.admits(ANY_PARTNER):
            return True
    return False
