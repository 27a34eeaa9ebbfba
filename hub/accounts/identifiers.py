"""Identifiers of a person (social-security number, date of birth) and health mentions in
free text: what a request's motivation or a refusal's reason must never carry.

The check itself is the hub's one privacy guard, `hub.privacy.guard`; this module keeps
the names the accounts' services and forms have always used.
"""

from __future__ import annotations

from hub.privacy import guard


def has_social_security_number(text: str) -> bool:
    """A French social-security number (NIR) in any grouping, SIRETs set aside."""
    return guard.has_social_security_number(text)


def find_identifiers(text):
    """What in `text` must not be saved: a list of French messages (identifiers refused,
    then health mentions to rephrase)."""
    return guard.messages(text)
