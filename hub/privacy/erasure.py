"""Erasing a person: an account and its requests (by e-mail address), or a directory
contact (by id), and every copy the hub keeps of them.

`erase_person()` first finds the person and plans (nothing is written; `dry_run` stops
there), then applies the plan in one transaction:

- the rows go: the account (with what Django deletes with it: profile, second-factor
  devices, comments...), the requests, the contacts (with their revisions), and the
  login logs of django-axes under the person's username or address;
- the journals stay, pseudonymised: an event about the account says « personne effacée
  #1a2b3c4d » (a hash of the address, the same in the register);
- every other text that names them (pages, page revisions, frozen editions, error
  reports...) has the name, address or number replaced by « [effacé] ": history is kept,
  the person is not (hub.privacy.redaction);
- derived copies are rebuilt: the search documents of what changed, Wagtail's admin
  index, the PDF cache, the anonymous page cache;
- the register of erasures records the hashes, for restores (hub.privacy.register).

Refused, with nothing changed: a person who is found nowhere, and the referent of a
partner family (the role must be handed over first).

The contacts, and the derived copies, belong to apps above hub: they are reached through
the holders they register (hub/privacy/holders.py).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.db.models.deletion import Collector
from wagtail.models import ModelLogEntry

from hub.accounts.models import AccreditationEvent, AccreditationRequest, PartnerFamily
from hub.privacy import derived, register
from hub.privacy.holders import personal_data
from hub.privacy.models import ErasureRecord
from hub.privacy.redaction import Needles, apply_changes, is_audit_model, sweep

logger = logging.getLogger("maillage.privacy")
Kind = ErasureRecord.Kind


class ErasureError(Exception):
    """The erasure is refused; the message (French, one line) says why. Nothing changed."""


@dataclass
class Person:
    asked: str
    users: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    # Rows that are the person, from the apps' holders: the directory's contacts.
    contacts: list = field(default_factory=list)
    needles: Needles = field(default_factory=Needles)
    # Looked for only in the rows about the erased objects (a role, a username).
    literals: frozenset = frozenset()
    identifiers: set = field(default_factory=set)

    @property
    def usernames(self) -> set[str]:
        names = {user.get_username().lower() for user in self.users}
        return names | set(self.needles.emails)

    @property
    def digest(self) -> str:
        """The hash of the address asked for (else of another address, else of a number):
        the pseudonym in the journals, the key of the register."""
        emails = sorted(value for kind, value in self.identifiers if kind == Kind.EMAIL)
        phones = sorted(value for kind, value in self.identifiers if kind == Kind.PHONE)
        if emails:
            value = self.asked if self.asked in emails else emails[0]
            return register.identifier_hash(Kind.EMAIL, value)
        if phones:
            return register.identifier_hash(Kind.PHONE, phones[0])
        return register.identifier_hash(Kind.EMAIL, self.asked)

    @property
    def pseudonym(self) -> str:
        return register.pseudonym(self.digest)


@dataclass
class Plan:
    person: Person
    deleted: dict = field(default_factory=dict)  # {model: set of pks}, cascades included
    login_logs: dict = field(default_factory=dict)  # {axes model: [pks]}
    changes: dict = field(default_factory=dict)  # {model: {pk: {field: new value}}}
    derived: list = field(default_factory=list)  # ErasurePart of each derived copy

    @property
    def contact_ids(self) -> set[int]:
        return {contact.pk for contact in self.person.contacts}

    def is_empty(self) -> bool:
        return not (
            self.deleted
            or any(self.login_logs.values())
            or self.changes
            or any(part.names_person() for part in self.derived)
        )

    def lines(self) -> list[str]:
        """What the erasure touches, in French, one line per kind."""
        person = self.person
        lines = [
            f"Personne : {person.pseudonym} ({len(person.users)} compte(s), "
            f"{len(person.requests)} demande(s), {len(person.contacts)} contact(s))"
        ]
        if self.deleted:
            lines.append("Lignes supprimées : " + _counted(self.deleted))
        logs = sum(len(pks) for pks in self.login_logs.values())
        if logs:
            lines.append(f"Journaux de connexion supprimés : {logs}")
        audit = {m: rows for m, rows in self.changes.items() if is_audit_model(m)}
        texts = {m: rows for m, rows in self.changes.items() if not is_audit_model(m)}
        if audit:
            lines.append(f"Journaux pseudonymisés (« {person.pseudonym} ») : " + _counted(audit))
        if texts:
            lines.append("Textes caviardés (« [effacé] ») : " + _counted(texts))
        lines += [line for part in self.derived if (line := part.line())]
        lines.append("Caches vidés : " + ", ".join(derived.cache_labels()))
        lines.append(f"Registre des effacements : {len(person.identifiers)} empreinte(s)")
        return lines


def _counted(by_model) -> str:
    return ", ".join(
        f"{model._meta.verbose_name} ({len(rows)})"
        for model, rows in sorted(by_model.items(), key=lambda item: item[0]._meta.label)
    )


def by_model(objects) -> dict:
    """{model: [its objects]}, in the order they come."""
    grouped = defaultdict(list)
    for obj in objects:
        grouped[type(obj)].append(obj)
    return dict(grouped)


# --- Finding the person ------------------------------------------------------------------------


def _full_name(first, last) -> str | None:
    name = " ".join(f"{first or ''} {last or ''}".split())
    # One word (« Martin ») would redact every Martin of the site: only full names.
    return name if len(name.split()) >= 2 else None


def find_person(*, email=None, contact_ids=(), names=()) -> Person:
    User = get_user_model()
    email = register.normalised(Kind.EMAIL, email or "")
    person = Person(asked=email or ", ".join(f"contact {pk}" for pk in contact_ids))
    holders = personal_data()
    for pk in contact_ids:
        contact = next((c for h in holders if (c := h.contact(pk)) is not None), None)
        if contact is None:
            raise ErasureError(f"Aucun contact n'a l'identifiant {pk} : rien n'a été effacé.")
        person.contacts.append(contact)
    cards = {}  # contact -> Card, from its holder

    def card(contact):
        if contact not in cards:
            holder = next(h for h in holders if h.model and isinstance(contact, h.model))
            cards[contact] = holder.card(contact)
        return cards[contact]

    emails = {email} | {card(c).email.strip().lower() for c in person.contacts}
    emails.discard("")
    if emails:
        by_address = Q()
        for address in emails:
            by_address |= Q(email__iexact=address)
        person.users = list(
            User.objects.filter(by_address | Q(username__in=sorted(emails))).order_by("pk")
        )
        person.requests = list(AccreditationRequest.objects.filter(by_address).order_by("pk"))
        known = set(person.contacts)
        for holder in holders:
            person.contacts += [c for c in holder.contacts_with_emails(emails) if c not in known]
    full_names = {_full_name(*name.split(" ", 1)) if " " in name else None for name in names}
    full_names |= {_full_name(u.first_name, u.last_name) for u in person.users}
    full_names |= {_full_name(r.first_name, r.last_name) for r in person.requests}
    full_names.discard(None)
    by_name = Needles(names=frozenset(full_names))
    if by_name:
        # A contact whose role is the person's name is the person's contact.
        known = set(person.contacts)
        for holder in holders:
            person.contacts += [c for c in holder.contacts_named(by_name) if c not in known]
    emails |= {card(c).email.strip().lower() for c in person.contacts if card(c).email}
    emails |= {u.email.strip().lower() for u in person.users if u.email}
    emails |= {r.email.strip().lower() for r in person.requests}
    emails.discard("")
    phones = {card(c).phone for c in person.contacts if card(c).phone}
    person.needles = Needles(
        names=frozenset(full_names), emails=frozenset(emails), phones=frozenset(phones)
    )
    person.literals = frozenset(
        {card(c).label for c in person.contacts} | {u.get_username() for u in person.users}
    )
    person.identifiers = {(Kind.EMAIL, e) for e in emails} | {(Kind.PHONE, p) for p in phones}
    return person


def _refuse_referents(person: Person) -> None:
    families = PartnerFamily.objects.filter(referent__in=person.users).order_by("sort_order")
    if families:
        raise ErasureError(
            f"Cette personne est référente de la famille « {families[0].name} » : transmettez "
            "d'abord le rôle à un autre membre, puis recommencez. Rien n'a été effacé."
        )


# --- Planning --------------------------------------------------------------------------------


def _deleted(person: Person, using) -> dict:
    collector = Collector(using=using, origin=None)
    try:
        # One model at a time: the collector takes a list of one model's rows.
        for objects in (person.users, person.requests, *by_model(person.contacts).values()):
            if objects:
                collector.collect(objects)
    except (ProtectedError, RestrictedError) as error:
        blocking = sorted({obj._meta.verbose_name for obj in error.args[1]})
        raise ErasureError(
            "Effacement impossible, des lignes protégées en dépendent : "
            + ", ".join(map(str, blocking))
            + ". Rien n'a été effacé."
        ) from None
    deleted = defaultdict(set)
    for model, instances in collector.data.items():
        deleted[model] |= {obj.pk for obj in instances}
    for queryset in collector.fast_deletes:
        deleted[queryset.model] |= set(queryset.values_list("pk", flat=True))
    return {model: pks for model, pks in deleted.items() if pks}


def login_logs_of(person: Person) -> dict:
    """{axes model: queryset} of django-axes' rows under the person's usernames or
    addresses: what the erasure deletes, and what the right of access shows."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    by_username = Q(pk__in=[])
    for username in person.usernames:
        by_username |= Q(username__iexact=username)
    return {
        model: model.objects.filter(by_username)
        for model in (AccessAttempt, AccessLog, AccessFailureLog)
    }


def _login_logs(person: Person) -> dict:
    return {
        model: list(rows.values_list("pk", flat=True))
        for model, rows in login_logs_of(person).items()
    }


def _pseudonymise_journals(person: Person, changes) -> None:
    """Journal rows about the erased account, requests and contacts: the event stays,
    who it was becomes the pseudonym."""
    name = person.pseudonym
    users = {u.pk for u in person.users}
    requests = {r.pk for r in person.requests}
    events = AccreditationEvent.objects.filter(
        Q(actor__in=users) | Q(subject__in=users) | Q(request__in=requests)
    )
    for event in events:
        notes = [
            label
            for label, hit in (
                ("auteur", event.actor_id in users),
                ("compte concerné", event.subject_id in users),
                ("demande", event.request_id in requests),
            )
            if hit
        ]
        row = changes[AccreditationEvent][event.pk]
        detail = row.get("detail", event.detail)
        row["detail"] = f"{detail} [{' ; '.join(notes)} : {name}]".strip()
    scoped = person.needles | Needles(literals=person.literals)
    for objects in (person.users, person.requests, *by_model(person.contacts).values()):
        if not objects:
            continue
        content_type = ContentType.objects.get_for_model(objects[0])
        entries = ModelLogEntry.objects.filter(
            content_type=content_type, object_id__in=[str(obj.pk) for obj in objects]
        )
        for entry in entries:
            row = changes[ModelLogEntry][entry.pk]
            row["label"] = name
            data = scoped.redact_json(row.get("data", entry.data), name)
            if data != entry.data:
                row["data"] = data


def plan_erasure(person: Person, *, replay=False, using=DEFAULT_DB_ALIAS) -> Plan:
    if not replay:
        _refuse_referents(person)
    plan = Plan(person=person)
    plan.deleted = _deleted(person, using)
    plan.login_logs = _login_logs(person)
    gone = {**plan.deleted, **{model: set(pks) for model, pks in plan.login_logs.items()}}
    changes = sweep(person.needles, pseudonym=person.pseudonym, skip=gone, using=using)
    _pseudonymise_journals(person, changes)
    plan.changes = {model: dict(rows) for model, rows in changes.items() if rows}
    plan.derived = derived.plan_erasure(plan.changes, person.needles)
    return plan


# --- Applying --------------------------------------------------------------------------------


def apply_plan(plan: Plan, *, actor=None, replay=False, using=DEFAULT_DB_ALIAS) -> None:
    person = plan.person
    with transaction.atomic(using=using):
        if replay:
            # A restored archive named them referent again: the family waits for a new one.
            PartnerFamily.objects.filter(referent__in=person.users).update(referent=None)
        # Journals and texts first: the rows they speak of still exist.
        apply_changes(plan.changes, using)
        for model, pks in plan.login_logs.items():
            model.objects.using(using).filter(pk__in=pks).delete()
        for model, objects in (
            (get_user_model(), person.users),
            (AccreditationRequest, person.requests),
            *by_model(person.contacts).items(),
        ):
            model.objects.using(using).filter(pk__in=[obj.pk for obj in objects]).delete()
        for part in plan.derived:
            part.apply(person.needles)
        derived.refresh_admin_index(plan.changes, person.needles)
        register.record(person.identifiers, actor=actor)
    derived.empty_caches()
    logger.info("Effacement : %s", " ; ".join(plan.lines()))


def erase_person(
    *, email=None, contact_ids=(), names=(), actor=None, dry_run=False, replay=False
) -> Plan:
    """Erase the person with this address and/or these contacts (see the module's
    docstring). With `dry_run`, only plan and return the plan. ErasureError (French, one
    line) when there is nobody to erase or the erasure is refused; nothing changes then."""
    if not email and not contact_ids:
        raise ErasureError("Indiquez une adresse électronique ou un contact à effacer.")
    person = find_person(email=email, contact_ids=contact_ids, names=names)
    plan = plan_erasure(person, replay=replay)
    if plan.is_empty():
        raise ErasureError(
            f"Personne à effacer introuvable : aucun compte, aucune demande, aucun contact "
            f"ni aucun texte pour « {person.asked} ». Rien n'a été modifié."
        )
    if not dry_run:
        apply_plan(plan, actor=actor, replay=replay)
    return plan
