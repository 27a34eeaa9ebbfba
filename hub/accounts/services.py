"""The business rules of accreditation, one import for the views and forms.

The rules themselves are split by concern: `rules` (errors, who manages which family),
`identifiers` (no tenant or patient identifiers in free text), `account_requests`
(submit, approve, refuse), `membership` (renew, revoke, hand over), `review` (the
periodic review). Read `hub/accounts/rules.py` for the list of rules.
"""

from hub.accounts.account_requests import (
    approve_request,
    email_problem,
    password_set_url,
    refuse_request,
    submit_request,
)
from hub.accounts.identifiers import find_identifiers, has_social_security_number
from hub.accounts.membership import (
    hand_over,
    handover_candidates,
    renew_accreditation,
    revoke_membership,
)
from hub.accounts.review import ReviewSummary, review_accreditations
from hub.accounts.rules import (
    EXPIRY_WARNING_DAYS,
    AccreditationError,
    Action,
    AlreadyDecided,
    DuplicateRequest,
    Outcome,
    Status,
    accreditation_days,
    can_manage,
    families_referred_by,
    family_members,
    hub_url,
    is_referent,
    normalise_email,
    referent_recipients,
)

__all__ = [
    "EXPIRY_WARNING_DAYS",
    "AccreditationError",
    "Action",
    "AlreadyDecided",
    "DuplicateRequest",
    "Outcome",
    "ReviewSummary",
    "Status",
    "accreditation_days",
    "approve_request",
    "can_manage",
    "email_problem",
    "families_referred_by",
    "family_members",
    "find_identifiers",
    "hand_over",
    "handover_candidates",
    "has_social_security_number",
    "hub_url",
    "is_referent",
    "normalise_email",
    "password_set_url",
    "referent_recipients",
    "refuse_request",
    "renew_accreditation",
    "review_accreditations",
    "revoke_membership",
    "submit_request",
]
