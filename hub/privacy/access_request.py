"""The right of access: what the hub keeps about one person, as one JSON document.

The person is found as the erasure finds them (`hub.privacy.erasure.find_person`: the
accounts and requests of an address, the login logs under its usernames), so that what
a person may download is what an erasure would remove. Then, for each place the privacy
page lists: the account (profile, groups, referent roles, second-factor devices without
their secrets), the account requests, the accreditation journal and Wagtail's log
entries by them or about them, django-axes' login logs, the error reports they signed
with their address, and the directory contacts that carry their address.

Nothing about another person goes in: a journal entry by someone else says « une autre
personne »; a referent's note about someone else is left out; the label of an account,
request, contact or report that is not theirs becomes its kind and number. Contacts are
matched by address only: a role that happens to be their name may be a namesake's.

The error reports and the contacts are the directory's: their sections come from the
holders it registers (hub/privacy/holders.py).
"""

from __future__ import annotations

import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import registry as log_actions

from hub.accounts.models import (
    AccountProfile,
    AccreditationEvent,
    AccreditationRequest,
    PartnerFamily,
)
from hub.privacy.erasure import Person, by_model, find_person, login_logs_of
from hub.privacy.holders import personal_data
from hub.privacy.redaction import is_audit_model

Action = AccreditationEvent.Action
# Journal entries whose detail speaks of the person concerned only (a refusal's reason, the
# previous expiry...). A hand-over's detail names the other referent: left out.
DETAIL_ABOUT_SUBJECT = {
    Action.REQUESTED,
    Action.APPROVED,
    Action.REFUSED,
    Action.RENEWED,
    Action.EXPIRED,
    Action.REVOKED,
}


# --- Finding the person ------------------------------------------------------------------------


def _only_their_contacts(person: Person) -> Person:
    addresses = set(person.needles.emails)
    holders = [holder for holder in personal_data() if holder.model]

    def address(contact):
        holder = next(h for h in holders if isinstance(contact, h.model))
        return holder.card(contact).email.strip().lower()

    person.contacts = [c for c in person.contacts if address(c) in addresses]
    return person


def person_for_user(user) -> Person:
    """The logged-in person: their own account only, and what carries their address."""
    address = user.email or (user.get_username() if "@" in user.get_username() else "")
    person = find_person(email=address or None)
    person.users = [user]
    return _only_their_contacts(person)


def person_for_email(email: str) -> Person:
    """A request received by e-mail: every account and request of that address."""
    return _only_their_contacts(find_person(email=email))


def is_found(person: Person) -> bool:
    return bool(
        person.users
        or person.requests
        or person.contacts
        or any(holder.rows_of(person) for holder in personal_data())
        or any(rows.exists() for rows in login_logs_of(person).values())
    )


# --- Each section ------------------------------------------------------------------------------


def _group(group) -> dict:
    kind = _("autre groupe")
    if hasattr(group, "partner_family"):
        kind = _("famille de partenaires")
    elif hasattr(group, "coordination_instance"):
        kind = _("instance de coordination")
    return {"nom": group.name, "type": kind}


def _second_factor(user) -> list[dict]:
    """Which devices, never their keys nor their codes."""
    from django_otp import devices_for_user

    devices = []
    for device in devices_for_user(user, confirmed=None):
        entry = {"type": _("application d'authentification"), "nom": device.name}
        if hasattr(device, "token_set"):
            entry["type"] = _("codes de secours")
            entry["codes_de_secours_restants"] = device.token_set.count()
        entry["confirme"] = device.confirmed
        devices.append(entry)
    return devices


def _account(user) -> dict:
    profile = AccountProfile.objects.filter(user=user).first()
    groups = user.groups.select_related("partner_family", "coordination_instance")
    roles = []
    if user.is_superuser:
        roles.append(_("administrateur du hub"))
    if user.is_staff:
        roles.append(_("accès à l'administration"))
    referent_of = PartnerFamily.objects.filter(referent=user).order_by("sort_order")
    roles += [_("référent de la famille « %(name)s »") % {"name": f.name} for f in referent_of]
    return {
        "identifiant": user.get_username(),
        "prenom": user.first_name,
        "nom": user.last_name,
        "adresse_electronique": user.email,
        "inscrit_le": user.date_joined,
        "derniere_connexion": user.last_login,
        "actif": user.is_active,
        "profil": profile
        and {
            "organisation": profile.organisation,
            "fonction": profile.job_role,
            "accreditation_valable_jusqu_au": profile.expires_on,
            "derniere_revue": profile.last_reviewed_on,
        },
        "groupes": [_group(group) for group in groups.order_by("name")],
        "roles": roles,
        "second_facteur": _second_factor(user),
    }


def _request(request) -> dict:
    return {
        "recue_le": request.created_at,
        "prenom": request.first_name,
        "nom": request.last_name,
        "adresse_electronique": request.email,
        "organisation": request.organisation,
        "fonction": request.job_role,
        "famille": request.family.name,
        "motif_de_la_demande": request.motivation,
        "statut": request.get_status_display(),
        "decidee_le": request.decided_at,
        "motif_de_la_decision": request.reason,
    }


def _accreditation_journal(person: Person) -> list[dict]:
    users = {user.pk for user in person.users}
    requests = {request.pk for request in person.requests}
    events = (
        AccreditationEvent.objects.filter(
            Q(actor__in=users) | Q(subject__in=users) | Q(request__in=requests)
        )
        .select_related("family")
        .order_by("created_at", "pk")
    )
    rows = []
    for event in events:
        concerned = event.subject_id in users or event.request_id in requests
        by_them = event.actor_id in users
        roles = [_("auteur")] if by_them else []
        roles += [_("personne concernée")] if concerned else []
        if by_them:
            actor = _("vous")
        elif event.actor_id:
            actor = _("une autre personne (référent ou administrateur)")
        else:
            actor = _("le hub, automatiquement") if event.action != Action.REQUESTED else None
        about_them = concerned and event.action in DETAIL_ABOUT_SUBJECT
        own_export = by_them and event.action == Action.EXPORTED
        rows.append(
            {
                "date": event.created_at,
                "action": event.get_action_display(),
                "famille": event.family.name if event.family else None,
                "votre_role": roles,
                "auteur": actor,
                "detail": event.detail if (about_them or own_export) else None,
                "echeance": event.expires_on if concerned else None,
            }
        )
    return rows


def _objects_of(person: Person) -> dict:
    """{content type id: object ids (as text)} of the rows that are the person's own."""
    owned = {}
    for objects in (person.users, person.requests, *by_model(person.contacts).values()):
        if objects:
            content_type = ContentType.objects.get_for_model(objects[0])
            owned[content_type.pk] = {str(obj.pk) for obj in objects}
    return owned


def _person_models() -> set[int]:
    """Content types whose label may name a person: shown only when the object is theirs."""
    models = [get_user_model(), AccountProfile, AccreditationRequest]
    models += [holder.model for holder in personal_data() if holder.model]
    return {ContentType.objects.get_for_model(model).pk for model in models}


def _log_entries(person: Person) -> list[dict]:
    users = {user.pk for user in person.users}
    owned = _objects_of(person)
    personal = _person_models()
    about = Q(pk__in=[])
    for content_type, ids in owned.items():
        about |= Q(content_type_id=content_type, object_id__in=ids)
    rows = []
    for model in apps.get_models():
        if not is_audit_model(model) or model is AccreditationEvent:
            continue
        condition = Q(user_id__in=users)
        if any(field.name == "object_id" for field in model._meta.fields):
            condition |= about
        entries = model._base_manager.filter(condition).select_related("content_type")
        for entry in entries:
            object_id = str(getattr(entry, "object_id", getattr(entry, "page_id", "")))
            theirs = object_id in owned.get(entry.content_type_id, ())
            kind = entry.content_type.name if entry.content_type else ""
            label = entry.label
            if entry.content_type_id in personal and not theirs:
                label = f"{kind} n° {object_id}"
            rows.append(
                {
                    "date": entry.timestamp,
                    "action": str(log_actions.get_action_label(entry.action)),
                    "type_d_objet": kind,
                    "objet": label,
                    "auteur": _("vous")
                    if entry.user_id in users
                    else (_("une autre personne") if entry.user_id else _("le hub")),
                }
            )
    return sorted(rows, key=lambda row: row["date"])


def _login_logs(person: Person) -> dict:
    logs = login_logs_of(person)
    by_name = {model.__name__: rows.order_by("attempt_time", "pk") for model, rows in logs.items()}
    return {
        "connexions": [
            {
                "date": row.attempt_time,
                "deconnexion": row.logout_time,
                "adresse_ip": row.ip_address,
                "navigateur": row.user_agent,
                "page": row.path_info,
            }
            for row in by_name["AccessLog"]
        ],
        "echecs": [
            {
                "date": row.attempt_time,
                "adresse_ip": row.ip_address,
                "navigateur": row.user_agent,
                "page": row.path_info,
                "compte_bloque": row.locked_out,
            }
            for row in by_name["AccessFailureLog"]
        ],
        # The lockout counters; what was typed (GET and POST data) is left out.
        "compteurs_de_blocage": [
            {
                "date": row.attempt_time,
                "adresse_ip": row.ip_address,
                "navigateur": row.user_agent,
                "echecs": row.failures_since_start,
            }
            for row in by_name["AccessAttempt"]
        ],
    }


# --- The document ------------------------------------------------------------------------------


def build(person: Person, *, now=None) -> dict:
    """Every section, even empty ones: the person sees where the hub looked."""
    now = now or timezone.now()
    document = {
        "document": {
            "titre": _("Vos données personnelles conservées par Maillage"),
            "produit_le": now,
            "adresses_electroniques": sorted(person.needles.emails),
            "note": _(
                "Ce document contient ce que le hub conserve sur vous : votre compte, vos "
                "demandes de compte, les journaux qui vous concernent, vos connexions, vos "
                "signalements d'erreur et les contacts de l'annuaire à votre adresse. Les "
                "autres personnes n'y sont jamais nommées."
            ),
        },
        "comptes": [_account(user) for user in person.users],
        "demandes_de_compte": [
            _request(r) for r in sorted(person.requests, key=lambda r: (r.created_at, r.pk))
        ],
        "journal_des_accreditations": _accreditation_journal(person),
        "journal_des_modifications": _log_entries(person),
        "journaux_de_connexion": _login_logs(person),
    }
    # The apps' sections: error reports, then directory contacts.
    for holder in personal_data():
        if holder.section:
            document[holder.section] = [holder.export(row) for row in holder.rows_of(person)]
    return document


def as_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def filename(today=None) -> str:
    today = today or timezone.localdate()
    return f"mes-donnees-maillage-{today.isoformat()}.json"


def counts(data: dict) -> list[tuple[str, int]]:
    """What the document holds, section by section, for the administrator's page."""
    logs = data["journaux_de_connexion"]
    return [
        (_("Comptes"), len(data["comptes"])),
        (_("Demandes de compte"), len(data["demandes_de_compte"])),
        (_("Journal des accréditations"), len(data["journal_des_accreditations"])),
        (_("Journal des modifications"), len(data["journal_des_modifications"])),
        (_("Journaux de connexion"), sum(len(rows) for rows in logs.values())),
        *[
            (str(holder.label), len(data.get(holder.section, [])))
            for holder in personal_data()
            if holder.section
        ],
    ]
