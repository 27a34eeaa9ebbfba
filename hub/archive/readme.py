"""`LISEZMOI.txt`: what the archive is, when and by whom it was made, in plain French."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub.archive.plan import FORMAT_VERSION


def username(user):
    return user.get_username() if getattr(user, "is_authenticated", False) else ""


def display_name(user):
    """« Prénom Nom (identifiant) », or the login alone."""
    login = username(user)
    full_name = user.get_full_name().strip() if login else ""
    return f"{full_name} ({login})" if full_name else login


def readme(plan, now, summary_pages, summary_documents, missing):
    who = display_name(plan.user)
    lines = [
        _("Mémoire de projet : espace « %(title)s »") % {"title": plan.space.title},
        "",
        _(
            "Cette archive est une copie, figée à la date de l'export, de l'espace "
            "partenaires « %(title)s » du hub Maillage : ses pages (réunions, ordres du jour "
            "et comptes rendus, groupes de travail, bibliothèques) et ses documents."
        )
        % {"title": plan.space.title},
        "",
        _("Exportée le : %(date)s") % {"date": date_format(timezone.localtime(now), "j F Y à H:i")},
        _("Exportée par : %(who)s") % {"who": who},
        "",
        _(
            "Elle ne contient QUE ce que cette personne pouvait voir sur le hub au moment de "
            "l'export. D'autres pages ou documents de l'espace peuvent exister, réservés à "
            "d'autres familles de partenaires ou instances : ils n'y figurent pas, même sous "
            "forme de titre."
        ),
        "",
        _("Contenu :"),
        _("- index.html : la table des matières ; ouvrez-la dans un navigateur ;"),
        _("- pages/ : une page HTML par page de l'espace (%(count)d) ;") % {"count": summary_pages},
        _("- documents/ : les fichiers déposés (%(count)d) ;") % {"count": summary_documents},
        _("- data.json : les mêmes contenus, lisibles par un programme (format %(version)d).")
        % {"version": FORMAT_VERSION},
    ]
    if missing:
        lines += [
            "",
            ngettext(
                "Attention : %(count)d fichier était introuvable sur le serveur ; il est "
                "signalé dans data.json (« missing »).",
                "Attention : %(count)d fichiers étaient introuvables sur le serveur ; ils sont "
                "signalés dans data.json (« missing »).",
                missing,
            )
            % {"count": missing},
        ]
    lines += [
        "",
        _(
            "Ces contenus restent soumis aux règles du hub : ne les diffusez pas au-delà des "
            "personnes qui y ont accès. Ils ne contiennent aucune donnée de santé nominative."
        ),
        "",
    ]
    return "\r\n".join(lines)
