"""Vocabularies of the directory: data·inclusion's own (schema v1) and the local ones.

The directory speaks data·inclusion (https://www.data.inclusion.beta.gouv.fr): the
thématiques, types de service, publics, modes d'accueil and frais of a structure or a
service are stored as lists of the schema's codes, so that an export validates with the
official `data-inclusion-schema` models. Where the schema has no value for our world
(bailleur social, CLSM, GEM, équipe mobile...), the local `OrganisationKind` says it, and
is never exported as a data·inclusion code.

`CodeListField(vocabulary=...)` stores a JSON list of codes of one of these vocabularies,
checks it (a French message names the unknown code) and shows checkboxes to editors.
"""

from __future__ import annotations

import re

from data_inclusion.schema import v1
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """Local vocabulary: what kind of structure this is, in the partners' own words."""

    LANDLORD = "bailleur-social", _("Bailleur social")
    LANDLORD_ASSOCIATION = "association-bailleurs", _("Association de bailleurs sociaux")
    HOSPITAL = "hopital", _("Hôpital / centre hospitalier (CH)")
    CMP = "cmp", _("Centre médico-psychologique (CMP)")
    MOBILE_TEAM = "equipe-mobile", _("Équipe mobile")
    ASSOCIATION = "association", _("Association")
    LOCAL_AUTHORITY = "collectivite", _("Collectivité")
    STATE = "etat", _("Service de l'État")
    HOUSING_OPERATOR = "logement-accompagne", _("Opérateur de logement accompagné")
    USERS_FAMILIES = "usagers-familles", _("Association d'usagers ou de familles")
    GEM = "gem", _("Groupe d'entraide mutuelle (GEM)")
    OTHER = "autre", _("Autre")


def _choices(enum) -> list[tuple[str, str]]:
    # The schema's enums carry codes only; their labels are the codes made readable.
    return [(member.value, member.value.replace("--", " : ").replace("-", " ")) for member in enum]


# data·inclusion schema v1 vocabularies, as {code: label} for forms and validation.
THEMATIQUES = dict(_choices(v1.Thematique))
TYPES_SERVICE = dict(_choices(v1.TypeService))
PUBLICS = dict(_choices(v1.Public))
MODES_ACCUEIL = dict(_choices(v1.ModeAccueil))
FRAIS = dict(_choices(v1.Frais))
RESEAUX_PORTEURS = dict(_choices(v1.ReseauPorteur))

_INSEE_CODE = re.compile(r"\d[\dAB]\d{3}")

# The top level of the thématiques ("sante" for "sante--sante-mentale"), in French: the
# directory's "thématique" facet shows these.
CATEGORIES = {
    "choisir-un-metier": _("Choisir un métier"),
    "creer-une-entreprise": _("Créer une entreprise"),
    "difficultes-administratives-ou-juridiques": _("Difficultés administratives ou juridiques"),
    "difficultes-financieres": _("Difficultés financières"),
    "equipement-et-alimentation": _("Équipement et alimentation"),
    "famille": _("Famille"),
    "lecture-ecriture-calcul": _("Lecture, écriture, calcul"),
    "logement-hebergement": _("Logement, hébergement"),
    "mobilite": _("Mobilité"),
    "numerique": _("Numérique"),
    "preparer-sa-candidature": _("Préparer sa candidature"),
    "remobilisation": _("Remobilisation"),
    "sante": _("Santé"),
    "se-former": _("Se former"),
    "souvrir-a-linternational": _("S'ouvrir à l'international"),
    "trouver-un-emploi": _("Trouver un emploi"),
}
assert set(CATEGORIES) == {member.value for member in v1.Categorie}

# data·inclusion's publics, in French.
PUBLIC_LABELS = {
    "tous-publics": _("Tous publics"),
    "actifs": _("Actifs"),
    "beneficiaires-des-minimas-sociaux": _("Bénéficiaires des minima sociaux"),
    "demandeurs-emploi": _("Demandeurs d'emploi"),
    "etudiants": _("Étudiants"),
    "familles": _("Familles"),
    "femmes": _("Femmes"),
    "jeunes": _("Jeunes"),
    "personnes-en-situation-de-handicap": _("Personnes en situation de handicap"),
    "personnes-en-situation-durgence": _("Personnes en situation d'urgence"),
    "personnes-en-situation-juridique-specifique": _("Personnes en situation juridique spécifique"),
    "personnes-exilees": _("Personnes exilées"),
    "residents-qpv-frr": _("Résidents QPV ou FRR"),
    "seniors": _("Seniors"),
}
assert set(PUBLIC_LABELS) == {member.value for member in v1.Public}


def category_of(thematique: str) -> str:
    """ "sante--sante-mentale" -> "sante"."""
    return thematique.split("--", 1)[0]


VOCABULARIES = {
    "thematiques": THEMATIQUES,
    "types": TYPES_SERVICE,
    "publics": PUBLICS,
    "modes_accueil": MODES_ACCUEIL,
    "frais": FRAIS,
    "reseaux_porteurs": RESEAUX_PORTEURS,
}


@deconstructible
class CodesValidator:
    """A JSON value must be a list of codes of one vocabulary (by name, see VOCABULARIES),
    or of INSEE codes when `vocabulary` is "insee"."""

    def __init__(self, vocabulary: str):
        self.vocabulary = vocabulary

    def __call__(self, value):
        if value in (None, ""):
            return
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            raise ValidationError(
                _('Saisissez une liste de codes, par exemple ["sante--sante-mentale"].'),
                code="not_a_list",
            )
        if self.vocabulary == "insee":
            unknown = [code for code in value if not _INSEE_CODE.fullmatch(code)]
            message = _("Code INSEE invalide : %(codes)s.")
        else:
            allowed = VOCABULARIES[self.vocabulary]
            unknown = [code for code in value if code not in allowed]
            message = _("Code inconnu du référentiel data·inclusion : %(codes)s.")
        if unknown:
            raise ValidationError(
                message, code="unknown_code", params={"codes": ", ".join(unknown)}
            )

    def __eq__(self, other):
        return isinstance(other, CodesValidator) and other.vocabulary == self.vocabulary


# French phone numbers: 10 digits starting with 0, or +33 then 9 digits; spaces, dots or
# hyphens between pairs are allowed ("01 99 00 12 34", "+33 1 99 00 12 34").
FRENCH_PHONE = RegexValidator(
    r"^(?:0[1-9]|\+33 ?[1-9])(?:[ .-]?\d{2}){4}$",
    _(
        "Saisissez un numéro de téléphone français : 10 chiffres commençant par 0, ou +33 "
        "suivi de 9 chiffres (par exemple 01 99 00 12 34 ou +33 1 99 00 12 34)."
    ),
    code="invalid_phone",
)

SIRET = RegexValidator(
    r"^\d{14}$", _("Un numéro SIRET compte exactement 14 chiffres."), code="invalid_siret"
)


class CodeListFormField(forms.TypedMultipleChoiceField):
    """Editors tick codes in a list of checkboxes rather than typing JSON."""

    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        return value or []


class InseeCodesFormField(forms.CharField):
    """INSEE codes typed as a list separated by spaces or commas: "57463 57480"."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return " ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [code for code in re.split(r"[\s,;]+", text.upper()) if code]


class CodeListField(models.JSONField):
    """A JSON list of codes of one vocabulary (see VOCABULARIES, or "insee"), validated,
    and edited as checkboxes (or as text for INSEE codes)."""

    def __init__(self, *args, vocabulary: str = "thematiques", **kwargs):
        self.vocabulary = vocabulary
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [CodesValidator(vocabulary)])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["vocabulary"] = self.vocabulary
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        common = {
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
        }
        if self.vocabulary == "insee":
            return InseeCodesFormField(**common)
        return CodeListFormField(choices=sorted(VOCABULARIES[self.vocabulary].items()), **common)
